// Bad input gets one clear line on stderr naming the file and line where there is one, a
// documented exit code, and no partial writes.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>

#include <SQLiteCpp/SQLiteCpp.h>

#include "harness.hpp"

using e2e::lines;
using e2e::Project;

namespace {

void one_revision(const Project& project) {
    project.add_revision("aaaa00000001", "Create things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY);",
                         "DROP TABLE things;");
}

}  // namespace

TEST_CASE("a missing migrations directory is exit 2 with a hint to run init", "[bad-input]") {
    Project project;
    auto result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err ==
          "dbm: error: no migrations directory: neither ./migrations nor any parent directory's migrations/dbm.yaml "
          "exists; run 'dbm init' first\n");
    result = project.dbm({"-d", "elsewhere", "current"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "dbm: error: migrations directory elsewhere does not exist; create it with 'dbm init -d elsewhere'\n");
    CHECK_FALSE(std::filesystem::exists(project.path("app.db")));
}

TEST_CASE("init refuses a non-empty directory and writes nothing", "[bad-input]") {
    Project project;
    project.write("migrations/keep.txt", "mine");
    const auto result = project.dbm({"init"});
    CHECK(result.exit_code == 1);
    CHECK(result.err == "dbm: error: directory migrations already exists and is not empty\n");
    CHECK_FALSE(std::filesystem::exists(project.path("models.yaml")));
    CHECK_FALSE(std::filesystem::exists(project.path("migrations/dbm.yaml")));
}

TEST_CASE("a malformed dbm.yaml is reported at its line and column", "[bad-input]") {
    Project project;
    project.init();
    std::filesystem::remove(project.path("migrations/dbm.yaml"));
    project.write("migrations/dbm.yaml", "database: sqlite:///app.db\nversion_table: [unclosed\n");
    auto result = project.dbm({"current"});
    CHECK(result.exit_code == 2);
    CHECK(lines(result.err).size() == 1);
    CHECK(result.err.rfind("migrations/dbm.yaml:3:1: error: ", 0) == 0);

    std::filesystem::remove(project.path("migrations/dbm.yaml"));
    project.write("migrations/dbm.yaml", "database: sqlite:///app.db\n  \nlock_timeout: 100\n");
    result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "migrations/dbm.yaml:3:1: error: unknown key 'lock_timeout' (did you mean 'lock_timeout_ms'?)\n");

    std::filesystem::remove(project.path("migrations/dbm.yaml"));
    project.write("migrations/dbm.yaml", "database: postgresql://localhost/app\n");
    result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "dbm: error: unsupported database URL 'postgresql://localhost/app': dbm supports "
                        "sqlite:///relative.db, sqlite:////absolute.db, sqlite:///:memory: or a plain file path\n");
    CHECK_FALSE(std::filesystem::exists(project.path("app.db")));
}

TEST_CASE("a malformed revision header is reported at its file and line, and nothing runs", "[bad-input]") {
    Project project;
    project.init();
    one_revision(project);
    project.write("migrations/versions/bbbb00000002_bad.sql",
                  "-- Bad\n--\n-- Revision ID: bbbb00000002\n-- Revises: aaaa00000001\nCREATE TABLE x (id INTEGER);\n"
                  "-- +dbm upgrade\n-- +dbm downgrade\n");
    auto result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "migrations/versions/bbbb00000002_bad.sql:5: error: SQL before '-- +dbm upgrade'; statements "
                        "belong in the upgrade or downgrade section\n");
    CHECK_FALSE(std::filesystem::exists(project.path("app.db")));

    project.write("migrations/versions/bbbb00000002_bad.sql",
                  "-- Bad\n--\n-- Revision ID: bbbb00000002\n-- Revises: aaaa00000001\n-- +dbm upgade\n");
    result = project.dbm({"history"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "migrations/versions/bbbb00000002_bad.sql:5: error: unknown directive '-- +dbm upgade' (did you "
                        "mean '-- +dbm upgrade'?)\n");
}

