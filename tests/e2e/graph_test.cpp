// Branches, merges, and how revision arguments resolve, seen from the command line.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "harness.hpp"

using e2e::lines;
using e2e::Project;

namespace {

// base -> aaaa00000001 -> {bbbb00000002, cccc00000003}: two heads.
void two_heads(const Project& project) {
    project.init();
    project.add_revision("aaaa00000001", "Root", "", "CREATE TABLE root (id INTEGER PRIMARY KEY);", "DROP TABLE root;",
                         "2026-11-20 10:00:00.000000");
    project.add_revision("bbbb00000002", "Left", "aaaa00000001", "CREATE TABLE left_side (id INTEGER PRIMARY KEY);",
                         "DROP TABLE left_side;", "2026-11-21 10:00:00.000000");
    project.add_revision("cccc00000003", "Right", "aaaa00000001", "CREATE TABLE right_side (id INTEGER PRIMARY KEY);",
                         "DROP TABLE right_side;", "2026-11-22 10:00:00.000000");
}

}  // namespace

TEST_CASE("with two heads, 'upgrade head' names both and 'upgrade heads' applies both", "[graph]") {
    Project project;
    two_heads(project);
    auto result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 2);
    CHECK(result.err ==
          "dbm: error: 'head' is ambiguous: there are 2 heads (bbbb00000002, cccc00000003); name one, use 'heads', or "
          "merge them with 'dbm merge -m MSG heads'\n");
    CHECK(project.query("SELECT count(*) FROM sqlite_schema") == "0\n");

    result = project.dbm({"upgrade", "heads"});
    REQUIRE(result.exit_code == 0);
    CHECK(lines(result.out) == std::vector<std::string>{
                                   "  Upgrading to aaaa00000001_root... done",
                                   "  Upgrading to bbbb00000002_left... done",
                                   "  Upgrading to cccc00000003_right... done",
                               });
    CHECK(project.query("SELECT version_num FROM dbm_version ORDER BY 1") == "bbbb00000002\ncccc00000003\n");
    CHECK(project.dbm({"current"}).out ==
          "  Current revision for app.db: bbbb00000002 (head)\n  Current revision for app.db: cccc00000003 (head)\n");

    result = project.dbm({"heads"});
    CHECK(result.out == "bbbb00000002 (head)\ncccc00000003 (head)\n");
    result = project.dbm({"branches"});
    CHECK(result.out == "aaaa00000001 (branchpoint)\n             -> bbbb00000002 (head)\n             -> cccc00000003 (head)\n");

    // As in Alembic, downgrading to a revision reverts everything applied above it, on
    // every branch.
    result = project.dbm({"downgrade", "aaaa0"});
    REQUIRE(result.exit_code == 0);
    CHECK(lines(result.out) == std::vector<std::string>{
                                   "  Downgrading to aaaa00000001_root... done",
                                   "  Downgrading to aaaa00000001_root... done",
                               });
    CHECK(project.query("SELECT version_num FROM dbm_version ORDER BY 1") == "aaaa00000001\n");
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE name IN ('left_side', 'right_side')") == "0\n");
    // With two heads applied, "-1" does not say which branch to step down.
    REQUIRE(project.dbm({"upgrade", "heads"}).exit_code == 0);
    result = project.dbm({"downgrade"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("'-1' is ambiguous") != std::string::npos);
}

