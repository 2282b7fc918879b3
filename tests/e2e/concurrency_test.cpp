// SPEC §7.2: BEGIN IMMEDIATE with the busy timeout is the cross-process lock, and the plan
// is made inside it. Racing upgrades run one after the other.
#include <catch2/catch.hpp>

#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>

#include "harness.hpp"

using e2e::Project;

TEST_CASE("a second upgrade waits for the first, then reports the database up to date", "[concurrency]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "Create things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY);",
                         "DROP TABLE things;");
    project.add_revision("aaaa00000002", "Fill things", "aaaa00000001",
                         "INSERT INTO things (id) VALUES (1), (2), (3);", "DELETE FROM things;");
    // Hold the write lock so that both upgrades start and wait on it together.
    SQLite::Database holder(project.path("app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    holder.exec("BEGIN IMMEDIATE");
    auto first = project.dbm_background({"upgrade"});
    auto second = project.dbm_background({"upgrade"});
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    holder.exec("COMMIT");

    const auto a = first.wait();
    const auto b = second.wait();
    CHECK(a.exit_code == 0);
    CHECK(b.exit_code == 0);
    const std::string applied = "  Upgrading to aaaa00000001_create_things... done\n"
                                "  Upgrading to aaaa00000002_fill_things... done\n";
    const std::string up_to_date = "  Database is up to date at aaaa00000002_fill_things.\n";
    CHECK(((a.out == applied && b.out == up_to_date) || (a.out == up_to_date && b.out == applied)));
    CHECK(project.query("SELECT revision, direction FROM dbm_log ORDER BY id") ==
          "aaaa00000001|upgrade\naaaa00000002|upgrade\n");
    CHECK(project.query("SELECT count(*) FROM things") == "3\n");
}
