#include "dbm/schema.hpp"

#include "dbm/schema_rules.hpp"

namespace dbm {

namespace {

// The item named `name` by the engine's rules. Names are unique that way, and usually
// spelt alike: an exact pass first is the cheap way to find them (a 500-table diff looks
// names up about a million times), and right on every engine (the same spelling is the
// same name).
template <typename Item>
const Item* find_named(const std::vector<Item>& items, const std::string& name, const SchemaRules& rules) {
    for (const Item& item : items)
        if (item.name == name) return &item;
    for (const Item& item : items)
        if (rules.same_name(item.name, name)) return &item;
    return nullptr;
}

}  // namespace

const KeyColumnOptions& KeyColumns::options_of(std::size_t i) const {
    static const KeyColumnOptions none;
    return i < options.size() ? options[i] : none;
}

const Column* Table::find_column(const std::string& column_name, const SchemaRules& rules) const {
    return find_named(columns, column_name, rules);
}

const Table* Schema::find_table(const std::string& table_name, const SchemaRules& rules) const {
    return find_named(tables, table_name, rules);
}

}  // namespace dbm
