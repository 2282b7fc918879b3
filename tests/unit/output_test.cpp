// Unit tests for table rendering and the JSON writer (src/cli/output.hpp, src/cli/json.hpp).
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "cli/json.hpp"
#include "cli/output.hpp"
#include "util/text.hpp"

using dbm::cli::Json;
using dbm::cli::render_table;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto end = text.find('\n', pos);
        lines.push_back(text.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
        if (end == std::string::npos) break;
        pos = end + 1;
    }
    return lines;
}

// Columns counted in code points, as a terminal shows UTF-8 text.
std::size_t columns_before(const std::string& line, char marker) {
    std::size_t columns = 0;
    for (const char c : line.substr(0, line.find(marker)))
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++columns;
    return columns;
}

}  // namespace

// --- render_table -------------------------------------------------------------------------

TEST_CASE("render_table aligns columns under a rule, as dbm history shows them", "[output][table]") {
    const std::string table = render_table({"Rev", "Message", "Date"},
                                           {{"3f2a9c1b7d4e (head)", "Add user table", "2026-11-25 06:30:12"},
                                            {"9b1c0d2e3f4a", "Initial migration", "2026-11-24 14:00:00"}});
    CHECK(table ==
          "Rev                  | Message            | Date\n"
          "---------------------+--------------------+--------------------\n"
          "3f2a9c1b7d4e (head)  | Add user table     | 2026-11-25 06:30:12\n"
          "9b1c0d2e3f4a         | Initial migration  | 2026-11-24 14:00:00\n");
}

TEST_CASE("render_table leaves no trailing spaces on any line", "[output][table]") {
    const std::string table =
        render_table({"Rev", "Message"}, {{"a", "short"}, {"bbbbbbbbbbbb", "a much longer message"}, {"c", "x"}});
    CHECK(table.back() == '\n');
    for (const auto& line : lines_of(table)) {
        INFO("[" << line << "]");
        CHECK((line.empty() || line.back() != ' '));
    }
}

TEST_CASE("render_table leaves no trailing space when the last cell is empty", "[output][table]") {
    // e.g. a revision written with an empty message.
    const std::string table = render_table({"Rev", "Message"}, {{"3f2a9c1b7d4e", ""}, {"9b1c0d2e3f4a", "Initial"}});
    for (const auto& line : lines_of(table)) {
        INFO("[" << line << "]");
        CHECK((line.empty() || line.back() != ' '));
    }
    CHECK(lines_of(table).at(2) == "3f2a9c1b7d4e  |");
}

TEST_CASE("render_table pads UTF-8 text by display width, not bytes", "[output][table]") {
    const std::string table = render_table({"Message", "Date"}, {{"Añadir tabla", "2026-11-25"}, {"Add", "2026-11-24"}});
    CHECK(table ==
          "Message       | Date\n"
          "--------------+-----------\n"
          "Añadir tabla  | 2026-11-25\n"
          "Add           | 2026-11-24\n");
    const auto lines = lines_of(table);
    REQUIRE(lines.size() == 4);
    CHECK(columns_before(lines[0], '|') == columns_before(lines[2], '|'));
    CHECK(columns_before(lines[1], '+') == columns_before(lines[2], '|'));
    CHECK(columns_before(lines[3], '|') == columns_before(lines[2], '|'));
}

TEST_CASE("render_table of a header without rows prints the header and the rule", "[output][table]") {
    CHECK(render_table({"Rev", "Message"}, {}) ==
          "Rev  | Message\n"
          "-----+--------\n");
}

// --- Json ---------------------------------------------------------------------------------

TEST_CASE("Json writes nested objects and arrays as compact JSON", "[output][json]") {
    Json json;
    json.begin_object()
        .key("current").value(std::vector<std::string>{"3f2a9c1b7d4e", "9b1c0d2e3f4a"})
        .key("count").value(std::int64_t{2})
        .key("negative").value(std::int64_t{-7})
        .key("clean").value(true)
        .key("dirty").value(false)
        .key("note").null()
        .key("revisions").begin_array()
            .begin_object().key("id").value("3f2a").key("heads").begin_array().end_array().end_object()
            .begin_object().key("id").value("9b1c").key("meta").begin_object().end_object().end_object()
        .end_array()
        .key("empty").value(std::vector<std::string>{})
        .end_object();
    CHECK(json.str() ==
          R"({"current":["3f2a9c1b7d4e","9b1c0d2e3f4a"],"count":2,"negative":-7,"clean":true,"dirty":false,)"
          R"("note":null,"revisions":[{"id":"3f2a","heads":[]},{"id":"9b1c","meta":{}}],"empty":[]})");
}

