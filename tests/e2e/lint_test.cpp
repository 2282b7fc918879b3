// `dbm lint`: the pending revisions judged by their effect (each run on a scratch copy of
// the schema) and by the live database's rows: data loss, failures on the rows there, big
// rebuilds. Exit 3 on a finding at or above --severity; "-- dbm:lint ignore RULE" accepts one.
#include <catch2/catch.hpp>

#include <string>

#include "harness.hpp"

using e2e::lines;
using e2e::Project;

namespace {

// user (3 rows: a duplicate email, a NULL email, two nicks) and old (2 rows), applied.
void project_with_rows(const Project& project) {
    project.init();
    project.add_revision("aaaa00000001", "Start", "",
                         "CREATE TABLE user (id INTEGER PRIMARY KEY, email TEXT, nick TEXT);\n"
                         "CREATE TABLE old (id INTEGER PRIMARY KEY);\n"
                         "INSERT INTO user (email, nick) VALUES ('a', NULL), ('a', 'x'), (NULL, 'y');\n"
                         "INSERT INTO old VALUES (1), (2);",
                         "DROP TABLE old;\nDROP TABLE user;");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
}

}  // namespace

TEST_CASE("lint counts what a pending revision drops and what will fail on the rows there", "[lint]") {
    Project project;
    project_with_rows(project);
    project.add_revision("aaaa00000002", "Change", "aaaa00000001",
                         "DROP TABLE old;\nALTER TABLE user DROP COLUMN nick;\nCREATE UNIQUE INDEX ux_email ON user (email);",
                         "DROP INDEX ux_email;\nALTER TABLE user ADD COLUMN nick TEXT;\nCREATE TABLE old (id INTEGER PRIMARY KEY);");
    const std::string before = project.rows_digest();
    auto result = project.dbm({"lint"});
    CHECK(result.exit_code == 3);
    CHECK(lines(result.out) ==
          std::vector<std::string>{
              "aaaa00000002_change: drops column 'user.nick' and the 2 value(s) it holds (error drop-column)",
              "aaaa00000002_change: makes (email) of 'user' UNIQUE, but 2 row(s) share their values with another: the "
              "upgrade will fail (error unique)",
              "aaaa00000002_change: drops table 'old' and its 2 row(s) (error drop-table)"});
    CHECK(result.err == "dbm: error: lint found 3 finding(s) at warning or above (silence one with a '-- dbm:lint "
                        "ignore RULE' line in its revision)\n");
    CHECK(project.rows_digest() == before);  // nothing ran on the database
    CHECK(project.query("SELECT version_num FROM dbm_version") == "aaaa00000001\n");

    result = project.dbm({"lint", "--json"});
    CHECK(result.out.find("{\"revision\":\"aaaa00000002\",\"rule\":\"drop-table\",\"severity\":\"error\",\"loses_data\":"
                          "true,\"message\":\"aaaa00000002_change: drops table 'old' and its 2 row(s)\"}") !=
          std::string::npos);

    // Accepted where the revision says so.
    const std::string file = "migrations/versions/aaaa00000002_change.sql";
    project.write(file, project.read(file) + "-- dbm:lint ignore drop-table, drop-column unique\n");
    result = project.dbm({"lint"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "OK: 1 revision(s) linted\n");
}

TEST_CASE("lint weighs a rebuild by the table's rows, NOT NULL over NULLs, and a revision that fails", "[lint]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "Big", "",
                         "CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT);\n"
                         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)\n"
                         "  INSERT INTO big (v) SELECT CASE WHEN i % 2 = 0 THEN 'x' END FROM n;",
                         "DROP TABLE big;");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    project.add_revision("aaaa00000002", "Not null", "aaaa00000001",
                         "CREATE TABLE big_new (id INTEGER PRIMARY KEY, v TEXT NOT NULL DEFAULT '');\n"
                         "INSERT INTO big_new SELECT id, coalesce(v, '') FROM big;\nDROP TABLE big;\n"
                         "ALTER TABLE big_new RENAME TO big;",
                         "SELECT 1;");
    auto result = project.dbm({"lint"});
    CHECK(result.exit_code == 3);
    CHECK(lines(result.out) ==
          std::vector<std::string>{
              "aaaa00000002_not_null: makes 'big.v' NOT NULL, but 6,000 row(s) hold NULL there: the upgrade will fail "
              "unless it fills them first (error not-null)",
              "aaaa00000002_not_null: rebuilds table 'big': its 12,000 rows are copied, with the table locked meanwhile "
              "(warning rebuild)"});
    // --severity error: the rebuild alone does not fail the job.
    const std::string file = "migrations/versions/aaaa00000002_not_null.sql";
    project.write(file, project.read(file) + "-- dbm:lint ignore not-null\n");
    result = project.dbm({"lint", "--severity", "error"});
    CHECK(result.exit_code == 0);
    CHECK(lines(result.out).size() == 1);
    CHECK(project.dbm({"lint"}).exit_code == 3);

    project.add_revision("aaaa00000003", "Broken", "aaaa00000002", "ALTER TABLE nowhere ADD COLUMN x TEXT;", "SELECT 1;");
    result = project.dbm({"lint", "--severity", "error"});
    CHECK(result.exit_code == 3);
    CHECK(lines(result.out).back() ==
          "aaaa00000003_broken: its upgrade fails on a copy of the schema: migrations/versions/aaaa00000003_broken.sql:7: "
          "no such table: nowhere, in: ALTER TABLE nowhere ADD COLUMN x TEXT (error fails)");
}

