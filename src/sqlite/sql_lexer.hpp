// A tokenizer for the SQL SQLite keeps in sqlite_schema.sql (CREATE TABLE, INDEX, VIEW,
// TRIGGER) and for the expressions models hold. It is what lets introspection see what
// no pragma shows (CHECK, constraint names, COLLATE, AUTOINCREMENT, partial-index WHERE,
// generated columns) and lets comparison ignore case, spacing and quoting.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dbm/schema_rules.hpp"  // SqlSyntaxError

namespace dbm::sql {

enum class TokenKind {
    word,        // a bare identifier or keyword: user, CREATE, CURRENT_TIMESTAMP
    quoted,      // "name", `name` or [name]
    string,      // 'text'
    number,      // 12, 1.5e3, 0x1F
    blob,        // x'00FF'
    variable,    // ?, ?1, :name, @name, $name
    symbol,      // ( ) , ; . and operators
};

struct Token {
    TokenKind kind;
    std::string_view text;  // exactly as written
    std::size_t offset = 0;

    // The name a word or quoted token stands for (quotes removed, doubled quotes undone).
    std::string name() const;
    // A bare word equal to `keyword`, ignoring case.
    bool is(std::string_view keyword) const;
    bool is_symbol(std::string_view symbol) const { return kind == TokenKind::symbol && text == symbol; }
    // A bare or quoted identifier (or keyword).
    bool is_identifier() const { return kind == TokenKind::word || kind == TokenKind::quoted; }
    // Where SQLite takes a name, it also takes a 'string'.
    bool is_name() const { return is_identifier() || kind == TokenKind::string; }
};

// Splits SQL into tokens, skipping blanks and comments (an unterminated /* comment runs to
// the end, as in SQLite). Throws SqlSyntaxError for an unterminated string or quoted name.
std::vector<Token> tokenize(std::string_view sql);

// SQLite's keywords (sqlite3_keyword_name, SQLite 3.40: 147 of them; a test in the SQLite
// backend's suite compares the list with the library's), in any case.
bool is_keyword(std::string_view word);
std::size_t keyword_count();

// A name as SQL: bare when it is a plain lower-case identifier, no keyword and none of the
// rowid's names; double-quoted otherwise.
std::string identifier(std::string_view name);

}  // namespace dbm::sql
