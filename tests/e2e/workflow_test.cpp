// The seed workflow with hand-written SQL revisions, every output line compared with the
// spec: init -> revision -> upgrade -> current -> history -> revision -> upgrade ->
// downgrade -> stamp head -> reset.
#include <catch2/catch.hpp>
#include <regex>

#include <sqlite3.h>

#include "harness.hpp"

using e2e::lines;
using e2e::Project;

TEST_CASE("the seed workflow prints what the spec shows at every step", "[workflow]") {
    Project project;

    auto result = project.dbm({"init"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.empty());
    CHECK(lines(result.out) == std::vector<std::string>{
                                   "  Creating directory migrations...  done",
                                   "  Creating directory migrations/versions...  done",
                                   "  Creating file migrations/dbm.yaml...  done",
                                   "  Creating file migrations/README...  done",
                                   "  Creating file migrations/script.sql.tmpl...  done",
                                   "  Creating file models.yaml...  done",
                               });
    CHECK(project.read("migrations/dbm.yaml").find("database: sqlite:///app.db") != std::string::npos);

    result = project.dbm({"revision", "-m", "Initial migration", "--rev-id", "9b1c0d2e3f4a"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Generating migrations/versions/9b1c0d2e3f4a_initial_migration.sql...  done\n");
    const std::string first = "migrations/versions/9b1c0d2e3f4a_initial_migration.sql";
    const std::string generated = project.read(first);
    CHECK(generated.find("-- Initial migration\n--\n-- Revision ID: 9b1c0d2e3f4a\n-- Revises:\n-- Create Date: ") == 0);
    CHECK(generated.find("-- +dbm upgrade\n") != std::string::npos);
    CHECK(generated.find("-- +dbm downgrade\n") != std::string::npos);
    project.fill_revision(first,
                          "CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
                          "INSERT INTO account (name) VALUES ('first');\n",
                          "DROP TABLE account;\n", "2026-11-24 14:00:00.000000");

    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: <base>\n");

    result = project.dbm({"upgrade"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.empty());
    CHECK(result.out == "  Upgrading to 9b1c0d2e3f4a_initial_migration... done\n");
    CHECK(project.query("SELECT name FROM account") == "first\n");

    result = project.dbm({"current"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "  Current revision for app.db: 9b1c0d2e3f4a (head)\n");

    result = project.dbm({"history"});
    CHECK(result.exit_code == 0);
    CHECK(result.out ==
          "Rev                            | Message            | Date\n"
          "-------------------------------+--------------------+--------------------\n"
          "9b1c0d2e3f4a (head) (current)  | Initial migration  | 2026-11-24 14:00:00\n");

    result = project.dbm({"revision", "-m", "Add user table", "--rev-id", "3f2a9c1b7d4e"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Generating migrations/versions/3f2a9c1b7d4e_add_user_table.sql...  done\n");
    const std::string second = "migrations/versions/3f2a9c1b7d4e_add_user_table.sql";
    CHECK(project.read(second).find("-- Revises: 9b1c0d2e3f4a\n") != std::string::npos);
    project.fill_revision(second,
                          "CREATE TABLE \"user\" (id INTEGER PRIMARY KEY, username VARCHAR(80) NOT NULL UNIQUE);\n"
                          "CREATE INDEX ix_user_username ON \"user\" (username);\n",
                          "DROP TABLE \"user\";\n", "2026-11-25 06:30:12.123456");

    result = project.dbm({"upgrade"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Upgrading to 3f2a9c1b7d4e_add_user_table... done\n");
    CHECK(project.query("SELECT name FROM sqlite_schema WHERE name = 'ix_user_username'") == "ix_user_username\n");

    result = project.dbm({"history"});
    CHECK(result.out ==
          "Rev                            | Message            | Date\n"
          "-------------------------------+--------------------+--------------------\n"
          "3f2a9c1b7d4e (head) (current)  | Add user table     | 2026-11-25 06:30:12\n"
          "9b1c0d2e3f4a                   | Initial migration  | 2026-11-24 14:00:00\n");

    result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "  Database is up to date at 3f2a9c1b7d4e_add_user_table.\n");

    result = project.dbm({"downgrade"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Downgrading to 9b1c0d2e3f4a_initial_migration... done\n");
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE name = 'user'") == "0\n");
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: 9b1c0d2e3f4a\n");

    result = project.dbm({"stamp", "head"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Stamping the database with revision 3f2a9c1b7d4e_add_user_table... done\n");
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: 3f2a9c1b7d4e (head)\n");
    // Stamping runs nothing: the user table is still absent.
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE name = 'user'") == "0\n");

    result = project.dbm({"reset", "--yes"});
    REQUIRE(result.exit_code == 0);
    const auto reset_lines = lines(result.out);
    REQUIRE(reset_lines.size() == 3);
    CHECK(std::regex_match(reset_lines[0], std::regex(R"(  Backing up app\.db to app\.db\.\d{8}T\d{6}Z\.bak\.\.\. done)")));
    CHECK(reset_lines[1] == "  Dropping all tables... done");
    CHECK(reset_lines[2] == "  Resetting database to initial state... done");
    CHECK(project.schema().empty());
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: <base>\n");
    // The backup holds what was dropped, dbm's own tables included.
    const auto backup_at = reset_lines[0].find(" to ") + 4;
    const std::string backup = reset_lines[0].substr(backup_at, reset_lines[0].find("...") - backup_at);
    CHECK(project.query("SELECT name FROM account", backup) == "first\n");
    CHECK(project.query("SELECT version_num FROM dbm_version", backup) == "3f2a9c1b7d4e\n");

    result = project.dbm({"reset", "--yes", "--upgrade", "--no-backup"});
    REQUIRE(result.exit_code == 0);
    CHECK(lines(result.out) == std::vector<std::string>{
                                   "  Dropping all tables... done",
                                   "  Resetting database to initial state... done",
                                   "  Upgrading to 9b1c0d2e3f4a_initial_migration... done",
                                   "  Upgrading to 3f2a9c1b7d4e_add_user_table... done",
                               });
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: 3f2a9c1b7d4e (head)\n");
}

TEST_CASE("dbm_log records every applied revision with the SHA-256 of its file", "[workflow]") {
    Project project;
    project.init();
    const std::string file = project.add_revision("aaaa00000001", "Create things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY);", "DROP TABLE things;");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    REQUIRE(project.dbm({"downgrade", "base"}).exit_code == 0);
    REQUIRE(project.dbm({"stamp", "head"}).exit_code == 0);

    const auto sha = e2e::run({"/usr/bin/sha256sum", file}, project.dir());
    const std::string checksum = sha.out.substr(0, 64);
    CHECK(project.query("SELECT revision, checksum, direction FROM dbm_log ORDER BY id") ==
          "aaaa00000001|" + checksum + "|upgrade\n" + "aaaa00000001|" + checksum + "|downgrade\n" +
              "aaaa00000001|" + checksum + "|stamp\n");
    CHECK(project.query("SELECT count(*) FROM dbm_log WHERE applied_at GLOB '2[0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] *'") == "3\n");
    CHECK(project.query("SELECT typeof(duration_ms) FROM dbm_log ORDER BY id") == "integer\ninteger\nnull\n");
}

TEST_CASE("commands find the migrations directory from a subdirectory, and paths resolve against the project root",
          "[workflow]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "Create things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY);",
                         "DROP TABLE things;");
    std::filesystem::create_directories(project.path("src/deep"));
    const auto result = e2e::run({DBM_BINARY, "upgrade"}, project.path("src/deep"), {{"NO_COLOR", "1"}});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Upgrading to aaaa00000001_create_things... done\n");
    CHECK(std::filesystem::exists(project.path("app.db")));
    CHECK_FALSE(std::filesystem::exists(project.path("src/deep/app.db")));
}

TEST_CASE("read commands never create a missing database", "[workflow]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "Create things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY);",
                         "DROP TABLE things;");
    CHECK(project.dbm({"current"}).exit_code == 0);
    CHECK(project.dbm({"history"}).exit_code == 0);
    CHECK(project.dbm({"current", "--json"}).exit_code == 0);
    CHECK_FALSE(std::filesystem::exists(project.path("app.db")));
}

TEST_CASE("the --db option and DATABASE_URL choose the database, --db first", "[workflow]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "Create things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY);",
                         "DROP TABLE things;");
    REQUIRE(project.dbm({"upgrade"}, {{"DATABASE_URL", "sqlite:///from_env.db"}}).exit_code == 0);
    CHECK(std::filesystem::exists(project.path("from_env.db")));
    REQUIRE(project.dbm({"upgrade", "--db", "sqlite:///from_flag.db"}, {{"DATABASE_URL", "sqlite:///from_env.db"}})
                .exit_code == 0);
    CHECK(std::filesystem::exists(project.path("from_flag.db")));
    CHECK_FALSE(std::filesystem::exists(project.path("app.db")));
    // Options may come before the command as well.
    const auto result = project.dbm({"--db", "from_flag.db", "current"});
    CHECK(result.out == "  Current revision for from_flag.db: aaaa00000001 (head)\n");
}

TEST_CASE("current --json and --require-head serve CI scripts", "[workflow]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "Create things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY);",
                         "DROP TABLE things;");
    project.add_revision("aaaa00000002", "More things", "aaaa00000001", "CREATE TABLE more (id INTEGER PRIMARY KEY);",
                         "DROP TABLE more;");
    REQUIRE(project.dbm({"upgrade", "aaaa00000001"}).exit_code == 0);

    auto result = project.dbm({"current", "--require-head"});
    CHECK(result.exit_code == 3);
    CHECK(result.out == "  Current revision for app.db: aaaa00000001\n");
    CHECK(result.err ==
          "dbm: error: the database is not at head: it is at aaaa00000001_create_things, the head is "
          "aaaa00000002_more_things\n");

    result = project.dbm({"current", "--json"});
    CHECK(result.exit_code == 0);
    CHECK(result.out ==
          "{\"database\":\"app.db\",\"current\":[{\"revision\":\"aaaa00000001\",\"name\":\"aaaa00000001_create_things\","
          "\"message\":\"Create things\",\"is_head\":false}],\"heads\":[\"aaaa00000002\"],\"at_head\":false}\n");

    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(project.dbm({"current", "--require-head"}).exit_code == 0);
}

TEST_CASE("dbm with no command prints help and exits 2, while --version and --help exit 0", "[workflow]") {
    Project project;
    auto result = project.dbm({});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("upgrade") != std::string::npos);
    result = project.dbm({"--version"});
    CHECK(result.exit_code == 0);
    // The version, the commit, and the SQLite library inside.
    const auto version = e2e::lines(result.out);
    REQUIRE(version.size() == 2);
    CHECK(version[0].rfind("dbm " DBM_TEST_VERSION " (commit ", 0) == 0);
    CHECK(version[0].find("(commit unknown)") == std::string::npos);
    CHECK(version[1] == "SQLite " SQLITE_VERSION);
    result = project.dbm({"--help"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("downgrade") != std::string::npos);
    result = project.dbm({"upgrade", "--bogus"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.rfind("dbm: error: ", 0) == 0);
}