TEST_CASE("a read-only database file is refused with exit 1 and left untouched", "[bad-input]") {
    Project project;
    project.init();
    one_revision(project);
    e2e::run({SQLITE3_SHELL, "app.db", "CREATE TABLE mine (id INTEGER);"}, project.dir());
    std::filesystem::permissions(project.dir(), std::filesystem::perms::all);
    std::filesystem::permissions(project.path("app.db"),
                                 std::filesystem::perms::owner_read | std::filesystem::perms::group_read |
                                     std::filesystem::perms::others_read);
    const std::string schema_before = project.schema();
    const auto result = project.dbm_unprivileged({"upgrade"});
    CHECK(result.exit_code == 1);
    CHECK(result.err == "dbm: error: cannot write app.db: the file is read-only (permission denied)\n");
    CHECK(project.schema() == schema_before);
    // Reading works.
    CHECK(project.dbm_unprivileged({"current"}).out == "  Current revision for app.db: <base>\n");
}

TEST_CASE("a database locked past lock_timeout_ms is exit 1 after waiting that long", "[bad-input]") {
    Project project;
    project.init("lock_timeout_ms: 300\n");
    one_revision(project);
    SQLite::Database holder(project.path("app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    holder.exec("CREATE TABLE mine (id INTEGER)");
    holder.exec("BEGIN IMMEDIATE");
    const auto started = std::chrono::steady_clock::now();
    const auto result = project.dbm({"upgrade"});
    const auto waited = std::chrono::steady_clock::now() - started;
    CHECK(result.exit_code == 1);
    CHECK(result.err ==
          "dbm: error: database app.db is locked by another process; gave up after 300 ms (lock_timeout_ms)\n");
    CHECK(waited >= std::chrono::milliseconds(250));
    holder.exec("ROLLBACK");
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE name = 'things'") == "0\n");
}

TEST_CASE("reset without --yes and without a terminal refuses with exit 2 and drops nothing", "[bad-input]") {
    Project project;
    project.init();
    one_revision(project);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    const std::string schema_before = project.schema();
    const auto result = project.dbm({"reset"}, {}, "y\n");
    CHECK(result.exit_code == 2);
    CHECK(result.err == "dbm: error: reset drops every table in app.db; pass --yes to confirm (there is no terminal to "
                        "ask)\n");
    CHECK(project.schema() == schema_before);
    for (const auto& entry : std::filesystem::directory_iterator(project.dir()))
        CHECK(entry.path().extension() != ".bak");
}

TEST_CASE("a database revision with no file is named with a way out", "[bad-input]") {
    Project project;
    project.init();
    one_revision(project);
    e2e::run({SQLITE3_SHELL, "app.db",
              "CREATE TABLE dbm_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY); INSERT INTO dbm_version VALUES "
              "('deadbeef0000');"},
             project.dir());
    auto result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("the database is at revision 'deadbeef0000', which no file in migrations/versions defines; "
                          "restore that file, or re-stamp with 'dbm stamp --purge REV'") != std::string::npos);
    result = project.dbm({"stamp", "--purge", "base"});
    REQUIRE(result.exit_code == 0);
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: <base>\n");
}

TEST_CASE("revision and migrate --lang take sql and cpp and refuse any other language", "[bad-input]") {
    Project project;
    project.init();
    auto result = project.dbm({"revision", "-m", "In Python", "--lang", "python"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "dbm: error: unknown revision language 'python' (expected sql or cpp)\n");
    CHECK(std::filesystem::is_empty(project.path("migrations/versions")));
    result = project.dbm({"migrate", "-m", "In Go", "--lang", "go"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "dbm: error: unknown revision language 'go' (expected sql or cpp)\n");
    CHECK(std::filesystem::is_empty(project.path("migrations/versions")));
    result = project.dbm({"revision", "-m", "In SQL", "--lang", "sql"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("_in_sql.sql...  done") != std::string::npos);
    result = project.dbm({"revision", "-m", "In C++", "--lang", "cpp"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("_in_c.cpp...  done") != std::string::npos);
}
