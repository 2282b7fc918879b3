// Every clause that changes behaviour survives create -> rebuild -> downgrade; virtual
// tables are managed objects; renames in SQL models; a generated revision is proven before
// it is written; foreign keys broken before an upgrade do not block it (issue #8).
#include <catch2/catch.hpp>

#include <filesystem>

#include "harness.hpp"

using e2e::Project;

namespace {

std::string shell(const Project& project, const std::string& sql) {
    const auto result = e2e::run({SQLITE3_SHELL, "app.db", sql}, project.dir());
    return result.out + result.err;
}

std::size_t revision_count(const Project& project) {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(project.path("migrations/versions")),
                                                  std::filesystem::directory_iterator()));
}

// A project on SQL models: migrate + upgrade to `sql`, each step required to work.
void migrate_to(const Project& project, const std::string& sql, const std::string& message) {
    project.write("schema.sql", sql);
    const auto migrated = project.dbm({"migrate", "-m", message});
    INFO(migrated.err);
    REQUIRE(migrated.exit_code == 0);
    const auto upgraded = project.dbm({"upgrade"});
    INFO(upgraded.err);
    REQUIRE(upgraded.exit_code == 0);
    CHECK(project.dbm({"migrate", "-m", "again"}).out == "No changes in schema detected.\n");
}

}  // namespace

TEST_CASE("ON CONFLICT REPLACE, a key list's COLLATE and INTEGER PRIMARY KEY DESC survive a rebuild and its downgrade",
          "[fidelity]") {
    Project project;
    project.init("models: schema.sql\n");
    const std::string before =
        "CREATE TABLE settings (key TEXT NOT NULL UNIQUE ON CONFLICT REPLACE, value TEXT, note INT);\n"
        "CREATE TABLE genre (id INTEGER PRIMARY KEY, name TEXT, note INT, UNIQUE (name COLLATE NOCASE));\n"
        "CREATE TABLE ordered (id INTEGER PRIMARY KEY DESC, v TEXT, note INT);\n";
    migrate_to(project, before, "Create");
    CHECK(shell(project, "INSERT INTO settings VALUES ('theme', 'dark', 1); INSERT INTO genre (name) VALUES ('Rock');"
                         "INSERT INTO ordered VALUES (5, 'x', 1);") == "");
    // Changing an unrelated column's type rebuilds each table.
    std::string after = before;
    for (std::size_t at; (at = after.find("note INT")) != std::string::npos;) after.replace(at, 8, "note TEXT");
    migrate_to(project, after, "Rebuild");
    const auto behaves = [&] {
        // Upsert by insert still replaces; 'rock' is still the same genre; the DESC key has
        // its own index, so it is not the rowid.
        CHECK(shell(project, "INSERT INTO settings VALUES ('theme', 'light', 2); SELECT value FROM settings") == "light\n");
        CHECK(shell(project, "INSERT INTO genre (name) VALUES ('rock')").find("UNIQUE constraint failed: genre.name") !=
              std::string::npos);
        CHECK(shell(project, "SELECT origin FROM pragma_index_list('ordered')") == "pk\n");
    };
    behaves();
    REQUIRE(project.dbm({"downgrade"}).exit_code == 0);
    behaves();
    CHECK(project.dbm({"check"}).exit_code == 3);  // behind head, nothing else
}

TEST_CASE("a deferred foreign key is said in YAML, and a changed one is one 'Detected changed foreign key' line",
          "[fidelity]") {
    Project project;
    project.init();
    REQUIRE(e2e::run({SQLITE3_SHELL, "app.db",
                      "CREATE TABLE grp (id INTEGER PRIMARY KEY);"
                      "CREATE TABLE member (id INTEGER PRIMARY KEY, grp_id INTEGER NOT NULL REFERENCES grp (id) DEFERRABLE "
                      "INITIALLY DEFERRED);"},
                     project.dir())
                .exit_code == 0);
    const std::string tables = "tables:\n  grp:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                               "  member:\n    columns:\n      id: {type: integer, primary_key: true}\n";
    project.write("models.yaml", tables + "      grp_id: {type: integer, nullable: false, references: grp.id}\n");
    auto result = project.dbm({"migrate", "-m", "x", "--sql-only"});
    CHECK(result.err == "Detected changed foreign key (grp_id) -> grp(id) on 'member': INITIALLY DEFERRED -> immediate\n");
    project.write("models.yaml", tables + "      grp_id: {type: integer, nullable: false, references: grp.id, deferrable: true, "
                                          "initially: deferred}\n");
    result = project.dbm({"migrate", "-m", "x"});
    CHECK(result.out == "No changes in schema detected.\n");
}