TEST_CASE("merge joins two heads into one revision that upgrade then applies", "[graph]") {
    Project project;
    two_heads(project);
    REQUIRE(project.dbm({"upgrade", "bbbb00000002"}).exit_code == 0);

    auto result = project.dbm({"merge", "-m", "Merge branches", "--rev-id", "dddd00000004", "heads"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Generating migrations/versions/dddd00000004_merge_branches.sql...  done\n");
    CHECK(project.read("migrations/versions/dddd00000004_merge_branches.sql").find("-- Revises: bbbb00000002, cccc00000003\n") !=
          std::string::npos);
    CHECK(project.dbm({"heads"}).out == "dddd00000004 (head)\n");

    result = project.dbm({"upgrade"});
    REQUIRE(result.exit_code == 0);
    CHECK(lines(result.out) == std::vector<std::string>{
                                   "  Upgrading to cccc00000003_right... done",
                                   "  Upgrading to dddd00000004_merge_branches... done",
                               });
    CHECK(project.query("SELECT version_num FROM dbm_version") == "dddd00000004\n");

    result = project.dbm({"downgrade"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Downgrading to bbbb00000002_left, cccc00000003_right... done\n");
    CHECK(project.query("SELECT version_num FROM dbm_version ORDER BY 1") == "bbbb00000002\ncccc00000003\n");

    result = project.dbm({"history"});
    CHECK(lines(result.out).at(2).rfind("dddd00000004 (head) (mergepoint)", 0) == 0);
}

TEST_CASE("revision refuses to guess between two heads and --head/--splice choose the parent", "[graph]") {
    Project project;
    two_heads(project);
    auto result = project.dbm({"revision", "-m", "Next"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("there are 2 heads (bbbb00000002, cccc00000003); pass --head") != std::string::npos);
    CHECK(lines(project.dbm({"heads"}).out).size() == 2);

    result = project.dbm({"revision", "-m", "Next", "--head", "bbbb", "--rev-id", "eeee00000005"});
    REQUIRE(result.exit_code == 0);
    CHECK(project.read("migrations/versions/eeee00000005_next.sql").find("-- Revises: bbbb00000002\n") != std::string::npos);

    result = project.dbm({"revision", "-m", "Branch", "--head", "aaaa00000001"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "dbm: error: revision aaaa00000001 is not a head; pass --splice to start a new branch from it\n");
    result = project.dbm({"revision", "-m", "Branch", "--head", "aaaa00000001", "--splice", "--rev-id", "ffff00000006",
                          "--depends-on", "cccc"});
    REQUIRE(result.exit_code == 0);
    const std::string branch = project.read("migrations/versions/ffff00000006_branch.sql");
    CHECK(branch.find("-- Revises: aaaa00000001\n-- Depends On: cccc00000003\n") != std::string::npos);

    result = project.dbm({"revision", "-m", "Again", "--head", "eeee", "--rev-id", "eeee00000005"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("revision id 'eeee00000005' already exists") != std::string::npos);
}

TEST_CASE("an ambiguous prefix lists the candidates and an unknown revision is an error", "[graph]") {
    Project project;
    project.init();
    project.add_revision("abc100000001", "One", "", "CREATE TABLE one (id INTEGER);", "DROP TABLE one;");
    project.add_revision("abc200000002", "Two", "abc100000001", "CREATE TABLE two (id INTEGER);", "DROP TABLE two;");

    auto result = project.dbm({"upgrade", "abc"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "dbm: error: ambiguous revision prefix 'abc': it matches abc100000001, abc200000002\n");

    result = project.dbm({"upgrade", "zzz"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "dbm: error: unknown revision 'zzz': no revision id starts with it\n");

    result = project.dbm({"upgrade", "abc1"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Upgrading to abc100000001_one... done\n");
    result = project.dbm({"upgrade", "+1"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Upgrading to abc200000002_two... done\n");
    result = project.dbm({"downgrade", "-2"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Downgrading to abc100000001_one... done\n  Downgrading to <base>... done\n");
    result = project.dbm({"downgrade", "-1"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("goes below base") != std::string::npos);
    result = project.dbm({"upgrade", "head-1"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Upgrading to abc100000001_one... done\n");

    result = project.dbm({"show", "abc2"});
    REQUIRE(result.exit_code == 0);
    CHECK(lines(result.out) == std::vector<std::string>{
                                   "Rev: abc200000002 (head)",
                                   "Parent: abc100000001",
                                   "Path: migrations/versions/abc200000002_two.sql",
                                   "Create Date: 2026-11-24 14:00:00.000000",
                                   "",
                                   "    Two",
                               });
}

TEST_CASE("a cycle, a duplicate id and an unknown parent are reported with the files involved", "[graph]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "One", "bbbb00000002", "SELECT 1;", "SELECT 1;");
    project.add_revision("bbbb00000002", "Two", "aaaa00000001", "SELECT 1;", "SELECT 1;");
    auto result = project.dbm({"history"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("dbm: error: the revisions form a cycle: ") == 0);
    CHECK(result.err.find("aaaa00000001") != std::string::npos);
    CHECK(result.err.find("bbbb00000002") != std::string::npos);

    std::filesystem::remove(project.path("migrations/versions/bbbb00000002_two.sql"));
    result = project.dbm({"history"});
    CHECK(result.exit_code == 2);
    CHECK(result.err ==
          "migrations/versions/aaaa00000001_one.sql:4: error: Revises: unknown revision 'bbbb00000002' (no file in "
          "migrations/versions has that Revision ID)\n");

    project.write("migrations/versions/aaaa00000001_copy.sql", project.read("migrations/versions/aaaa00000001_one.sql"));
    result = project.dbm({"history"});
    CHECK(result.exit_code == 2);
    CHECK(result.err ==
          "dbm: error: revision id 'aaaa00000001' is used twice: in migrations/versions/aaaa00000001_copy.sql and in "
          "migrations/versions/aaaa00000001_one.sql\n");
}

TEST_CASE("history --graph draws branches and merges beside the revisions", "[graph]") {
    Project project;
    project.init();
    const auto add = [&](const std::string& id, const std::string& message, const std::string& revises, int minute) {
        project.add_revision(id, message, revises, "SELECT 1;", "SELECT 1;",
                             fmt::format("2026-11-24 14:{:02}:00.000000", minute));
    };
    add("a1", "Base", "", 0);
    add("a2", "Left", "a1", 1);
    add("b2", "Right", "a1", 2);
    add("b3", "Right again", "b2", 3);
    add("m1", "Join", "a2, b3", 4);
    add("c1", "After", "m1", 5);
    add("s1", "Side", "a1", 6);
    const auto result = project.dbm({"history", "--graph"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "*     s1 (head)  2026-11-24 14:06:00  Side\n"
                        "| *   c1 (head)  2026-11-24 14:05:00  After\n"
                        "| *   m1 (mergepoint)  2026-11-24 14:04:00  Join\n"
                        "| |\\\n"
                        "| | * b3  2026-11-24 14:03:00  Right again\n"
                        "| | * b2  2026-11-24 14:02:00  Right\n"
                        "| * | a2  2026-11-24 14:01:00  Left\n"
                        "| |/\n"
                        "|/\n"
                        "*     a1 (branchpoint)  2026-11-24 14:00:00  Base\n");
    // A straight line is one lane.
    CHECK(lines(project.dbm({"history", "--graph", "-r", "a1:a2"}).out) ==
          std::vector<std::string>{"* a2  2026-11-24 14:01:00  Left", "* a1 (branchpoint)  2026-11-24 14:00:00  Base"});
}
