// Which renamed_from hints a comparison follows, for tables and for the columns of a table
// (SPEC §7.6: renames come only from hints).
//
// A hint `new renamed_from old` is followed when the database has `old` and the name `new`
// is free once the other followed hints have moved their tables (or columns) away: so a
// plain rename, a chain (b -> a, then c -> b) and a cycle (a swap) are all planned, and a
// model still declaring `old` gets a new, empty one. A hint named by two models is followed
// by neither (the models refuse it).
//
// A cycle reads the same before and after it ran (a swap of two columns of one type looks
// alike both ways), so a revision that makes one records it in a comment; a cycle recorded
// by a revision the database already has is "spent" and not followed again.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dbm/schema.hpp"
#include "dbm/schema_rules.hpp"

namespace dbm::schema {

// One cycle of renames: the table whose columns it renames (empty for tables), and its
// renames old -> new as name keys (SchemaRules::name_key), sorted.
struct RenameCycle {
    std::string table;
    std::vector<std::pair<std::string, std::string>> renames;

    bool operator==(const RenameCycle&) const = default;
};

// For each wanted table, the index in current.tables of the table it is renamed from, or
// npos.
std::vector<std::size_t> table_rename_sources(const Schema& current, const Schema& wanted, const SchemaRules& rules,
                                              const std::vector<RenameCycle>& spent);
// For each column of `wanted` (the models' table), the index in current.columns of the
// column it is renamed from, or npos.
std::vector<std::size_t> column_rename_sources(const Table& current, const Table& wanted, const SchemaRules& rules,
                                               const std::vector<RenameCycle>& spent);

// InputError at the second of two tables (or two columns of one table) renamed_from the
// same name: the database has one of it.
void refuse_shared_rename_sources(const Schema& models, const std::string& file, const SchemaRules& rules);

// Whether any hint names a table (or a column of the same table) that the models declare:
// only then can a cycle exist, and spent cycles need to be looked up.
bool may_rename_in_cycles(const Schema& models, const SchemaRules& rules);

// The comment a revision carries for a cycle it renames (renames as from -> to, in any
// case), and every cycle recorded so in SQL.
std::string rename_cycle_comment(const std::string& table, const std::vector<std::pair<std::string, std::string>>& renames);
std::vector<RenameCycle> rename_cycles_in(std::string_view sql, const SchemaRules& rules);

// The renames (from -> to) as ALTER steps can run them one by one: each to a name that is
// free by then, a cycle through a temporary name that is not in `taken`. `cycles` gets
// each cycle's renames, for its comment.
std::vector<std::pair<std::string, std::string>> rename_steps(
    std::vector<std::pair<std::string, std::string>> renames, const std::vector<std::string>& taken, const SchemaRules& rules,
    std::vector<std::vector<std::pair<std::string, std::string>>>* cycles);

}  // namespace dbm::schema
