// SPEC §7.1: one upgrade is one transaction. A failure anywhere leaves schema, rows and
// the version table exactly as they were.
#include <catch2/catch.hpp>

#include "harness.hpp"

using e2e::lines;
using e2e::Project;

namespace {

void three_revisions_third_failing(const Project& project) {
    project.add_revision("aaaa00000001", "First", "", "CREATE TABLE first (id INTEGER PRIMARY KEY, v TEXT);\nINSERT INTO first (v) VALUES ('a');",
                         "DROP TABLE first;");
    project.add_revision("aaaa00000002", "Second", "aaaa00000001",
                         "CREATE TABLE second (id INTEGER PRIMARY KEY);\nUPDATE kept SET v = 'changed';",
                         "DROP TABLE second;");
    project.add_revision("aaaa00000003", "Break", "aaaa00000002",
                         "CREATE TABLE third (id INTEGER);\nINSERT INTO missing VALUES (1);", "DROP TABLE third;");
}

// A parent with two rows, and a child with ON DELETE CASCADE pointing at each.
void parent_and_child(const Project& project) {
    project.add_revision("aaaa00000001", "Parent and child", "",
                         "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);\n"
                         "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id) ON DELETE CASCADE);\n"
                         "INSERT INTO parent VALUES (1, 'a'), (2, 'b');\n"
                         "INSERT INTO child VALUES (10, 1), (20, 2);",
                         "DROP TABLE child;\nDROP TABLE parent;");
}

}  // namespace

TEST_CASE("a failing third revision out of three rolls back the whole upgrade", "[atomicity]") {
    Project project;
    project.init();
    e2e::run({SQLITE3_SHELL, "app.db", "CREATE TABLE kept (id INTEGER PRIMARY KEY, v TEXT); "
                                       "INSERT INTO kept (v) VALUES ('x'), ('y'); DELETE FROM kept WHERE id = 1;"},
             project.dir());
    three_revisions_third_failing(project);
    const std::string schema_before = project.schema();
    const std::string rows_before = project.rows_digest();

    const auto result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 1);
    CHECK(lines(result.out) == std::vector<std::string>{
                                   "  Upgrading to aaaa00000001_first... done",
                                   "  Upgrading to aaaa00000002_second... done",
                                   "  Upgrading to aaaa00000003_break... failed",
                               });
    CHECK(result.err ==
          "migrations/versions/aaaa00000003_break.sql:8:1: error: no such table: missing, in: INSERT INTO missing "
          "VALUES (1); rolled back, the database is unchanged\n");
    CHECK(project.schema() == schema_before);
    CHECK(project.rows_digest() == rows_before);
    CHECK(project.query("SELECT v FROM kept") == "y\n");
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE name IN ('dbm_version', 'dbm_log')") == "0\n");
}

TEST_CASE("a failure part-way leaves the database at the revision it started from", "[atomicity]") {
    Project project;
    project.init();
    e2e::run({SQLITE3_SHELL, "app.db", "CREATE TABLE kept (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO kept (v) VALUES ('x');"},
             project.dir());
    three_revisions_third_failing(project);
    REQUIRE(project.dbm({"upgrade", "aaaa00000001"}).exit_code == 0);
    const std::string schema_before = project.schema();
    const std::string rows_before = project.rows_digest();

    CHECK(project.dbm({"upgrade"}).exit_code == 1);
    CHECK(project.schema() == schema_before);
    CHECK(project.rows_digest() == rows_before);
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: aaaa00000001\n");
}

TEST_CASE("a revision that breaks a foreign key while foreign keys are off is rolled back by foreign_key_check",
          "[atomicity]") {
    Project project;
    project.init();
    parent_and_child(project);
    // A hand-written rebuild of parent that forgets row 2: child 20 now points nowhere.
    project.add_revision("aaaa00000002", "Rebuild parent badly", "aaaa00000001",
                         "CREATE TABLE new_parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
                         "INSERT INTO new_parent SELECT * FROM parent WHERE id = 1;\n"
                         "DROP TABLE parent;\n"
                         "ALTER TABLE new_parent RENAME TO parent;",
                         "SELECT 1;");
    REQUIRE(project.dbm({"upgrade", "aaaa00000001"}).exit_code == 0);
    const std::string schema_before = project.schema();
    const std::string rows_before = project.rows_digest();

    const auto result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 1);
    CHECK(result.err ==
          "dbm: error: the migration breaks 1 foreign key reference(s): child rowid 20 -> parent (by "
          "aaaa00000002_rebuild_parent_badly, which changes these tables); rolled back, the database is unchanged\n");
    // What ran is not reported done without the check that undid it.
    CHECK(result.out == "  Upgrading to aaaa00000002_rebuild_parent_badly... done\n  Checking foreign keys... failed\n");
    CHECK(project.schema() == schema_before);
    CHECK(project.rows_digest() == rows_before);
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: aaaa00000001\n");
}

