#include "sqlite/sql_lexer.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

#include "util/text.hpp"

namespace dbm::sql {

namespace {

bool is_word_start(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalpha(u) || c == '_' || u >= 0x80;
}

bool is_word_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;
}

// Index just past a quoted run starting at `pos` with `open`, closed by `close`; a doubled
// closing character stands for itself (not for brackets, as in SQLite).
std::size_t skip_quoted(std::string_view sql, std::size_t pos, char close, bool doubling) {
    for (std::size_t i = pos + 1; i < sql.size(); ++i) {
        if (sql[i] != close) continue;
        if (doubling && i + 1 < sql.size() && sql[i + 1] == close) {
            ++i;
            continue;
        }
        return i + 1;
    }
    throw SqlSyntaxError{"unterminated quoted text", pos};
}

constexpr std::string_view two_char_symbols[] = {"||", "<<", ">>", "<=", ">=", "==", "!=", "<>", "->"};

}  // namespace

std::string Token::name() const {
    if (kind != TokenKind::quoted && kind != TokenKind::string) return std::string(text);
    const std::string_view inside = text.substr(1, text.size() - 2);
    // [name] has no escape: SQLite ends it at the first ']'.
    return text.front() == '[' ? std::string(inside) : text::undoubled(inside, text.front());
}

bool Token::is(std::string_view keyword) const { return kind == TokenKind::word && text::iequals(text, keyword); }

std::vector<Token> tokenize(std::string_view sql) {
    std::vector<Token> tokens;
    std::size_t pos = 0;
    while (pos < sql.size()) {
        const char c = sql[pos];
        const char next = pos + 1 < sql.size() ? sql[pos + 1] : '\0';
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++pos;
            continue;
        }
        if (c == '-' && next == '-') {
            const auto end = sql.find('\n', pos);
            pos = end == std::string_view::npos ? sql.size() : end + 1;
            continue;
        }
        if (c == '/' && next == '*') {
            // As in SQLite, an unterminated comment runs to the end of the text.
            const auto end = sql.find("*/", pos + 2);
            pos = end == std::string_view::npos ? sql.size() : end + 2;
            continue;
        }
        const std::size_t start = pos;
        TokenKind kind = TokenKind::symbol;
        if ((c == 'x' || c == 'X') && next == '\'') {
            kind = TokenKind::blob;
            pos = skip_quoted(sql, pos + 1, '\'', true);
        } else if (is_word_start(c)) {
            kind = TokenKind::word;
            while (pos < sql.size() && is_word_char(sql[pos])) ++pos;
        } else if (c == '"' || c == '`') {
            kind = TokenKind::quoted;
            pos = skip_quoted(sql, pos, c, true);
        } else if (c == '[') {
            kind = TokenKind::quoted;
            pos = skip_quoted(sql, pos, ']', false);
        } else if (c == '\'') {
            kind = TokenKind::string;
            pos = skip_quoted(sql, pos, '\'', true);
        } else if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && std::isdigit(static_cast<unsigned char>(next)))) {
            kind = TokenKind::number;
            if (c == '0' && (next == 'x' || next == 'X')) {
                pos += 2;
                while (pos < sql.size() && std::isxdigit(static_cast<unsigned char>(sql[pos]))) ++pos;
            } else {
                while (pos < sql.size() && (std::isdigit(static_cast<unsigned char>(sql[pos])) || sql[pos] == '.')) ++pos;
                if (pos < sql.size() && (sql[pos] == 'e' || sql[pos] == 'E')) {
                    ++pos;
                    if (pos < sql.size() && (sql[pos] == '+' || sql[pos] == '-')) ++pos;
                    while (pos < sql.size() && std::isdigit(static_cast<unsigned char>(sql[pos]))) ++pos;
                }
            }
        } else if (c == '?' || c == ':' || c == '@' || c == '$') {
            kind = TokenKind::variable;
            ++pos;
            while (pos < sql.size() && is_word_char(sql[pos])) ++pos;
        } else {
            pos += 1;
            for (const auto symbol : two_char_symbols) {
                if (sql.substr(start, 2) == symbol) {
                    pos = start + 2;
                    if (symbol == "->" && pos < sql.size() && sql[pos] == '>') ++pos;  // ->>
                    break;
                }
            }
        }
        tokens.push_back({kind, sql.substr(start, pos - start), start});
    }
    return tokens;
}

namespace {

// Upper case, sorted: the list sqlite3_keyword_name gives.
constexpr std::string_view keywords[] = {
    "ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE", "AND", "AS", "ASC", "ATTACH",
    "AUTOINCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BY", "CASCADE", "CASE", "CAST", "CHECK", "COLLATE",
    "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME",
    "CURRENT_TIMESTAMP", "DATABASE", "DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE", "DESC", "DETACH",
    "DISTINCT", "DO", "DROP", "EACH", "ELSE", "END", "ESCAPE", "EXCEPT", "EXCLUDE", "EXCLUSIVE", "EXISTS",
    "EXPLAIN", "FAIL", "FILTER", "FIRST", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL", "GENERATED", "GLOB",
    "GROUP", "GROUPS", "HAVING", "IF", "IGNORE", "IMMEDIATE", "IN", "INDEX", "INDEXED", "INITIALLY", "INNER",
    "INSERT", "INSTEAD", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "KEY", "LAST", "LEFT", "LIKE", "LIMIT",
    "MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT", "NOTHING", "NOTNULL", "NULL", "NULLS", "OF", "OFFSET",
    "ON", "OR", "ORDER", "OTHERS", "OUTER", "OVER", "PARTITION", "PLAN", "PRAGMA", "PRECEDING", "PRIMARY",
    "QUERY", "RAISE", "RANGE", "RECURSIVE", "REFERENCES", "REGEXP", "REINDEX", "RELEASE", "RENAME", "REPLACE",
    "RESTRICT", "RETURNING", "RIGHT", "ROLLBACK", "ROW", "ROWS", "SAVEPOINT", "SELECT", "SET", "TABLE", "TEMP",
    "TEMPORARY", "THEN", "TIES", "TO", "TRANSACTION", "TRIGGER", "UNBOUNDED", "UNION", "UNIQUE", "UPDATE",
    "USING", "VACUUM", "VALUES", "VIEW", "VIRTUAL", "WHEN", "WHERE", "WINDOW", "WITH", "WITHOUT",
};

}  // namespace

bool is_keyword(std::string_view word) {
    if (word.empty() || word.size() > 17) return false;
    std::string upper(word);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return std::binary_search(std::begin(keywords), std::end(keywords), std::string_view(upper));
}

std::size_t keyword_count() { return std::size(keywords); }

std::string identifier(std::string_view name) {
    bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name.front()));
    for (char c : name)
        if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_')) plain = false;
    // The rowid's own names are quoted too: bare, SQLite may take them for the rowid even
    // where a column has that name.
    const bool rowid_name = name == "rowid" || name == "_rowid_" || name == "oid";
    if (plain && !rowid_name && !is_keyword(name)) return std::string(name);
    return text::quoted(name, '"');
}

}  // namespace dbm::sql
