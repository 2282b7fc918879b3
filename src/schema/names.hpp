// Lists of names and renames, compared by the engine's rules (dbm/schema_rules.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dbm/schema_rules.hpp"

namespace dbm::schema {

// `name` after the renames (as it is when none applies).
std::string renamed(const NameMap& renames, const std::string& name, const SchemaRules& rules);

// The same names in the same order.
bool same_names(const std::vector<std::string>& a, const std::vector<std::string>& b, const SchemaRules& rules);
// `names` holds `name`.
bool contains_name(const std::vector<std::string>& names, std::string_view name, const SchemaRules& rules);

}  // namespace dbm::schema
