#include "schema/sql_lexer.hpp"

#include <cctype>

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

}  // namespace dbm::sql
