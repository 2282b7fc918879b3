// The live schema of a SQLite database, read through the Connection seam: pragmas for
// what they show (tables, columns, keys, indexes, foreign keys), the CREATE statements in
// sqlite_schema for the rest.
#pragma once

#include <string>
#include <vector>

#include "dbm/database.hpp"
#include "dbm/schema.hpp"

namespace dbm::schema {

// Tables, their indexes and triggers, and views. Virtual tables (and their shadow tables)
// are left out: models cannot declare them.
Schema introspect_sqlite(Connection& connection, const IntrospectOptions& options);

// True when a table name is one of dbm's own or matches an ignore pattern.
bool is_ignored_table(const std::string& name, const IntrospectOptions& options);

}  // namespace dbm::schema
