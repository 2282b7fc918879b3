// When two pieces of SQL mean the same: comparison ignores case, spacing, quoting of
// plain names and redundant parentheses, so that an unchanged model yields no operation.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace dbm::schema {

// "varchar ( 80 )" -> "VARCHAR(80)"; "NUMERIC(10, 2)" -> "NUMERIC(10,2)".
std::string normalize_type(std::string_view type);

// Expressions, defaults, CHECK and WHERE clauses, whole CREATE VIEW/TRIGGER statements:
// tokens joined by single spaces, names lower-cased and unquoted, TRUE/FALSE as 1/0,
// "==" as "=", "<>" as "!=", outer parentheses around the whole removed.
std::string normalize_sql(std::string_view sql);

// The SQL with identifiers renamed token by token (keys: lower-cased old names), as
// SQLite's own ALTER TABLE ... RENAME rewrites views and triggers. Renamed names are
// written quoted only when they need it.
std::string rewrite_identifiers(const std::string& sql, const std::map<std::string, std::string>& renames);

// SQLite compares names without regard to ASCII case.
bool same_name(std::string_view a, std::string_view b);

}  // namespace dbm::schema
