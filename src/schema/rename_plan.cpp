#include "schema/rename_plan.hpp"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "dbm/schema_rules.hpp"
#include "util/text.hpp"

namespace dbm::schema {

namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);
constexpr std::string_view marker = "-- dbm rename cycle: ";

template <typename Item>
std::unordered_map<std::string, std::size_t> positions(const std::vector<Item>& items, const SchemaRules& rules) {
    std::unordered_map<std::string, std::size_t> at;
    for (std::size_t i = 0; i < items.size(); ++i) at.emplace(rules.name_key(items[i].name), i);
    return at;
}

// Tables and columns alike: both have a name and maybe a renamed_from.
template <typename Item>
std::vector<std::size_t> follow_hints(const std::vector<Item>& current, const std::vector<Item>& wanted,
                                      const std::string& table, const SchemaRules& rules,
                                      const std::vector<RenameCycle>& spent) {
    // No hint, nothing to follow: most tables, whose positions need not be hashed.
    if (std::none_of(wanted.begin(), wanted.end(), [](const Item& item) { return item.renamed_from.has_value(); }))
        return std::vector<std::size_t>(wanted.size(), npos);
    const auto current_at = positions(current, rules);
    std::vector<std::size_t> source(wanted.size(), npos);
    std::unordered_map<std::size_t, int> uses;
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        const auto& hint = wanted[i].renamed_from;
        if (!hint || rules.same_name(*hint, wanted[i].name)) continue;
        if (const auto found = current_at.find(rules.name_key(*hint)); found != current_at.end()) {
            source[i] = found->second;
            ++uses[found->second];
        }
    }
    for (auto& from : source)
        if (from != npos && uses[from] > 1) from = npos;

    std::vector<std::size_t> taken_by(current.size(), npos);  // current item -> the wanted one renamed from it
    for (std::size_t i = 0; i < wanted.size(); ++i)
        if (source[i] != npos) taken_by[source[i]] = i;
    const auto drop = [&](std::size_t i) {
        taken_by[source[i]] = npos;
        source[i] = npos;
    };
    // The wanted item that must move the current one of i's name away first; npos if the name is free.
    const auto waits_for = [&](std::size_t i) {
        const auto namesake = current_at.find(rules.name_key(wanted[i].name));
        return namesake == current_at.end() ? npos : taken_by[namesake->second];
    };
    const auto name_is_free = [&](std::size_t i) {
        return current_at.find(rules.name_key(wanted[i].name)) == current_at.end() || waits_for(i) != npos;
    };
    for (;;) {
        // A hint is followed only if its name is free once the others have run.
        for (bool changed = true; changed;) {
            changed = false;
            for (std::size_t i = 0; i < wanted.size(); ++i)
                if (source[i] != npos && !name_is_free(i)) {
                    drop(i);
                    changed = true;
                }
        }
        // What is left is chains and cycles; a cycle a revision already made is not made again.
        bool spent_one = false;
        std::vector<int> state(wanted.size(), 0);  // 0 unseen, 1 on the current path, 2 done
        for (std::size_t start = 0; start < wanted.size(); ++start) {
            if (source[start] == npos || state[start]) continue;
            std::vector<std::size_t> path;
            std::size_t at = start;
            while (at != npos && state[at] == 0) {
                state[at] = 1;
                path.push_back(at);
                at = waits_for(at);
            }
            if (at != npos && state[at] == 1) {
                RenameCycle cycle{rules.name_key(table), {}};
                const auto first = std::find(path.begin(), path.end(), at);
                for (auto it = first; it != path.end(); ++it)
                    cycle.renames.emplace_back(rules.name_key(current[source[*it]].name), rules.name_key(wanted[*it].name));
                std::sort(cycle.renames.begin(), cycle.renames.end());
                if (std::find(spent.begin(), spent.end(), cycle) != spent.end()) {
                    for (auto it = first; it != path.end(); ++it) drop(*it);
                    spent_one = true;
                }
            }
            for (const std::size_t visited : path) state[visited] = 2;
        }
        if (!spent_one) return source;
    }
}

// A "quoted" identifier at the start of `text`, consumed; nullopt if there is none.
std::optional<std::string> take_quoted(std::string_view& text) {
    if (text.empty() || text.front() != '"') return std::nullopt;
    std::string name;
    for (std::size_t i = 1; i < text.size(); ++i) {
        if (text[i] != '"') {
            name += text[i];
        } else if (i + 1 < text.size() && text[i + 1] == '"') {
            name += '"';
            ++i;
        } else {
            text.remove_prefix(i + 1);
            return name;
        }
    }
    return std::nullopt;
}

bool take(std::string_view& text, std::string_view word) {
    if (!text.starts_with(word)) return false;
    text.remove_prefix(word.size());
    return true;
}

std::optional<RenameCycle> parse_cycle(std::string_view text, const SchemaRules& rules) {
    RenameCycle cycle;
    if (take(text, "columns of ")) {
        const auto table = take_quoted(text);
        if (!table || !take(text, " ")) return std::nullopt;
        cycle.table = rules.name_key(*table);
    } else if (!take(text, "tables ")) {
        return std::nullopt;
    }
    for (;;) {
        const auto from = take_quoted(text);
        if (!from || !take(text, " -> ")) return std::nullopt;
        const auto to = take_quoted(text);
        if (!to) return std::nullopt;
        cycle.renames.emplace_back(rules.name_key(*from), rules.name_key(*to));
        if (text::trim(text).empty()) break;
        if (!take(text, ", ")) return std::nullopt;
    }
    std::sort(cycle.renames.begin(), cycle.renames.end());
    return cycle;
}

}  // namespace

