// Items of a schema (tables, columns) found by name through a hash of their name keys
// (SchemaRules::name_key), where a scan would make comparing two schemas quadratic in
// their tables. Built over a vector that does not change while the index is used.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "dbm/schema_rules.hpp"

namespace dbm {

template <typename Item>
class NameIndex {
public:
    NameIndex(const std::vector<Item>& items, const SchemaRules& rules) : items_(items), rules_(rules) {
        positions_.reserve(items.size());
        // Names are unique by the engine's rules; if not, the first one wins, as a scan finds it.
        for (std::size_t i = 0; i < items.size(); ++i) positions_.emplace(rules.name_key(items[i].name), i);
    }

    // The item named `name` by the engine's rules, or none.
    const Item* find(const std::string& name) const {
        const auto it = positions_.find(rules_.name_key(name));
        return it == positions_.end() ? nullptr : &items_[it->second];
    }
    // Its position in the vector, or npos.
    std::size_t position(const Item* item) const { return static_cast<std::size_t>(item - items_.data()); }

private:
    const std::vector<Item>& items_;
    const SchemaRules& rules_;
    std::unordered_map<std::string, std::size_t> positions_;
};

}  // namespace dbm
