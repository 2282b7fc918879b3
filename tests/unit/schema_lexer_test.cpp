// Unit tests for the SQL tokenizer behind introspection and normalisation
// (src/sqlite/sql_lexer.hpp).
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sqlite/sql_lexer.hpp"

using dbm::sql::SqlSyntaxError;
using dbm::sql::Token;
using dbm::sql::TokenKind;
using dbm::sql::tokenize;

namespace {

std::vector<std::string> texts(const std::vector<Token>& tokens) {
    std::vector<std::string> out;
    for (const auto& token : tokens) out.emplace_back(token.text);
    return out;
}

std::vector<TokenKind> kinds(const std::vector<Token>& tokens) {
    std::vector<TokenKind> out;
    for (const auto& token : tokens) out.push_back(token.kind);
    return out;
}

std::vector<std::size_t> offsets(const std::vector<Token>& tokens) {
    std::vector<std::size_t> out;
    for (const auto& token : tokens) out.push_back(token.offset);
    return out;
}

// The one token `sql` is made of.
Token single(std::string_view sql) {
    const auto tokens = tokenize(sql);
    REQUIRE(tokens.size() == 1);
    return tokens.front();
}

SqlSyntaxError syntax_error(std::string_view sql) {
    try {
        tokenize(sql);
    } catch (const SqlSyntaxError& error) {
        return error;
    }
    FAIL("tokenize accepted " << sql);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("tokenize splits words, symbols and numbers and skips blanks", "[schema][lexer]") {
    const auto tokens = tokenize("CREATE TABLE user(id INTEGER,\n\tname TEXT)");
    CHECK(texts(tokens) ==
          std::vector<std::string>{"CREATE", "TABLE", "user", "(", "id", "INTEGER", ",", "name", "TEXT", ")"});
    CHECK(kinds(tokens) == std::vector<TokenKind>{TokenKind::word, TokenKind::word, TokenKind::word, TokenKind::symbol,
                                                  TokenKind::word, TokenKind::word, TokenKind::symbol, TokenKind::word,
                                                  TokenKind::word, TokenKind::symbol});
}

TEST_CASE("tokenize gives each token its byte offset in the input", "[schema][lexer]") {
    const auto tokens = tokenize("  a  'x' /* c */ \"q\" -- tail\n 42");
    CHECK(texts(tokens) == std::vector<std::string>{"a", "'x'", "\"q\"", "42"});
    CHECK(offsets(tokens) == std::vector<std::size_t>{2, 5, 17, 30});
}

TEST_CASE("tokenize returns nothing for empty, blank or comment-only input", "[schema][lexer]") {
    CHECK(tokenize("").empty());
    CHECK(tokenize(" \n\t ").empty());
    CHECK(tokenize("-- only a comment").empty());
    CHECK(tokenize("/* block */ -- line\n").empty());
}

TEST_CASE("tokenize reads words with underscores, digits, dollars and non-ASCII letters", "[schema][lexer]") {
    const auto tokens = tokenize("_private col_2 a$b café CURRENT_TIMESTAMP");
    CHECK(texts(tokens) == std::vector<std::string>{"_private", "col_2", "a$b", "café", "CURRENT_TIMESTAMP"});
    for (const auto& token : tokens) CHECK(token.kind == TokenKind::word);
}

TEST_CASE("Token::is matches a bare word ignoring case, never a quoted name", "[schema][lexer]") {
    CHECK(single("create").is("CREATE"));
    CHECK(single("CrEaTe").is("create"));
    CHECK_FALSE(single("created").is("CREATE"));
    CHECK_FALSE(single("\"create\"").is("CREATE"));
    CHECK_FALSE(single("'create'").is("CREATE"));
}

TEST_CASE("tokenize reads double-quoted, backtick and bracket names as quoted tokens", "[schema][lexer]") {
    const auto tokens = tokenize("\"order\" `select` [group by]");
    CHECK(kinds(tokens) == std::vector<TokenKind>{TokenKind::quoted, TokenKind::quoted, TokenKind::quoted});
    CHECK(texts(tokens) == std::vector<std::string>{"\"order\"", "`select`", "[group by]"});
    CHECK(tokens[0].name() == "order");
    CHECK(tokens[1].name() == "select");
    CHECK(tokens[2].name() == "group by");
}

TEST_CASE("Token::name undoes doubled quote characters", "[schema][lexer]") {
    CHECK(single("\"say \"\"hi\"\"\"").name() == "say \"hi\"");
    CHECK(single("`a``b`").name() == "a`b");
    CHECK(single("\"\"\"\"").name() == "\"");
    CHECK(single("'it''s'").name() == "it's");
    // Brackets have no escape: a ']' ends the name, and '"' inside is literal.
    CHECK(single("[a\"\"b]").name() == "a\"\"b");
}

TEST_CASE("Token::name of a bare word is the word itself", "[schema][lexer]") {
    CHECK(single("Mixed_Case").name() == "Mixed_Case");
}

TEST_CASE("tokenize reads string literals with doubled quotes inside as one token", "[schema][lexer]") {
    const auto tokens = tokenize("'it''s' || '' || 'a;b -- c'");
    CHECK(texts(tokens) == std::vector<std::string>{"'it''s'", "||", "''", "||", "'a;b -- c'"});
    CHECK(tokens[0].kind == TokenKind::string);
    CHECK(tokens[2].kind == TokenKind::string);
    CHECK(tokens[2].name().empty());
    CHECK(tokens[4].name() == "a;b -- c");
}

TEST_CASE("tokenize reads integer, decimal, exponent and hexadecimal numbers", "[schema][lexer]") {
    for (const std::string number : {"1", "42", "1.5", ".5", "1e3", "1E+3", "2.5e-10", "0x1F", "0XFF"}) {
        INFO(number);
        const Token token = single(number);
        CHECK(token.kind == TokenKind::number);
        CHECK(token.text == number);
    }
}

TEST_CASE("tokenize ends a number at the first character that cannot continue it", "[schema][lexer]") {
    const auto tokens = tokenize("1+2.5*0x1F-3");
    CHECK(texts(tokens) == std::vector<std::string>{"1", "+", "2.5", "*", "0x1F", "-", "3"});
}

TEST_CASE("tokenize reads x'..' blob literals in either case", "[schema][lexer]") {
    const Token lower = single("x'00ff'");
    CHECK(lower.kind == TokenKind::blob);
    CHECK(lower.text == "x'00ff'");
    const Token upper = single("X'00FF'");
    CHECK(upper.kind == TokenKind::blob);
    // A word that merely starts with x is still a word.
    CHECK(single("xval").kind == TokenKind::word);
}

TEST_CASE("tokenize reads ?, ?NNN, :name, @name and $name variables", "[schema][lexer]") {
    const auto tokens = tokenize("? ?12 :name @who $var");
    CHECK(texts(tokens) == std::vector<std::string>{"?", "?12", ":name", "@who", "$var"});
    for (const auto& token : tokens) CHECK(token.kind == TokenKind::variable);
}

TEST_CASE("tokenize reads two-character operators as one symbol", "[schema][lexer]") {
    for (const std::string op : {"||", "<=", ">=", "<>", "!=", "==", "<<", ">>", "->", "->>"}) {
        INFO(op);
        const std::string sql = "a " + op + " b";
        const auto tokens = tokenize(sql);
        REQUIRE(tokens.size() == 3);
        CHECK(tokens[1].kind == TokenKind::symbol);
        CHECK(tokens[1].text == op);
        CHECK(tokens[1].is_symbol(op));
    }
}

TEST_CASE("tokenize reads JSON arrows without blanks around them", "[schema][lexer]") {
    CHECK(texts(tokenize("data->>'$.a'")) == std::vector<std::string>{"data", "->>", "'$.a'"});
    CHECK(texts(tokenize("data->'$.a'")) == std::vector<std::string>{"data", "->", "'$.a'"});
}

TEST_CASE("tokenize reads single-character symbols one at a time", "[schema][lexer]") {
    CHECK(texts(tokenize("(a.b,c);")) == std::vector<std::string>{"(", "a", ".", "b", ",", "c", ")", ";"});
    CHECK(texts(tokenize("a<b>c=d")) == std::vector<std::string>{"a", "<", "b", ">", "c", "=", "d"});
    CHECK(texts(tokenize("-a")) == std::vector<std::string>{"-", "a"});
}

TEST_CASE("tokenize skips line and block comments, including at the very end", "[schema][lexer]") {
    CHECK(texts(tokenize("a -- comment ; 'not a string\nb")) == std::vector<std::string>{"a", "b"});
    CHECK(texts(tokenize("a /* multi\nline ' \" */ b")) == std::vector<std::string>{"a", "b"});
    CHECK(texts(tokenize("a -- no newline")) == std::vector<std::string>{"a"});
    CHECK(texts(tokenize("a/**/b")) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("tokenize keeps comment markers inside strings and quoted names", "[schema][lexer]") {
    const auto tokens = tokenize("'--x' \"/*y*/\"");
    CHECK(texts(tokens) == std::vector<std::string>{"'--x'", "\"/*y*/\""});
}

TEST_CASE("tokenize rejects an unterminated string with the offset of its opening quote", "[schema][lexer]") {
    const auto error = syntax_error("SELECT 'abc");
    CHECK(error.offset == 7);
    CHECK_THAT(error.message, Catch::Contains("unterminated"));
    CHECK(syntax_error("'it''s").offset == 0);
}

TEST_CASE("tokenize rejects an unterminated quoted name with the offset of its opening quote", "[schema][lexer]") {
    CHECK(syntax_error("a \"name").offset == 2);
    CHECK(syntax_error("a `name").offset == 2);
    CHECK(syntax_error("ab [name").offset == 3);
    CHECK_THAT(syntax_error("\"x").message, Catch::Contains("unterminated"));
}

TEST_CASE("tokenize reads an unterminated block comment to the end of the text, as SQLite does", "[schema][lexer]") {
    const auto tokens = dbm::sql::tokenize("a /* never closed");
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0].text == "a");
}

TEST_CASE("tokenize rejects an unterminated blob literal", "[schema][lexer]") {
    const auto error = syntax_error("x'00ff");
    CHECK(error.offset <= 1);
    CHECK_THAT(error.message, Catch::Contains("unterminated"));
}
