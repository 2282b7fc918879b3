// SPEC §7 under pressure: many racing processes, a long reader, read-only places, a full
// disk, a corrupt file, a deleted revision, and identifiers that need quoting.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "harness.hpp"

using e2e::lines;
using e2e::Project;

namespace {

void three_revisions(const Project& project) {
    project.init();
    project.add_revision("aaaa00000001", "Create things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY, v TEXT);",
                         "DROP TABLE things;");
    project.add_revision("aaaa00000002", "Fill things", "aaaa00000001",
                         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
                         "INSERT INTO things (v) SELECT 'v' || i FROM n;",
                         "DELETE FROM things;");
    project.add_revision("aaaa00000003", "Index things", "aaaa00000002", "CREATE INDEX ix_things_v ON things (v);",
                         "DROP INDEX ix_things_v;");
}

}  // namespace

TEST_CASE("eight upgrades started at once: each revision is applied exactly once, all exit 0", "[reliability]") {
    Project project;
    three_revisions(project);
    std::vector<e2e::Process> racers;
    for (int i = 0; i < 8; ++i) racers.push_back(project.dbm_background({"upgrade"}));
    int applied = 0;
    for (auto& racer : racers) {
        const auto result = racer.wait();
        CHECK(result.exit_code == 0);
        CHECK(result.err.empty());
        if (result.out.find("Upgrading to") != std::string::npos) ++applied;
    }
    CHECK(applied >= 1);
    CHECK(project.query("SELECT revision, count(*) FROM dbm_log GROUP BY revision ORDER BY revision") ==
          "aaaa00000001|1\naaaa00000002|1\naaaa00000003|1\n");
    CHECK(project.query("SELECT count(*) FROM things") == "20000\n");
    CHECK(project.query("SELECT version_num FROM dbm_version") == "aaaa00000003\n");
}

TEST_CASE("a reader holding a long read transaction in WAL mode does not break an upgrade", "[reliability]") {
    Project project;
    three_revisions(project);
    REQUIRE(project.dbm({"upgrade", "aaaa00000002"}).exit_code == 0);
    {
        SQLite::Database setup(project.path("app.db").string(), SQLite::OPEN_READWRITE);
        REQUIRE(setup.execAndGet("PRAGMA journal_mode = WAL").getString() == "wal");
    }
    SQLite::Database reader(project.path("app.db").string(), SQLite::OPEN_READONLY);
    reader.exec("BEGIN");
    REQUIRE(reader.execAndGet("SELECT count(*) FROM things").getInt() == 20000);

    const auto result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "  Upgrading to aaaa00000003_index_things... done\n");
    // The reader still sees its snapshot; a new reader sees the upgrade.
    CHECK(reader.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'ix_things_v'").getInt() == 0);
    reader.exec("COMMIT");
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE name = 'ix_things_v'") == "1\n");
}

TEST_CASE("a read-only directory is a clear error and the database is unchanged", "[reliability]") {
    Project project;
    three_revisions(project);
    REQUIRE(project.dbm({"upgrade", "aaaa00000001"}).exit_code == 0);
    const std::string schema_before = project.schema();
    // The file may be written, the directory may not: SQLite cannot create its journal.
    std::filesystem::permissions(project.path("app.db"), std::filesystem::perms::all);
    std::filesystem::permissions(project.dir(), std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                                    std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                                    std::filesystem::perms::others_exec);
    const auto result = project.dbm_unprivileged({"upgrade"});
    CHECK(result.exit_code == 1);
    CHECK(result.err == "dbm: error: cannot write app.db: its directory is read-only (SQLite keeps its journal there)\n");
    CHECK(result.out.empty());
    CHECK(project.schema() == schema_before);
}

TEST_CASE("a full disk rolls the upgrade back with a clear error", "[reliability]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "Create things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY, v TEXT);",
                         "DROP TABLE things;");
    // max_page_count makes SQLITE_FULL reproducible: the database may not grow past 40 pages.
    project.add_revision("aaaa00000002", "Too much", "aaaa00000001",
                         "PRAGMA max_page_count = 40;\n"
                         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000) "
                         "INSERT INTO things (v) SELECT printf('%0100d', i) FROM n;",
                         "DELETE FROM things;");
    REQUIRE(project.dbm({"upgrade", "aaaa00000001"}).exit_code == 0);
    const std::string schema_before = project.schema();
    const auto result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("migrations/versions/aaaa00000002_too_much.sql:8:1: error: cannot write app.db: database or "
                          "disk is full") == 0);
    CHECK(result.err.find("rolled back, the database is unchanged") != std::string::npos);
    CHECK(project.schema() == schema_before);
    CHECK(project.query("SELECT count(*) FROM things") == "0\n");
}

