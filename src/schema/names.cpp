#include "schema/names.hpp"

#include <algorithm>

namespace dbm::schema {

std::string renamed(const NameMap& renames, const std::string& name, const SchemaRules& rules) {
    const auto it = renames.find(rules.name_key(name));
    return it == renames.end() ? name : it->second;
}

bool same_names(const std::vector<std::string>& a, const std::vector<std::string>& b, const SchemaRules& rules) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [&](const auto& x, const auto& y) { return rules.same_name(x, y); });
}

bool contains_name(const std::vector<std::string>& names, std::string_view name, const SchemaRules& rules) {
    return std::any_of(names.begin(), names.end(), [&](const std::string& item) { return rules.same_name(item, name); });
}

}  // namespace dbm::schema