TEST_CASE("Json writes a top-level array of scalars with commas between them", "[output][json]") {
    Json json;
    json.begin_array().value("a").value(std::int64_t{1}).null().value(true).end_array();
    CHECK(json.str() == R"(["a",1,null,true])");
}

TEST_CASE("Json escapes quotes, backslashes, newlines and control characters", "[output][json]") {
    Json json;
    json.begin_object().key("sql").value("SELECT \"x\" FROM t\\u WHERE a = 'b';\n\tnext\r\x01\x1f").end_object();
    CHECK(json.str() == R"({"sql":"SELECT \"x\" FROM t\\u WHERE a = 'b';\n\tnext\r\u0001\u001f"})");
}

TEST_CASE("Json escapes keys like values and keeps UTF-8 text as it is", "[output][json]") {
    Json json;
    json.begin_object().key("we\"ird\nkey").value("Añadir tabla").end_object();
    CHECK(json.str() == "{\"we\\\"ird\\nkey\":\"Añadir tabla\"}");
}

TEST_CASE("render_table aligns CJK and emoji by the columns they take on a terminal", "[output][table]") {
    const std::string table = render_table({"Rev", "Message", "Date"},
                                           {{"aaaa", "ユーザー表を追加", "2026-11-25"},
                                            {"bbbb", "Add 🚀 launch", "2026-11-24"},
                                            {"cccc", "Café crème", "2026-11-23"}});
    CHECK(table ==
          "Rev   | Message           | Date\n"
          "------+-------------------+-----------\n"
          "aaaa  | ユーザー表を追加  | 2026-11-25\n"
          "bbbb  | Add 🚀 launch     | 2026-11-24\n"
          "cccc  | Café crème        | 2026-11-23\n");
}

TEST_CASE("render_table cuts the chosen column so that lines fit the terminal", "[output][table]") {
    const std::string long_message(120, 'x');
    const std::string table = render_table({"Rev", "Message", "Date"},
                                           {{"3f2a9c1b7d4e (head)", long_message, "2026-11-25 06:30:12"},
                                            {"9b1c0d2e3f4a", "Short", "2026-11-24 14:00:00"}},
                                           80, 1);
    for (const auto& line : lines_of(table)) {
        INFO(line);
        CHECK(dbm::text::display_width(line) <= 80);
    }
    CHECK(lines_of(table).at(2) == "3f2a9c1b7d4e (head)  | " + std::string(33, 'x') + "…  | 2026-11-25 06:30:12");
    CHECK(lines_of(table).at(3) == "9b1c0d2e3f4a         | Short" + std::string(31, ' ') + "| 2026-11-24 14:00:00");
    // A wide character is never split: the cut falls before it.
    CHECK(dbm::text::truncate_to_width("表表表", 4) == "表…");
    CHECK(dbm::text::display_width("表表表") == 6);
    CHECK(dbm::text::display_width("e\u0301") == 1);  // a combining accent takes no column
}

TEST_CASE("wrap_help breaks long help lines at word boundaries under their description", "[output][help]") {
    const std::string help = "Options:\n"
                             "  --lock-timeout MS           How long to wait for another dbm or writer to finish\n"
                             "  --db TEXT                   Short\n";
    CHECK(dbm::text::wrap_help(help, 60) == "Options:\n"
                                           "  --lock-timeout MS           How long to wait for another\n"
                                           "                              dbm or writer to finish\n"
                                           "  --db TEXT                   Short\n");
    for (const auto& line : lines_of(dbm::text::wrap_help(help, 60))) CHECK(line.size() <= 60);
    // A word longer than the width is left whole rather than cut.
    CHECK(dbm::text::wrap_help("  x  " + std::string(70, 'y') + "\n", 40) == "  x  " + std::string(70, 'y') + "\n");
}
