// Which tables a comparison leaves alone: dbm's own, and those dbm.yaml's ignore_tables
// globs match (SPEC §8), on the database's side and the models' alike.
#pragma once

#include <string>

#include "dbm/database.hpp"

namespace dbm::schema {

// True when a table name is one of dbm's own (names compared by the engine's rules) or
// matches an ignore pattern (fnmatch globs).
bool is_ignored_table(const std::string& name, const IntrospectOptions& options, const SchemaRules& rules);

}  // namespace dbm::schema
