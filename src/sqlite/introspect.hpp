// The live schema of a SQLite database, read through the Connection seam: pragmas for
// what they show (tables, columns, keys and their collations and order, indexes, foreign
// keys, which tables are virtual or shadow tables), the CREATE statements in sqlite_schema
// for the rest.
#pragma once

#include <string>
#include <vector>

#include "dbm/database.hpp"
#include "dbm/error.hpp"
#include "dbm/schema.hpp"

namespace dbm::schema {

// Tables with their indexes, virtual tables, views and triggers. Shadow tables (the ones a
// virtual table's module keeps its data in) are left out: they belong to their module.
Schema introspect_sqlite(Connection& connection, const IntrospectOptions& options);

// A stored CREATE statement that dbm cannot read; says which object, where in its
// statement, and points at ignore_tables.
class UnreadableDefinition : public Error {
public:
    UnreadableDefinition(std::string message, std::string object_name, std::size_t offset)
        : Error(std::move(message)), object_name_(std::move(object_name)), offset_(offset) {}
    const std::string& object_name() const { return object_name_; }
    // Byte offset of the offending token within the object's CREATE statement.
    std::size_t offset() const { return offset_; }

private:
    std::string object_name_;
    std::size_t offset_;
};

}  // namespace dbm::schema
