#include "sqlite/row_copy.hpp"

#include <cstddef>
#include <vector>

#include "sqlite/sql_lexer.hpp"

namespace dbm::sqlite {

namespace {

using sql::Token;

// A name at `i`, optionally qualified by a schema ("main"."t"); advances past it.
bool qualified_name(const std::vector<Token>& tokens, std::size_t& i, WholeTableCopy* out) {
    if (i >= tokens.size() || !tokens[i].is_identifier()) return false;
    std::size_t end = i + 1;
    if (end + 1 < tokens.size() && tokens[end].is_symbol(".") && tokens[end + 1].is_identifier()) end += 2;
    if (out) {
        out->source_sql.clear();
        for (std::size_t k = i; k < end; ++k) out->source_sql += tokens[k].text;
        out->source = tokens[end - 1].name();
    }
    i = end;
    return true;
}

}  // namespace

std::optional<WholeTableCopy> whole_table_copy(std::string_view sql) {
    std::vector<Token> tokens;
    try {
        tokens = sql::tokenize(sql);
    } catch (const sql::SqlSyntaxError&) {
        return std::nullopt;
    }
    while (!tokens.empty() && tokens.back().is_symbol(";")) tokens.pop_back();
    std::size_t i = 0;
    const auto at = [&](std::string_view keyword) { return i < tokens.size() && tokens[i].is(keyword); };
    if (at("INSERT")) {
        ++i;
        if (at("OR")) i += 2;  // OR ROLLBACK | ABORT | REPLACE | FAIL | IGNORE
    } else if (at("REPLACE")) {
        ++i;
    } else {
        return std::nullopt;
    }
    if (!at("INTO")) return std::nullopt;
    ++i;
    if (!qualified_name(tokens, i, nullptr)) return std::nullopt;
    if (at("AS")) i += 2;
    if (i < tokens.size() && tokens[i].is_symbol("(")) {
        int depth = 0;
        for (; i < tokens.size(); ++i) {
            if (tokens[i].is_symbol("(")) ++depth;
            if (tokens[i].is_symbol(")") && --depth == 0) break;
        }
        ++i;
    }
    if (!at("SELECT")) return std::nullopt;
    ++i;
    if (at("DISTINCT")) return std::nullopt;  // reads every row, but inserts fewer
    // The result columns, to the FROM of this SELECT (not of a subquery among them).
    int depth = 0;
    for (; i < tokens.size(); ++i) {
        if (tokens[i].is_symbol("(")) ++depth;
        else if (tokens[i].is_symbol(")")) --depth;
        else if (depth == 0 && tokens[i].is("FROM")) break;
        else if (depth == 0 && tokens[i].is_symbol(";")) return std::nullopt;  // a second statement
    }
    if (!at("FROM")) return std::nullopt;
    ++i;
    WholeTableCopy copy;
    if (!qualified_name(tokens, i, &copy)) return std::nullopt;
    // An alias may follow; anything else (WHERE, a join, GROUP BY, UNION, LIMIT,
    // ON CONFLICT's upsert clause, INDEXED BY) reads another number of rows than the table's.
    if (at("AS")) ++i;
    if (i < tokens.size() && tokens[i].is_identifier() && !sql::is_keyword(tokens[i].text)) ++i;
    if (i != tokens.size()) return std::nullopt;
    return copy;
}

}  // namespace dbm::sqlite
