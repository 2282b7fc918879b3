// Unit tests for the string helpers in src/util/text.hpp.
#include <catch2/catch.hpp>

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "util/text.hpp"

using namespace dbm;

namespace {

constexpr std::array<std::string_view, 5> config_keys = {"database", "models", "version_table", "ignore_tables",
                                                          "lock_timeout_ms"};

}  // namespace

// --- slugify -----------------------------------------------------------------------------

TEST_CASE("slugify lowers a message and joins its words with underscores", "[text][slugify]") {
    CHECK(text::slugify("Add user table") == "add_user_table");
    CHECK(text::slugify("Added new field to User model") == "added_new_field_to_user_model");
    CHECK(text::slugify("v2 Schema") == "v2_schema");
}

TEST_CASE("slugify folds a run of punctuation and blanks into one underscore", "[text][slugify]") {
    CHECK(text::slugify("add -- user,   table") == "add_user_table");
    CHECK(text::slugify("a...b!!!c") == "a_b_c");
    CHECK(text::slugify("tab\tand\nnewline") == "tab_and_newline");
}

TEST_CASE("slugify never starts or ends a slug with an underscore", "[text][slugify]") {
    CHECK(text::slugify("Add user table!") == "add_user_table");
    CHECK(text::slugify("  ...Add user table") == "add_user_table");
    CHECK(text::slugify("(Add user table)") == "add_user_table");
}

TEST_CASE("slugify folds non-ASCII bytes like punctuation", "[text][slugify]") {
    // "ñ" is two UTF-8 bytes; together they make a single separator.
    CHECK(text::slugify("Añadir tabla") == "a_adir_tabla");
    CHECK(text::slugify("Größe ändern") == "gr_e_ndern");
    CHECK(text::slugify("日本語") == "");
}

TEST_CASE("slugify of an empty or symbol-only message is empty", "[text][slugify]") {
    CHECK(text::slugify("") == "");
    CHECK(text::slugify("!!! ---").empty());
}

TEST_CASE("slugify cuts a long message back to the last whole word within 40 characters", "[text][slugify]") {
    // The 40th character falls inside "usernames": the slug ends before that word.
    const std::string slug = text::slugify("Add a very long column name to the usernames table");
    CHECK(slug == "add_a_very_long_column_name_to_the");
    CHECK(slug.size() <= 40);
}

TEST_CASE("slugify keeps a word that ends exactly at the 40th character", "[text][slugify]") {
    // "add_a_very_long_column_name_to_the_users" is exactly 40 characters.
    const std::string slug = text::slugify("Add a very long column name to the users accounts table");
    CHECK(slug == "add_a_very_long_column_name_to_the_users");
    CHECK(slug.size() == 40);
}

TEST_CASE("slugify cuts a single word longer than the limit at exactly the limit", "[text][slugify]") {
    const std::string word(60, 'x');
    CHECK(text::slugify(word) == std::string(40, 'x'));
}

TEST_CASE("slugify never returns more than max_length characters", "[text][slugify]") {
    const std::vector<std::string> messages = {
        "Merge the accounts branch and the billing branch into one history line",
        "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j",
        std::string(39, 'y') + "!!! trailing words after punctuation",
        std::string(100, 'z'),
    };
    for (const auto& message : messages) {
        INFO(message);
        const std::string slug = text::slugify(message);
        CHECK(slug.size() <= 40);
        CHECK_FALSE(slug.empty());
        CHECK(slug.front() != '_');
        CHECK(slug.back() != '_');
    }
    CHECK(text::slugify("Add user table", 8) == "add_user");
}

// --- closest_match -------------------------------------------------------------------------

TEST_CASE("closest_match suggests the candidate a typo was meant to be", "[text][closest_match]") {
    CHECK(text::closest_match("databse", config_keys) == "database");
    CHECK(text::closest_match("version_tabel", config_keys) == "version_table");
    CHECK(text::closest_match("lock_timeout", config_keys) == "lock_timeout_ms");
    CHECK(text::closest_match("Models", config_keys) == "models");
}

TEST_CASE("closest_match suggests nothing for an unrelated word", "[text][closest_match]") {
    CHECK(text::closest_match("xyzzy", config_keys) == "");
    CHECK(text::closest_match("colour_scheme", config_keys) == "");
    CHECK(text::closest_match("databse", std::span<const std::string_view>()) == "");
}

// --- split_list, join, trim, iequals, is_identifier --------------------------------------

TEST_CASE("split_list trims each piece and drops empty ones", "[text]") {
    CHECK(text::split_list("a, b,,  c ", ',') == std::vector<std::string>{"a", "b", "c"});
    CHECK(text::split_list("9b1c0d2e3f4a", ',') == std::vector<std::string>{"9b1c0d2e3f4a"});
    CHECK(text::split_list("   ", ',').empty());
    CHECK(text::split_list("", ',').empty());
    CHECK(text::split_list("x;y", ';') == std::vector<std::string>{"x", "y"});
}

TEST_CASE("join puts the separator between items only", "[text]") {
    const std::vector<std::string> three = {"a", "b", "c"};
    const std::vector<std::string> one = {"a"};
    const std::vector<std::string> none;
    CHECK(text::join(three, ", ") == "a, b, c");
    CHECK(text::join(one, ", ") == "a");
    CHECK(text::join(none, ", ") == "");
}

