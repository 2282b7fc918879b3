// Reads the CREATE statements SQLite keeps in sqlite_schema.sql into the schema model,
// following SQLite's own grammar (lang_createtable, lang_createindex, lang_createview,
// lang_createtrigger, lang_createvtab; src/parse.y), including its quirks: table constraints
// need no comma between them, a constraint name sticks until the next column (or comma
// between table constraints), a DEFERRABLE clause after a column applies to the table's
// latest foreign key, and the last DEFAULT or COLLATE of a column wins.
//
// Introspection takes from here what no pragma shows: CHECK constraints, constraint names,
// ON CONFLICT clauses, column COLLATE, AUTOINCREMENT, generated expressions, DEFERRABLE,
// and the columns, expressions and WHERE of CREATE INDEX.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dbm/schema.hpp"
#include "sqlite/sql_lexer.hpp"

namespace dbm::sql {

// A CREATE TABLE statement as it declares the table. Uniques come in the order SQLite
// creates their indexes, foreign keys and checks as declared. Table::where and each
// Column::where hold the 1-based line and column of the name within `sql`. Throws
// SqlSyntaxError for text that is not a CREATE TABLE statement SQLite accepts.
Table parse_create_table(std::string_view sql);

// Throws SqlSyntaxError for text that is not a CREATE INDEX statement.
Index parse_create_index(std::string_view sql);

// CREATE TRIGGER's name and the table it is ON.
struct TriggerHeader {
    std::string name;
    std::string table;
};
TriggerHeader parse_create_trigger(std::string_view sql);

// CREATE VIRTUAL TABLE name USING module(arguments); `sql` kept as given.
VirtualTable parse_create_virtual_table(std::string_view sql);

// Whether `type` is what SQLite reads as a column's type (typetoken): names that are no
// constraint keyword, then at most one parenthesised list of one or two signed numbers.
// "NOT NULL" is not a type but a constraint.
bool is_type_name(std::string_view type);

// What a CREATE statement creates, read from its first tokens; nullopt for any other
// statement.
struct CreateHeader {
    enum class Kind { table, virtual_table, index, view, trigger } kind;
    std::string name;
    bool temporary = false;     // CREATE TEMP ...
    std::size_t name_offset = 0;
};
std::optional<CreateHeader> read_create_header(std::string_view sql);

}  // namespace dbm::sql