TEST_CASE("a corrupt database file is named, with exit 1, and left as it is", "[reliability]") {
    Project project;
    three_revisions(project);
    project.write("app.db", std::string(8192, 'x'));
    for (const char* command : {"upgrade", "current", "check"}) {
        INFO(command);
        const auto result = project.dbm({command});
        CHECK(result.exit_code == 1);
        CHECK(result.err == "dbm: error: app.db is not a database or is corrupt (file is not a database)\n");
    }
    CHECK(project.read("app.db") == std::string(8192, 'x'));
}

TEST_CASE("a revision file deleted after it was applied is named", "[reliability]") {
    Project project;
    three_revisions(project);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    std::filesystem::remove(project.path("migrations/versions/aaaa00000003_index_things.sql"));
    auto result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("the database is at revision 'aaaa00000003', which no file in migrations/versions defines") !=
          std::string::npos);
    std::filesystem::remove(project.path("migrations/versions/aaaa00000002_fill_things.sql"));
    project.add_revision("aaaa00000003", "Index things", "aaaa00000002", "SELECT 1;", "SELECT 1;");
    result = project.dbm({"current"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "migrations/versions/aaaa00000003_index_things.sql:4: error: Revises: unknown revision "
                        "'aaaa00000002' (no file in migrations/versions has that Revision ID)\n");
}

TEST_CASE("keyword, spaced, quoted, unicode and mixed-case names survive create, rebuild, rename and drop",
          "[reliability]") {
    Project project;
    project.init();
    const std::string v1 = "tables:\n"
                           "  order:\n"
                           "    columns:\n"
                           "      group: {type: integer, primary_key: true}\n"
                           "      select: {type: integer, index: true}\n"
                           "      'with space': {type: text}\n"
                           "      'we\"ird': {type: text, unique: true}\n"
                           "      'naïve_名': {type: text}\n"
                           "      MixedCase: {type: text}\n"
                           "  'Audit Log':\n"
                           "    columns:\n"
                           "      id: {type: integer, primary_key: true}\n"
                           "      order: {type: integer, references: order.group, on_delete: cascade}\n";
    project.write("models.yaml", v1);
    REQUIRE(project.dbm({"migrate", "-m", "Odd names"}).exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    REQUIRE(e2e::run({SQLITE3_SHELL, "app.db",
                      "INSERT INTO \"order\" VALUES (1, 10, 'a b', 'q1', 'été', 'Mc'), (2, 20, 'c d', 'q2', '名前', 'mC');"
                      "INSERT INTO \"Audit Log\" (\"order\") VALUES (1), (2);"},
                     project.dir())
                .exit_code == 0);
    CHECK(project.dbm({"migrate", "-m", "again"}).out == "No changes in schema detected.\n");
    const std::string schema_v1 = project.schema();

    // Rebuild (type change), column rename, table rename, all at once.
    const std::string v2 = "tables:\n"
                           "  'Order Book':\n"
                           "    renamed_from: order\n"
                           "    columns:\n"
                           "      group: {type: integer, primary_key: true}\n"
                           "      select: {type: text, index: true}\n"
                           "      'still spaced': {type: text, renamed_from: 'with space'}\n"
                           "      'we\"ird': {type: text, unique: true}\n"
                           "      'naïve_名': {type: text, nullable: false}\n"
                           "      MixedCase: {type: text}\n"
                           "  'Audit Log':\n"
                           "    columns:\n"
                           "      id: {type: integer, primary_key: true}\n"
                           "      order: {type: integer, references: 'Order Book.group', on_delete: cascade}\n";
    project.write("models.yaml", v2);
    auto result = project.dbm({"migrate", "-m", "Rename and rebuild"});
    REQUIRE(result.exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(project.query("SELECT \"group\", \"select\", typeof(\"select\"), \"still spaced\", \"we\"\"ird\", \"naïve_名\", "
                        "MixedCase FROM \"Order Book\" ORDER BY 1") ==
          "1|10|text|a b|q1|été|Mc\n2|20|text|c d|q2|名前|mC\n");
    CHECK(project.query("SELECT count(*) FROM \"Audit Log\"") == "2\n");
    CHECK(project.query("PRAGMA foreign_key_check").empty());
    CHECK(project.dbm({"migrate", "-m", "again"}).out == "No changes in schema detected.\n");

    // The downgrade undoes rename and rebuild together, keeping the rows.
    REQUIRE(project.dbm({"downgrade"}).exit_code == 0);
    CHECK(project.schema() == schema_v1);
    CHECK(project.query("SELECT \"with space\", \"naïve_名\" FROM \"order\" ORDER BY 1") == "a b|été\nc d|名前\n");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);

    project.write("models.yaml", "tables:\n  'Audit Log':\n    columns:\n      id: {type: integer, primary_key: true}\n");
    result = project.dbm({"migrate", "-m", "Drop order"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.find("Detected removed table 'Order Book' (data loss)") != std::string::npos);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(project.dbm({"migrate", "-m", "again"}).out == "No changes in schema detected.\n");
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'Order Book'") == "0\n");
}
