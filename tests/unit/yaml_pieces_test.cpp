// Unit tests for parsing a models file in pieces (src/schema/yaml_pieces.hpp and
// yaml::Document::parse): where the text is cut, and that every cut parses to exactly the
// nodes, marks and errors of one parse of the whole text.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "dbm/error.hpp"
#include "schema/models.hpp"
#include "schema/yaml_pieces.hpp"
#include "schema/yaml_tree.hpp"
#include "yaml_outline.hpp"
#include "sqlite_schema.hpp"

using dbm::yaml::cut_at_tables;
using dbm::yaml::Document;
using dbm::yaml::ParseOptions;

namespace {

std::size_t pieces_parsed(const std::string& text, std::size_t pieces) {
    ParseOptions options;
    options.pieces = pieces;
    return Document::parse(text, "models.yaml", options)->pieces();
}

// Every way of cutting `text` into 2 to 6 pieces gives what one parse gives, and so does
// reading it a piece at a time, whenever that reads it all.
void check_same_as_whole(const std::string& text) {
    const std::string whole = test::outline_of_parse(text, 1);
    bool parses = true;
    const std::string whole_entries = test::outline_entries_of_parse(text, &parses);
    for (std::size_t pieces = 2; pieces <= 6; ++pieces) {
        INFO("pieces: " << pieces << "\n" << text);
        CHECK(test::outline_of_parse(text, pieces) == whole);
        const std::string each = test::outline_of_each_piece(text, pieces);
        if (!parses) CHECK(each.empty());
        if (!each.empty()) CHECK(each == whole_entries);
    }
}

std::vector<int> cut_lines(const std::string& text, std::size_t count) {
    std::vector<int> lines;
    for (const auto& piece : cut_at_tables(text, count).pieces) lines.push_back(piece.first_line);
    return lines;
}

std::string tables(int count) {
    std::string text = "tables:\n";
    for (int i = 0; i < count; ++i)
        text += "  t" + std::to_string(i) + ":\n    columns:\n      id: {type: integer, primary_key: true}\n";
    return text;
}

}  // namespace

TEST_CASE("the text is cut before entry lines of the top-level tables mapping", "[yaml]") {
    const std::string text = tables(4);  // table i starts on line 1 + 3i
    CHECK(cut_lines(text, 1) == std::vector<int>{0});
    CHECK(cut_lines(text, 2) == std::vector<int>{0, 7});
    CHECK(cut_lines(text, 4) == std::vector<int>{0, 4, 7, 10});
    CHECK(cut_lines(text, 10) == std::vector<int>{0, 4, 7, 10});
    const std::string after_views = "views: {}\n" + text;  // the pieces point into it
    const auto cut = cut_at_tables(after_views, 2);
    CHECK(cut.tables_line == 1);
    REQUIRE(cut.pieces.size() == 2);
    CHECK(cut.pieces[1].text.starts_with("  t2:\n"));
}

TEST_CASE("text with no safe cut stays whole", "[yaml]") {
    CHECK(cut_lines("tables: {a: {columns: {}}, b: {columns: {}}}\n", 4).size() == 1);
    CHECK(cut_lines("tables: &all\n" + tables(4).substr(8), 4).size() == 1);
    CHECK(cut_lines("tables:\nt0:\n  columns: {}\nt1:\n  columns: {}\n", 4).size() == 1);  // entries at column 0
    CHECK(cut_lines("tables:\n  - t0\n  - t1\n  - t2\n", 4).size() == 1);
    CHECK(cut_lines(tables(4) + "---\n" + tables(2), 4).size() == 1);  // a second document
    CHECK(cut_lines(tables(4) + "...\n", 4).size() == 1);
    CHECK(cut_lines("views:\n  v: x\n", 4).size() == 1);
    CHECK(cut_lines(tables(1), 4).size() == 1);
}

