// -v: the SQL dbm runs, on stderr, for commands that touch the database; "each revision in
// full" for history, heads and branches, as in Alembic, with no SQL.
#include <catch2/catch.hpp>

#include <regex>

#include "harness.hpp"

using e2e::lines;
using e2e::Project;

namespace {

bool has_line(const std::string& text, const std::string& pattern) {
    for (const auto& line : lines(text))
        if (std::regex_match(line, std::regex(pattern))) return true;
    return false;
}

}  // namespace

TEST_CASE("upgrade with -v prints the SQL it runs on stderr and leaves stdout as it is", "[verbose]") {
    Project project;
    project.init();
    project.add_two_revisions();
    const auto result = project.dbm({"-v", "upgrade"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out ==
          "  Upgrading to aaaa00000001_create_things... done\n  Upgrading to aaaa00000002_more_things... done\n");
    const std::string time = R"(\[\d\d:\d\d:\d\d\.\d{3}\] )";
    CHECK(has_line(result.err, time + "opened app\\.db"));
    CHECK(has_line(result.err, time + "BEGIN IMMEDIATE"));
    // The revisions' statements as written, with their semicolons.
    CHECK(has_line(result.err, time + "CREATE TABLE things \\(id INTEGER PRIMARY KEY, v TEXT\\);"));
    CHECK(has_line(result.err, time + "INSERT INTO things \\(v\\) VALUES \\('two'\\);"));
    CHECK(has_line(result.err, time + "PRAGMA foreign_key_check"));
    CHECK(has_line(result.err, time + "COMMIT"));
    // Without -v, nothing on stderr.
    CHECK(project.dbm({"downgrade"}).err.empty());
}

TEST_CASE("history -v, heads -v and branches -v show revisions in full, and no SQL", "[verbose]") {
    Project project;
    project.init();
    project.add_two_revisions();
    REQUIRE(project.dbm({"upgrade", "aaaa00000001"}).exit_code == 0);

    auto result = project.dbm({"history", "-v"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.empty());
    const auto history = lines(result.out);
    REQUIRE(history.size() == 13);
    CHECK(history[0] == "Rev: aaaa00000002 (head)");
    CHECK(history[1] == "Parent: aaaa00000001");
    CHECK(history[2] == "Path: migrations/versions/aaaa00000002_more_things.sql");
    CHECK(history[5] == "    More things");
    CHECK(history[6].empty());
    CHECK(history[7] == "Rev: aaaa00000001 (current)");
    CHECK(history[8] == "Parent: <base>");
    CHECK(history[12] == "    Create things");

    result = project.dbm({"-v", "heads"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.empty());
    CHECK(lines(result.out).at(0) == "Rev: aaaa00000002 (head)");

    project.add_revision("aaaa00000003", "Side", "aaaa00000001", "SELECT 1;", "SELECT 1;");
    result = project.dbm({"branches", "-v"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.empty());
    // Each child with its message.
    CHECK(lines(result.out) == std::vector<std::string>{"aaaa00000001 (branchpoint)",
                                                        "             -> aaaa00000002 (head), More things",
                                                        "             -> aaaa00000003 (head), Side"});
}