TEST_CASE("lint with nothing pending, or without a database, says so", "[lint]") {
    Project project;
    project_with_rows(project);
    auto result = project.dbm({"lint"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "No revisions to lint: the database is at the target.\n");
    project.add_revision("aaaa00000002", "Drop", "aaaa00000001", "DROP TABLE old;", "CREATE TABLE old (id INTEGER PRIMARY KEY);");
    result = project.dbm({"lint", "--no-db", "aaaa00000001:head"});
    CHECK(result.exit_code == 3);
    CHECK(result.out == "aaaa00000002_drop: drops table 'old' and every row in it (error drop-table)\n");
    CHECK(result.err.rfind("Rows not counted", 0) == 0);
}

TEST_CASE("upgrade backs up first when a revision drops data, unless --no-backup", "[lint]") {
    Project project;
    project_with_rows(project);
    project.add_revision("aaaa00000002", "Add", "aaaa00000001", "CREATE TABLE more (id INTEGER);", "DROP TABLE more;");
    auto result = project.dbm({"upgrade"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.find("Backing up") == std::string::npos);  // it drops nothing
    CHECK(result.err.empty());

    project.add_revision("aaaa00000003", "Drop old", "aaaa00000002", "DROP TABLE old;", "CREATE TABLE old (id INTEGER PRIMARY KEY);");
    result = project.dbm({"upgrade"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.err == "Backing up first, as this drops data (--no-backup to skip):\n"
                        "  aaaa00000003_drop_old: drops table 'old' and its 2 row(s)\n");
    const auto shown = lines(result.out);
    REQUIRE(shown.size() == 2);
    CHECK(shown[0].rfind("  Backing up app.db to app.db.", 0) == 0);
    const std::string backup = shown[0].substr(std::string("  Backing up app.db to ").size(),
                                               shown[0].find("... done") - std::string("  Backing up app.db to ").size());
    CHECK(project.query("SELECT count(*) FROM old", backup) == "2\n");

    REQUIRE(project.dbm({"downgrade", "aaaa00000002"}).exit_code == 0);
    result = project.dbm({"upgrade", "--no-backup"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.find("Backing up") == std::string::npos);
    CHECK(project.dbm({"upgrade", "--backup", "--no-backup"}).exit_code == 2);
}
