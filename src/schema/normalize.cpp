#include "schema/normalize.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "schema/sql_lexer.hpp"
#include "util/text.hpp"

namespace dbm::schema {

std::string normalize_type(std::string_view type) {
    std::string out;
    bool pending_space = false;
    for (char c : text::trim(type)) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            pending_space = true;
            continue;
        }
        const bool punctuation = c == '(' || c == ')' || c == ',';
        if (pending_space && !punctuation && !out.empty() && out.back() != '(' && out.back() != ',') out += ' ';
        pending_space = false;
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

namespace {

// Index of the parenthesis closing the one at `open`, or npos.
std::size_t matching(const std::vector<std::string>& tokens, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < tokens.size(); ++i) {
        if (tokens[i] == "(") ++depth;
        if (tokens[i] == ")" && --depth == 0) return i;
    }
    return std::string::npos;
}

}  // namespace

std::string normalize_sql(std::string_view sql) {
    std::vector<std::string> tokens;
    try {
        for (const sql::Token& token : sql::tokenize(sql)) {
            switch (token.kind) {
            case sql::TokenKind::word:
            case sql::TokenKind::quoted: {
                std::string name = text::lower(token.name());
                if (token.kind == sql::TokenKind::word && name == "true") name = "1";
                if (token.kind == sql::TokenKind::word && name == "false") name = "0";
                tokens.push_back(std::move(name));
                break;
            }
            case sql::TokenKind::symbol:
                if (token.text == ";") break;
                tokens.emplace_back(token.text == "==" ? "=" : token.text == "<>" ? "!=" : std::string(token.text));
                break;
            default:
                tokens.emplace_back(token.text);
            }
        }
    } catch (const sql::SqlSyntaxError&) {
        return text::one_line(sql, std::string::npos);
    }
    std::size_t begin = 0, end = tokens.size();
    // tokens[begin, end) stays balanced, so the parenthesis at `begin` closes inside it.
    while (end - begin >= 2 && tokens[begin] == "(" && matching(tokens, begin) == end - 1) {
        ++begin;
        --end;
    }
    std::string out;
    for (std::size_t i = begin; i < end; ++i) {
        if (i > begin) out += ' ';
        out += tokens[i];
    }
    return out;
}

Affinity type_affinity(std::string_view declared_type) {
    const std::string type = text::lower(declared_type);
    const auto has = [&](std::string_view part) { return type.find(part) != std::string::npos; };
    if (has("int")) return Affinity::integer;
    if (has("char") || has("clob") || has("text")) return Affinity::text;
    if (has("blob") || type.empty()) return Affinity::blob;
    if (has("real") || has("floa") || has("doub")) return Affinity::real;
    return Affinity::numeric;
}

bool same_name(std::string_view a, std::string_view b) { return text::iequals(a, b); }

bool same_names(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) { return same_name(x, y); });
}

bool contains_name(const std::vector<std::string>& names, std::string_view name) {
    return std::any_of(names.begin(), names.end(), [&](const std::string& item) { return same_name(item, name); });
}

std::string renamed(const NameMap& renames, const std::string& name) {
    const auto it = renames.find(text::lower(name));
    return it == renames.end() ? name : it->second;
}

std::string rewrite_identifiers(const std::string& sql, const NameMap& renames) {
    if (renames.empty()) return sql;
    std::string out;
    std::size_t copied = 0;
    for (const auto& token : sql::tokenize(sql)) {
        if (!token.is_identifier()) continue;
        const auto it = renames.find(text::lower(token.name()));
        if (it == renames.end()) continue;
        out.append(sql, copied, token.offset - copied);
        out += sql::identifier(it->second);
        copied = token.offset + token.text.size();
    }
    out.append(sql, copied, std::string::npos);
    return out;
}

}  // namespace dbm::schema