TEST_CASE("a table rebuild keeps the rows of ON DELETE CASCADE children, even if the revision turns foreign keys on",
          "[atomicity]") {
    Project project;
    project.init();
    parent_and_child(project);
    // Inside dbm's transaction this PRAGMA is a no-op, so DROP TABLE parent cascades nothing.
    project.add_revision("aaaa00000002", "Rebuild parent", "aaaa00000001",
                         "PRAGMA foreign_keys = ON;\n"
                         "CREATE TABLE new_parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '');\n"
                         "INSERT INTO new_parent SELECT * FROM parent;\n"
                         "DROP TABLE parent;\n"
                         "ALTER TABLE new_parent RENAME TO parent;",
                         "SELECT 1;");
    const auto result = project.dbm({"upgrade"});
    REQUIRE(result.exit_code == 0);
    CHECK(project.query("SELECT id, parent_id FROM child ORDER BY id") == "10|1\n20|2\n");
    CHECK(project.query("SELECT sql LIKE '%NOT NULL DEFAULT%' FROM sqlite_schema WHERE name = 'parent'") == "1\n");
}

TEST_CASE("upgrade --dry-run runs every statement and the foreign key check, then rolls back", "[atomicity]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "Create things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY);",
                         "DROP TABLE things;");
    project.dbm({"stamp", "base"});
    const std::string schema_before = project.schema();
    auto result = project.dbm({"upgrade", "--dry-run"});
    CHECK(result.exit_code == 0);
    CHECK(lines(result.out) == std::vector<std::string>{
                                   "  Upgrading to aaaa00000001_create_things... done",
                                   "  Dry run: every statement and the foreign key check passed; rolled back, nothing "
                                   "was changed.",
                               });
    CHECK(project.schema() == schema_before);
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: <base>\n");

    project.add_revision("aaaa00000002", "Broken", "aaaa00000001", "INSERT INTO nowhere VALUES (1);", "SELECT 1;");
    result = project.dbm({"upgrade", "--dry-run"});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("no such table: nowhere") != std::string::npos);
    CHECK(project.schema() == schema_before);
}

TEST_CASE("a transactional revision may not commit or roll back on its own", "[atomicity]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "Create things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY);",
                         "DROP TABLE things;");
    project.add_revision("aaaa00000002", "Sneaky commit", "aaaa00000001",
                         "INSERT INTO things VALUES (1);\nCOMMIT;\nVACUUM;", "SELECT 1;");
    const auto result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("migrations/versions/aaaa00000002_sneaky_commit.sql:8:1: error: 'COMMIT;' would end dbm's "
                          "transaction") == 0);
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: <base>\n");
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE name = 'things'") == "0\n");
}

TEST_CASE("a no-transaction revision runs outside the transaction and is recorded", "[atomicity]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "Create things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY);",
                         "DROP TABLE things;");
    project.add_revision("aaaa00000002", "Switch to WAL", "aaaa00000001", "PRAGMA journal_mode = WAL;\nVACUUM;",
                         "PRAGMA journal_mode = DELETE;", "2026-11-24 14:00:00.000000", "-- +dbm no-transaction\n");
    project.add_revision("aaaa00000003", "More things", "aaaa00000002", "CREATE TABLE more (id INTEGER PRIMARY KEY);",
                         "DROP TABLE more;");
    const auto result = project.dbm({"upgrade"});
    REQUIRE(result.exit_code == 0);
    CHECK(lines(result.out).size() == 3);
    CHECK(project.query("PRAGMA journal_mode") == "wal\n");
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: aaaa00000003 (head)\n");
    CHECK(project.query("SELECT revision FROM dbm_log ORDER BY id") == "aaaa00000001\naaaa00000002\naaaa00000003\n");

    REQUIRE(project.dbm({"downgrade", "base"}).exit_code == 0);
    CHECK(project.query("PRAGMA journal_mode") == "delete\n");
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: <base>\n");
}