TEST_CASE("trim removes leading and trailing whitespace only", "[text]") {
    CHECK(text::trim("  \t add user \n") == "add user");
    CHECK(text::trim("x") == "x");
    CHECK(text::trim(" \n\t ") == "");
}

TEST_CASE("iequals compares ASCII letters regardless of case", "[text]") {
    CHECK(text::iequals("Revision ID", "revision id"));
    CHECK(text::iequals("BEGIN", "begin"));
    CHECK_FALSE(text::iequals("BEGIN", "BEGINS"));
    CHECK_FALSE(text::iequals("revises", "revised"));
}

TEST_CASE("is_identifier accepts only names that need no quoting", "[text]") {
    CHECK(text::is_identifier("dbm_version"));
    CHECK(text::is_identifier("_private1"));
    CHECK(text::is_identifier("AlembicVersion"));
    CHECK_FALSE(text::is_identifier(""));
    CHECK_FALSE(text::is_identifier("1table"));
    CHECK_FALSE(text::is_identifier("bad name"));
    CHECK_FALSE(text::is_identifier("dash-name"));
    CHECK_FALSE(text::is_identifier("tabla_ñ"));
}

// --- one_line ------------------------------------------------------------------------------

TEST_CASE("one_line collapses every run of whitespace into one space", "[text][one_line]") {
    CHECK(text::one_line("  CREATE TABLE users (\n    id INTEGER,\n\tname TEXT\n);  ") ==
          "CREATE TABLE users ( id INTEGER, name TEXT );");
}

TEST_CASE("one_line truncates long text with an ellipsis within the limit", "[text][one_line]") {
    const std::string long_sql = "INSERT INTO t VALUES (" + std::string(200, '1') + ")";
    const std::string line = text::one_line(long_sql);
    CHECK(line.size() == 80);
    CHECK(line.substr(0, 22) == "INSERT INTO t VALUES (");
    CHECK(line.substr(77) == "...");

    CHECK(text::one_line("abcdefghij", 8) == "abcde...");
    CHECK(text::one_line("abcdefgh", 8) == "abcdefgh");
}

TEST_CASE("quoted wraps text in the quote and doubles the quote inside", "[text][quoted]") {
    CHECK(text::quoted("it's", '\'') == "'it''s'");
    CHECK(text::quoted("say \"hi\"", '"') == "\"say \"\"hi\"\"\"");
    CHECK(text::quoted("", '\'') == "''");
    CHECK(text::quoted("no quotes", '"') == "\"no quotes\"");
}

TEST_CASE("line_column_at counts lines and columns from 1", "[text][line_column_at]") {
    const std::string text = "first\nsecond line\nthird";
    CHECK(text::line_column_at(text, 0).line == 1);
    CHECK(text::line_column_at(text, 0).column == 1);
    CHECK(text::line_column_at(text, 3).column == 4);
    CHECK(text::line_column_at(text, 6).line == 2);
    CHECK(text::line_column_at(text, 6).column == 1);
    CHECK(text::line_column_at(text, 13).line == 2);
    CHECK(text::line_column_at(text, 13).column == 8);
    CHECK(text::line_column_at(text, 18).line == 3);
    CHECK(text::line_column_at(text, 18).column == 1);
}

TEST_CASE("LineCounter gives line_column_at's answer for offsets in any order", "[text][line_column_at]") {
    const std::string text = "CREATE TABLE t (\n  a INTEGER,\n\n  b TEXT\r\n)\n";
    const auto same = [&](text::LineCounter& counter, std::size_t offset) {
        const auto counted = counter.at(offset);
        const auto direct = text::line_column_at(text, offset);
        INFO(offset);
        CHECK(counted.line == direct.line);
        CHECK(counted.column == direct.column);
    };
    text::LineCounter increasing(text);
    for (std::size_t offset = 0; offset <= text.size() + 2; ++offset) same(increasing, offset);  // past the end too
    text::LineCounter skipping(text);
    for (std::size_t offset = 0; offset <= text.size(); offset += 3) same(skipping, offset);
    text::LineCounter backwards(text);
    for (std::size_t offset = text.size() + 1; offset-- > 0;) same(backwards, offset);
}

TEST_CASE("undoubled turns each doubled quote back into one", "[text][quoted]") {
    CHECK(text::undoubled("it''s", '\'') == "it's");
    CHECK(text::undoubled("say \"\"hi\"\"", '"') == "say \"hi\"");
    CHECK(text::undoubled("a''''b", '\'') == "a''b");
    CHECK(text::undoubled("plain", '\'') == "plain");
    CHECK(text::undoubled(text::quoted("x'y", '\'').substr(1, 4), '\'') == "x'y");
}

TEST_CASE("printable escapes control characters and bytes that are not UTF-8, and keeps the rest", "[text]") {
    using dbm::text::printable;
    CHECK(printable("plain, tabbed\there; caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") ==
          "plain, tabbed\there; caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    CHECK(printable("\x1b[31mred\x07\r\n\x7f") == "\\x1b[31mred\\x07\\x0d\\x0a\\x7f");
    // C1 controls (CSI is U+009B) are as dangerous as ESC on many terminals.
    CHECK(printable("a\xc2\x9b" "31m") == "a\\xc2\\x9b31m");
    CHECK(printable("\xff\xfe ok \xc3") == "\\xff\\xfe ok \\xc3");
    CHECK(printable("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // a UTF-16 surrogate is not UTF-8
}
