#include "schema/ignored_tables.hpp"

#include <fnmatch.h>

#include "dbm/schema_rules.hpp"

namespace dbm::schema {

bool is_ignored_table(const std::string& name, const IntrospectOptions& options, const SchemaRules& rules) {
    for (const auto& skipped : options.skip_tables)
        if (rules.same_name(skipped, name)) return true;
    for (const auto& pattern : options.ignore_patterns)
        if (fnmatch(pattern.c_str(), name.c_str(), 0) == 0) return true;
    return false;
}

}  // namespace dbm::schema
