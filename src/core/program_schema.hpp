// A C++ revision's schema operations (op.add_column, op.rename_table, ...): applied to the
// live schema's model and rendered by the dialect as autogenerate renders a difference, so
// that on SQLite a change ALTER TABLE cannot make is the rebuild that keeps every row.
// The same request is what `migrate --lang cpp` writes as an op call (program_autogenerate).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dbm/database.hpp"
#include "dbm/revision_protocol.hpp"

namespace dbm {

// A column as a revision gives it (dbm::Column of revision.hpp).
struct ProgramColumn {
    std::string name;
    std::string type;  // generic (string(80)) or the engine's declaration
    bool nullable = true;
    bool primary_key = false;
    std::optional<std::string> default_sql;
};

// One schema operation of the C++ API, with the fields its kind uses.
struct SchemaChangeRequest {
    protocol::SchemaChange kind{};
    std::string table;                  // every kind but drop_index
    std::string name;                   // the column (drop, alter, rename from) or index
    std::string to;                     // rename_table, rename_column: the new name
    std::vector<ProgramColumn> columns; // create_table; add_column: exactly one
    std::vector<std::string> index_columns;
    bool unique = false;
    // alter_column: what it changes (unset stays).
    std::optional<std::string> type;
    std::optional<bool> nullable;
    std::optional<std::string> default_sql;
    bool drop_default = false;
};

// The request a protocol::schema_change frame holds (`in` is at its kind byte). Error for
// a malformed one.
SchemaChangeRequest read_schema_change(protocol::Reader& in);

// `schema` as the request leaves it. Error for a request that names what is not there, or
// adds what is.
void apply_schema_change(const SchemaChangeRequest& request, Schema& schema, const SchemaRules& rules);

// The SQL that makes the change to `current`.
std::string render_schema_change(const SchemaChangeRequest& request, const Schema& current, const Dialect& dialect);

}  // namespace dbm
