// When two pieces of SQL mean the same: comparison ignores case, spacing, quoting of
// plain names and redundant parentheses, so that an unchanged model yields no operation.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dbm::schema {

// "varchar ( 80 )" -> "VARCHAR(80)"; "NUMERIC(10, 2)" -> "NUMERIC(10,2)".
std::string normalize_type(std::string_view type);

// Expressions, defaults, CHECK and WHERE clauses, whole CREATE VIEW/TRIGGER statements:
// tokens joined by single spaces, names lower-cased and unquoted, TRUE/FALSE as 1/0,
// "==" as "=", "<>" as "!=", outer parentheses around the whole removed.
std::string normalize_sql(std::string_view sql);

// A declared type's affinity, by SQLite's rules in their order (datatype3.html, 3.1).
enum class Affinity { integer, text, blob, real, numeric };
Affinity type_affinity(std::string_view declared_type);

// Renames of tables or columns: lower-cased old name -> new name.
using NameMap = std::map<std::string, std::string>;

// `name` after the renames (as it is when none applies).
std::string renamed(const NameMap& renames, const std::string& name);

// The SQL with identifiers renamed token by token, as SQLite's own ALTER TABLE ... RENAME
// rewrites views and triggers. Renamed names are written quoted only when they need it.
std::string rewrite_identifiers(const std::string& sql, const NameMap& renames);

// SQLite compares names without regard to ASCII case.
bool same_name(std::string_view a, std::string_view b);
// The same names in the same order.
bool same_names(const std::vector<std::string>& a, const std::vector<std::string>& b);
// `names` holds `name`.
bool contains_name(const std::vector<std::string>& names, std::string_view name);

}  // namespace dbm::schema
