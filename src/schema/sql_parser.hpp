// Reads CREATE TABLE and CREATE INDEX statements, as SQLite stores them in
// sqlite_schema.sql, into the schema model. Introspection takes from here what no pragma
// shows: CHECK constraints, constraint names, COLLATE, AUTOINCREMENT, generated
// expressions, DEFERRABLE, and the columns, expressions and WHERE of CREATE INDEX.
#pragma once

#include <string_view>

#include "dbm/schema.hpp"
#include "schema/sql_lexer.hpp"

namespace dbm::sql {

// Throws SqlSyntaxError for text that is not a CREATE TABLE statement.
Table parse_create_table(std::string_view sql);

// Throws SqlSyntaxError for text that is not a CREATE INDEX statement.
Index parse_create_index(std::string_view sql);

}  // namespace dbm::sql