TEST_CASE("an FTS5 table in SQL models is created after its table and before the triggers that write it", "[fidelity][virtual]") {
    Project project;
    project.init("models: schema.sql\n");
    const std::string schema = "CREATE TABLE doc (id INTEGER PRIMARY KEY, body TEXT, n INT);\n"
                               "CREATE VIRTUAL TABLE doc_fts USING fts5(body, content='doc', content_rowid='id');\n"
                               "CREATE TRIGGER doc_ai AFTER INSERT ON doc BEGIN\n"
                               "  INSERT INTO doc_fts (rowid, body) VALUES (new.id, new.body);\n"
                               "END;\n";
    project.write("schema.sql", schema);
    auto result = project.dbm({"migrate", "-m", "Docs"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.err == "Detected added table 'doc'\nDetected added virtual table 'doc_fts' (fts5)\n"
                        "Detected added trigger 'doc_ai' on 'doc'\n");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(shell(project, "INSERT INTO doc (body) VALUES ('hello world'); SELECT rowid FROM doc_fts WHERE doc_fts MATCH "
                         "'hello'") == "1\n");
    CHECK(project.dbm({"check"}).out == "OK\n");

    // A rebuild of the content table keeps the index and the trigger working.
    migrate_to(project, std::string(schema).replace(schema.find("n INT"), 5, "n TEXT"), "Rebuild doc");
    CHECK(shell(project, "INSERT INTO doc (body) VALUES ('second'); SELECT rowid FROM doc_fts WHERE doc_fts MATCH 'second "
                         "OR hello' ORDER BY rowid") == "1\n2\n");
    // Removing it from the models drops it (its shadow tables go with it, never directly).
    project.write("schema.sql", "CREATE TABLE doc (id INTEGER PRIMARY KEY, body TEXT, n TEXT);\n");
    result = project.dbm({"migrate", "-m", "No search"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.err == "Detected removed trigger 'doc_ai' on 'doc'\nDetected removed virtual table 'doc_fts' (fts5)\n");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(shell(project, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'doc_fts%'") == "0\n");
    // Its downgrade brings it back, filled from its content table.
    REQUIRE(project.dbm({"downgrade"}).exit_code == 0);
    CHECK(shell(project, "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'hello OR second'") == "2\n");
}

TEST_CASE("virtual tables in YAML, and reset with FTS5 and R*Tree tables", "[fidelity][virtual]") {
    Project project;
    project.init();
    project.write("models.yaml", "tables:\n  doc:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                 "      body: {type: text}\n"
                                 "virtual_tables:\n  doc_fts: \"fts5(body, content='doc', content_rowid='id')\"\n"
                                 "  places: rtree(id, min_x, max_x)\n");
    REQUIRE(project.dbm({"migrate", "-m", "Search"}).exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(project.dbm({"migrate", "-m", "again"}).out == "No changes in schema detected.\n");
    CHECK(shell(project, "INSERT INTO places VALUES (1, 0, 10); SELECT id FROM places WHERE min_x >= 0") == "1\n");
    const auto result = project.dbm({"reset", "--yes", "--no-backup"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(shell(project, "SELECT count(*) FROM sqlite_schema") == "0\n");
}

TEST_CASE("SQL models rename with -- @renamed from=, and a drop plus an add is never guessed", "[fidelity][rename]") {
    Project project;
    project.init("models: schema.sql\n");
    migrate_to(project, "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT);\n", "Create");
    CHECK(shell(project, "INSERT INTO people (name) VALUES ('Ada')") == "");

    project.write("schema.sql", "CREATE TABLE people (id INTEGER PRIMARY KEY, full_name TEXT);\n");
    auto result = project.dbm({"migrate", "-m", "guess", "--sql-only"});
    CHECK(result.err == "Detected removed column 'people.name' (data loss)\nDetected added column 'people.full_name'\n"
                        "warning: column 'people.name' is removed and 'people.full_name' added with the same type; if it "
                        "was renamed, declare it (-- @renamed from=name on its line in schema.sql): as written, the "
                        "revision drops the values of 'people.name'\n"
                        "warning: the downgrade cannot bring back the data of the column 'people.name'\n");

    migrate_to(project,
               "CREATE TABLE person ( -- @renamed from=people\n"
               "  id INTEGER PRIMARY KEY,\n"
               "  full_name TEXT -- @renamed from=name\n"
               ");\n",
               "Rename");
    CHECK(shell(project, "SELECT id, full_name FROM person") == "1|Ada\n");
    REQUIRE(project.dbm({"downgrade"}).exit_code == 0);
    CHECK(shell(project, "SELECT id, name FROM people") == "1|Ada\n");
}

TEST_CASE("a generated revision that cannot apply is refused before it is written", "[fidelity][proof]") {
    Project project;
    project.init("models: schema.sql\n");
    migrate_to(project, "CREATE TABLE artist (id INTEGER PRIMARY KEY, name TEXT);\n", "Create");
    // A foreign key to a column that is not unique: SQLite cannot enforce it.
    project.write("schema.sql", "CREATE TABLE artist (id INTEGER PRIMARY KEY, name TEXT);\n"
                                "CREATE TABLE album (id INTEGER PRIMARY KEY, artist_name TEXT REFERENCES artist (name));\n");
    const auto result = project.dbm({"migrate", "-m", "Albums"});
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.err, Catch::Contains("dbm: error: the generated revision fails on a copy of the database, so none is "
                                           "written: after its upgrade, the foreign keys cannot be checked: foreign key "
                                           "mismatch"));
    CHECK(revision_count(project) == 1);
}

TEST_CASE("a dropped NOT NULL column's downgrade works on a table with rows and says what it cannot bring back",
          "[fidelity][proof]") {
    Project project;
    project.init();
    project.write("models.yaml", "tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                 "      code: {type: text, nullable: false, default: x}\n      size: {type: integer, nullable: false}\n");
    REQUIRE(project.dbm({"migrate", "-m", "Create"}).exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(shell(project, "INSERT INTO t (size) VALUES (3), (4)") == "");
    project.write("models.yaml", "tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                 "      code: {type: text, nullable: false, default: x}\n");
    auto result = project.dbm({"migrate", "-m", "Drop size", "--rev-id", "cc0000000002"});
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.err, Catch::Contains("warning: the downgrade cannot bring back the data of the column 't.size'\n"));
    const std::string revision = project.read("migrations/versions/cc0000000002_drop_size.sql");
    CHECK_THAT(revision, Catch::Contains("-- WARNING: the upgrade drops the data of the column 't.size'; this downgrade "
                                         "brings it back without it\n"));
    CHECK_THAT(revision, Catch::Contains("-- WARNING: column size comes back NOT NULL without its data: every row gets 0\n"));
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    result = project.dbm({"downgrade"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(shell(project, "SELECT id, code, size FROM t") == "1|x|0\n2|x|0\n");
}

TEST_CASE("foreign keys broken before an upgrade warn and do not block it; new ones fail it, after no false done",
          "[fidelity][foreign_keys]") {
    Project project;
    project.init();
    REQUIRE(e2e::run({SQLITE3_SHELL, "app.db",
                      "CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (id INTEGER PRIMARY KEY, p INTEGER "
                      "REFERENCES parent (id)); INSERT INTO child VALUES (1, 42);"},
                     project.dir())
                .exit_code == 0);
    project.add_revision("aaaa00000001", "Add note", "", "ALTER TABLE child ADD COLUMN note TEXT;",
                         "ALTER TABLE child DROP COLUMN note;");
    auto result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "  Upgrading to aaaa00000001_add_note... done\n  Checking foreign keys... done\n");
    CHECK(result.err == "warning: app.db already had 1 broken foreign key reference(s) before this migration (child rowid 1 "
                        "-> parent); they do not stop it, but fix them\n");
    CHECK(shell(project, "SELECT version_num FROM dbm_version; SELECT count(*) FROM pragma_table_info('child')") ==
          "aaaa00000001\n3\n");

    project.add_revision("aaaa00000002", "Orphan", "aaaa00000001", "INSERT INTO child VALUES (2, 7, NULL);",
                         "DELETE FROM child WHERE id = 2;");
    result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 1);
    CHECK(result.out == "  Upgrading to aaaa00000002_orphan... done\n  Checking foreign keys... failed\n");
    CHECK(result.err == "dbm: error: the migration breaks 1 foreign key reference(s): child rowid 2 -> parent (by "
                        "aaaa00000002_orphan, which changes these tables); rolled back, the database is unchanged\n");
    CHECK(shell(project, "SELECT version_num FROM dbm_version; SELECT count(*) FROM child") == "aaaa00000001\n1\n");
}