TEST_CASE("a parse in pieces gives the nodes and marks of one parse", "[yaml]") {
    SECTION("plain tables, then views and triggers") {
        const std::string text = tables(7) + "views:\n  v: CREATE VIEW v AS SELECT 1\ntriggers: {}\n";
        CHECK(pieces_parsed(text, 3) == 3);
        check_same_as_whole(text);
    }
    SECTION("keys before tables, comments and blank lines between tables") {
        check_same_as_whole("# models\n---\nviews: {}\ntables:\n\n  a:\n    columns: {id: {type: integer}}\n# between\n"
                            "  # indented comment\n\n  b:\n    columns: {id: {type: integer}}\n  'c d':\n    columns: {}\n"
                            "  \"e\":\n    columns: {}\n  f: ~\n  g:\n");
    }
    SECTION("CRLF line endings") {
        std::string text = tables(5) + "views: {}\n";
        std::string crlf;
        for (const char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        check_same_as_whole(crlf);
    }
    SECTION("a block scalar, a multi-line plain scalar and a quoted key") {
        check_same_as_whole("tables:\n  a:\n    checks:\n      c: |\n        x > 1\n\n        and y\n  b:\n    checks:\n"
                            "      d: x >\n        1\n  c:\n    columns: {id: {type: text}}\n");
    }
    SECTION("a quoted scalar whose next line looks like a table (parsed whole)") {
        CHECK(pieces_parsed("tables:\n  a:\n    checks:\n      c: \"x >\n  b: 1\"\n  d: {}\n", 2) == 1);
        check_same_as_whole("tables:\n  a:\n    checks:\n      c: \"x >\n  b: 1\"\n  d:\n    columns: {}\n  e:\n    columns: {}\n");
        check_same_as_whole("tables:\n  a:\n    checks:\n      c: 'x >\n  b: 1'\n  d:\n    columns: {}\n  e:\n    columns: {}\n");
    }
    SECTION("a flow mapping whose next line looks like a table") {
        check_same_as_whole("tables:\n  a:\n    columns: {id: {type:\n  b: 1}}\n  d:\n    columns: {}\n  e:\n    columns: {}\n");
        check_same_as_whole("tables:\n  a:\n    columns: [\n  b, c]\n  d:\n    columns: {}\n  e: {}\n");
    }
    SECTION("an alias to an anchor in an earlier table (parsed whole)") {
        CHECK(pieces_parsed("tables:\n  a: &t\n    columns: {}\n  b: *t\n", 2) == 1);
        check_same_as_whole("tables:\n  a:\n    columns: &cols\n      id: {type: integer}\n  b:\n    columns: {}\n"
                            "  c:\n    columns: *cols\n  d:\n    columns: *cols\n");
    }
    SECTION("duplicate table names in different pieces") {
        check_same_as_whole("tables:\n  a:\n    columns: {}\n  b:\n    columns: {}\n  a:\n    columns: {}\n  c: {}\n");
    }
    SECTION("a second tables key, and a second document") {
        check_same_as_whole(tables(4) + "tables:\n  z: {}\n");
        check_same_as_whole(tables(4) + "---\n" + tables(3));
    }
    SECTION("syntax errors report the whole text's line and column") {
        check_same_as_whole(tables(4) + "  t9:\n    columns: {id: {type: integer}\n  t10:\n    columns: {}\n");
        check_same_as_whole(tables(4) + "  t9:\n    columns: [a, b\n" + tables(3).substr(8));
        check_same_as_whole(tables(4) + "  t9:\n\tcolumns: {}\n" + tables(3).substr(8));
        check_same_as_whole(tables(4) + "  t9:\n   columns: {}\n  columns: {}\n" + tables(3).substr(8));
    }
}

TEST_CASE("every model change in the corpus parses in pieces as in one piece", "[yaml]") {
    const std::filesystem::path corpus = std::filesystem::path(DBM_SOURCE_DIR) / "tests";
    int files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(corpus)) {
        if (entry.path().extension() != ".yaml") continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        INFO(entry.path());
        check_same_as_whole(text.str());
        ++files;
    }
    CHECK(files >= 80);
}

TEST_CASE("a large models file is loaded in pieces, with errors at their real line", "[yaml]") {
    // 2,000 tables, ~200 KB: more than one piece on any machine with two cores.
    std::string text = tables(2000);
    REQUIRE(cut_at_tables(text, 2).pieces.size() == 2);
    if (std::thread::hardware_concurrency() >= 2) CHECK(Document::parse(text, "models.yaml", ParseOptions{})->pieces() >= 2);
    const dbm::Schema schema = sqlite_schema::parse_models_yaml(text, "models.yaml");
    REQUIRE(schema.tables.size() == 2000);
    CHECK(schema.tables.back().name == "t1999");
    text += "  last:\n    columns:\n      id: {type: integer, primry_key: true}\n";
    try {
        sqlite_schema::parse_models_yaml(text, "models.yaml");
        FAIL("a misspelt key was accepted");
    } catch (const dbm::InputError& error) {
        CHECK_THAT(std::string(error.what()), Catch::Contains("did you mean 'primary_key'"));
        CHECK(error.where().line == 6004);
        CHECK(error.where().column == 27);
    }
}

TEST_CASE("a large models file is read a piece at a time, each piece in order", "[yaml]") {
    const std::string text = tables(500) + "views:\n  v: SELECT 1\n";
    std::string whole;
    test::outline_entries(Document::parse(text, "models.yaml", ParseOptions{1})->root(), false, whole);
    for (const std::size_t threads : {1, 2, 3}) {
        std::size_t visited = 0;
        CHECK(test::outline_of_each_piece(text, threads, &visited) == whole);
        CHECK(visited == 500);
    }
    // What one parse refuses, reading by pieces does not take: a table or a top-level key
    // twice in two pieces, a syntax error in the last piece, an alias to an earlier piece.
    for (const std::string& bad :
         {tables(500) + "  t3:\n    columns:\n      id: integer\n", tables(500) + "views: {}\nviews: {}\n",
          tables(500) + "  z: [\n", std::string("tables:\n  a: &x\n    columns: {id: integer}\n  b: *x\n")}) {
        INFO(bad.substr(bad.size() > 60 ? bad.size() - 60 : 0));
        CHECK(test::outline_of_each_piece(bad, 2).empty());
    }
    // Models read a piece at a time hold every table in order, and a table declared twice
    // in two pieces is reported as one parse reports it.
    std::string models = tables(3000);
    const dbm::Schema schema = sqlite_schema::parse_models_yaml(models, "models.yaml");
    CHECK(schema.tables.size() == 3000);
    CHECK(schema.tables.back().name == "t2999");
    models += "  t3:\n    columns:\n      id: integer\n";
    CHECK_THROWS_WITH(sqlite_schema::parse_models_yaml(models, "models.yaml"), Catch::Contains("duplicate key 't3'"));
}

TEST_CASE("a table declared twice is refused even when the two land in different pieces", "[yaml]") {
    std::string text = tables(2000) + "  t3:\n    columns:\n      id: integer\n";
    REQUIRE(cut_at_tables(text, 2).pieces.size() == 2);
    for (const std::size_t pieces : {1, 2, 4}) {
        ParseOptions options;
        options.pieces = pieces;
        try {
            Document::parse(text, "models.yaml", options);
            FAIL("a duplicate table was accepted in " << pieces << " pieces");
        } catch (const dbm::InputError& error) {
            CHECK_THAT(std::string(error.what()), Catch::Contains("duplicate key 't3'"));
            CHECK(error.where().line == 6002);
        }
    }
}
