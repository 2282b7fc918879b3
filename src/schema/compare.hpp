// Schema x Schema -> operations (SPEC §8), names and SQL fragments compared by the
// engine's rules. Pure: no SQL is printed and no database read.
#pragma once

#include <string>
#include <vector>

#include "dbm/schema.hpp"
#include "dbm/operations.hpp"
#include "dbm/schema_rules.hpp"
#include "schema/rename_plan.hpp"

namespace dbm::schema {

// The operations that turn `current` into `wanted`, in an order that can run:
//   drop changed/removed views and triggers, drop changed/removed indexes, rename tables,
//   create tables (foreign-key order), alter tables, create indexes, drop tables
//   (reverse foreign-key order), create views and triggers.
// Renames come only from renamed_from hints (rename_plan.hpp: chains and cycles too, but
// not the `spent` cycles a revision already made); a drop plus an add is never guessed to
// be one.
std::vector<Operation> compare(const Schema& current, const Schema& wanted, const SchemaRules& rules,
                               const std::vector<RenameCycle>& spent = {});

// A removed and an added table with the same columns, or a removed and an added column of
// the same type in one table: perhaps a rename the models do not declare. Never acted on
// (SPEC §7.6); `migrate` says so.
struct PossibleRename {
    std::string table;  // the table (for a table: the removed one)
    std::string from;
    std::string to;
    bool whole_table = false;
};
std::vector<PossibleRename> possible_renames(const std::vector<Operation>& operations, const SchemaRules& rules);

// `models` completed with what they leave alone: the current views and triggers when the
// models declare no such section. (By value: a large schema is moved, not copied.)
// Triggers left alone on a renamed table follow it under the names the engine's RENAME gives.
Schema with_unmanaged(Schema models, const Schema& current, const SchemaRules& rules,
                      const std::vector<RenameCycle>& spent = {});

// InputError at the models file for an operation that cannot keep the existing rows: a
// NOT NULL column without a default added to an existing table.
void check_operations(const std::vector<Operation>& operations, const std::string& models_file);

// Two columns, tables' keys and indexes are the same once normalised (exposed for tests).
// is_row_key_alias: both are the table's row key alias (rules.row_key_alias), which is
// never NULL whatever its declaration says.
bool same_column(const Column& a, const Column& b, bool is_row_key_alias, const SchemaRules& rules);
bool same_index(const Index& a, const Index& b, const SchemaRules& rules);

}  // namespace dbm::schema