std::vector<std::size_t> table_rename_sources(const Schema& current, const Schema& wanted, const SchemaRules& rules,
                                              const std::vector<RenameCycle>& spent) {
    return follow_hints(current.tables, wanted.tables, "", rules, spent);
}

std::vector<std::size_t> column_rename_sources(const Table& current, const Table& wanted, const SchemaRules& rules,
                                               const std::vector<RenameCycle>& spent) {
    return follow_hints(current.columns, wanted.columns, wanted.name, rules, spent);
}

void refuse_shared_rename_sources(const Schema& models, const std::string& file, const SchemaRules& rules) {
    const auto refuse = [&](const std::string& what, const std::string& first, const std::string& second,
                            const std::string& from, const ModelLocation& where) {
        throw InputError(fmt::format("{} '{}' and '{}' are both renamed_from '{}': one of them only", what, first, second, from),
                         where.line > 0 ? SourceLocation{file, where.line, where.column} : SourceLocation{file});
    };
    std::unordered_map<std::string, const Table*> tables;
    for (const Table& table : models.tables) {
        if (table.renamed_from) {
            const auto [first, fresh] = tables.emplace(rules.name_key(*table.renamed_from), &table);
            if (!fresh) refuse("tables", first->second->name, table.name, *table.renamed_from, table.declared_at);
        }
        std::unordered_map<std::string, const Column*> columns;
        for (const Column& column : table.columns) {
            if (!column.renamed_from) continue;
            const auto [first, fresh] = columns.emplace(rules.name_key(*column.renamed_from), &column);
            if (!fresh)
                refuse("columns", table.name + "." + first->second->name, table.name + "." + column.name,
                       *column.renamed_from, column.declared_at);
        }
    }
}

bool may_rename_in_cycles(const Schema& models, const SchemaRules& rules) {
    for (const Table& table : models.tables) {
        if (table.renamed_from && models.find_table(*table.renamed_from, rules)) return true;
        for (const Column& column : table.columns)
            if (column.renamed_from && table.find_column(*column.renamed_from, rules)) return true;
    }
    return false;
}

std::string rename_cycle_comment(const std::string& table, const std::vector<std::pair<std::string, std::string>>& renames) {
    std::vector<std::string> items;
    for (const auto& [from, to] : renames) items.push_back(text::quoted(from, '"') + " -> " + text::quoted(to, '"'));
    return std::string(marker) + (table.empty() ? "tables " : "columns of " + text::quoted(table, '"') + " ") +
           text::join(items, ", ");
}

std::vector<RenameCycle> rename_cycles_in(std::string_view sql, const SchemaRules& rules) {
    std::vector<RenameCycle> cycles;
    for (std::size_t at = sql.find(marker); at != std::string_view::npos; at = sql.find(marker, at + 1)) {
        if (at > 0 && sql[at - 1] != '\n') continue;
        std::string_view line = sql.substr(at + marker.size());
        line = line.substr(0, line.find('\n'));
        if (auto cycle = parse_cycle(line, rules)) cycles.push_back(std::move(*cycle));
    }
    return cycles;
}

std::vector<std::pair<std::string, std::string>> rename_steps(
    std::vector<std::pair<std::string, std::string>> renames, const std::vector<std::string>& taken, const SchemaRules& rules,
    std::vector<std::vector<std::pair<std::string, std::string>>>* cycles) {
    if (cycles) {
        // Follow each rename to the one that frees its name; back at the start is a cycle.
        std::vector<bool> seen(renames.size(), false);
        for (std::size_t start = 0; start < renames.size(); ++start) {
            if (seen[start]) continue;
            std::vector<std::size_t> path;
            std::size_t at = start;
            while (at < renames.size() && !seen[at]) {
                seen[at] = true;
                path.push_back(at);
                std::size_t next = renames.size();
                for (std::size_t k = 0; k < renames.size(); ++k)
                    if (rules.same_name(renames[k].first, renames[at].second)) next = k;
                at = next;
            }
            const auto first = std::find(path.begin(), path.end(), at);
            if (at < renames.size() && first != path.end()) {
                auto& cycle = cycles->emplace_back();
                for (auto it = first; it != path.end(); ++it) cycle.push_back(renames[*it]);
            }
        }
    }
    const auto in_use = [&](const std::string& name) {
        const auto same = [&](const std::string& other) { return rules.same_name(other, name); };
        return std::any_of(taken.begin(), taken.end(), same) ||
               std::any_of(renames.begin(), renames.end(), [&](const auto& r) { return same(r.first) || same(r.second); });
    };
    std::vector<std::pair<std::string, std::string>> steps;
    while (!renames.empty()) {
        const auto free = std::find_if(renames.begin(), renames.end(), [&](const auto& rename) {
            return std::none_of(renames.begin(), renames.end(),
                                [&](const auto& other) { return rules.same_name(other.first, rename.second); });
        });
        if (free != renames.end()) {
            steps.push_back(*free);
            renames.erase(free);
            continue;
        }
        // Every name left is still taken by another: a cycle, broken through a free name.
        std::string temporary = renames.front().first + "__dbm_swap";
        for (int n = 2; in_use(temporary); ++n) temporary = fmt::format("{}__dbm_swap{}", renames.front().first, n);
        steps.emplace_back(renames.front().first, temporary);
        renames.front().first = temporary;
    }
    return steps;
}

}  // namespace dbm::schema
