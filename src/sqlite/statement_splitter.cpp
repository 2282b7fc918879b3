#include "sqlite/statement_splitter.hpp"

#include <cstdint>

#include "util/text.hpp"

namespace dbm::sqlite {

namespace {

enum Token : std::uint8_t { semi, space, other, explain, create, temp, trigger, end };

// complete.c's transitions. States: 0 invalid, 1 start (a statement just ended), 2 normal,
// 3 after EXPLAIN, 4 after CREATE, 5 in a trigger, 6 a ";" in a trigger, 7 its END.
constexpr std::uint8_t transitions[8][8] = {
    /*            semi space other explain create temp trigger end */
    /* invalid */ {1, 0, 2, 3, 4, 2, 2, 2},
    /* start   */ {1, 1, 2, 3, 4, 2, 2, 2},
    /* normal  */ {1, 2, 2, 2, 2, 2, 2, 2},
    /* explain */ {1, 3, 3, 2, 4, 2, 2, 2},
    /* create  */ {1, 4, 2, 2, 2, 4, 5, 2},
    /* trigger */ {6, 5, 5, 5, 5, 5, 5, 5},
    /* semi    */ {6, 6, 5, 5, 5, 5, 5, 7},
    /* end     */ {1, 7, 5, 5, 5, 5, 5, 5},
};

bool is_word_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '_' || c == '$' || u >= 0x80;
}

Token keyword(std::string_view word) {
    if (text::iequals(word, "create")) return create;
    if (text::iequals(word, "trigger")) return trigger;
    if (text::iequals(word, "temp") || text::iequals(word, "temporary")) return temp;
    if (text::iequals(word, "end")) return end;
    if (text::iequals(word, "explain")) return explain;
    return other;
}

}  // namespace

std::vector<std::size_t> statement_ends(std::string_view script) {
    std::vector<std::size_t> ends;
    std::uint8_t state = 0;
    std::size_t i = 0;
    const std::size_t n = script.size();
    while (i < n) {
        const char c = script[i];
        Token token = other;
        if (c == ';') {
            token = semi;
            ++i;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
            token = space;
            ++i;
        } else if (c == '/' && i + 1 < n && script[i + 1] == '*') {
            const auto close = script.find("*/", i + 2);
            if (close == std::string_view::npos) return ends;  // incomplete to the end
            token = space;
            i = close + 2;
        } else if (c == '-' && i + 1 < n && script[i + 1] == '-') {
            const auto newline = script.find('\n', i);
            if (newline == std::string_view::npos) return ends;
            token = space;
            i = newline + 1;
        } else if (c == '[' || c == '"' || c == '\'' || c == '`') {
            // A doubled quote inside reads as two quoted runs: the same token class.
            const auto close = script.find(c == '[' ? ']' : c, i + 1);
            if (close == std::string_view::npos) return ends;
            i = close + 1;
        } else if (is_word_char(c)) {
            const std::size_t start = i;
            while (i < n && is_word_char(script[i])) ++i;
            // Only a word starting with a letter can be a keyword.
            token = (script[start] >= '0' && script[start] <= '9') ? other : keyword(script.substr(start, i - start));
        } else {
            ++i;
        }
        state = transitions[state][token];
        if (token == semi && state == 1) {
            ends.push_back(i);
            state = 0;
        }
    }
    return ends;
}

}  // namespace dbm::sqlite
