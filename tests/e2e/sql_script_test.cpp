// --sql: the script a live run would execute, for the sqlite3 shell, touching no database.
#include <catch2/catch.hpp>

#include "harness.hpp"

using e2e::Project;

namespace {

void chain(const Project& project) {
    project.init();
    project.add_revision("aaaa00000001", "Users", "",
                         "CREATE TABLE \"user\" (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);\n"
                         "INSERT INTO \"user\" (name) VALUES ('it''s; fine');",
                         "DROP TABLE \"user\";");
    project.add_revision("aaaa00000002", "Posts", "aaaa00000001",
                         "CREATE TABLE post (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES \"user\" (id));\n"
                         "CREATE INDEX ix_post_user_id ON post (user_id);\n"
                         "CREATE TRIGGER post_guard BEFORE INSERT ON post BEGIN\n"
                         "  SELECT RAISE(ABORT, 'no; user') WHERE NEW.user_id IS NULL;\n"
                         "END;\n"
                         "CREATE VIEW post_count AS SELECT count(*) AS n FROM post;",
                         "DROP VIEW post_count;\nDROP TABLE post;");
}

}  // namespace

TEST_CASE("upgrade --sql piped into sqlite3 builds the same schema as a real upgrade", "[sql]") {
    Project project;
    chain(project);
    const auto script = project.dbm({"upgrade", "--sql"});
    REQUIRE(script.exit_code == 0);
    CHECK(script.err.empty());
    CHECK_FALSE(std::filesystem::exists(project.path("app.db")));
    CHECK(script.out.find("BEGIN IMMEDIATE;") != std::string::npos);
    CHECK(script.out.find("COMMIT;") != std::string::npos);

    const auto applied = e2e::run({SQLITE3_SHELL, "scripted.db"}, project.dir(), {}, script.out);
    REQUIRE(applied.exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(project.schema("scripted.db") == project.schema("app.db"));
    CHECK(project.query("SELECT * FROM \"user\"", "scripted.db") == project.query("SELECT * FROM \"user\"", "app.db"));
    CHECK(project.query("SELECT version_num FROM dbm_version", "scripted.db") == "aaaa00000002\n");
    CHECK(project.query("SELECT revision, checksum, direction FROM dbm_log ORDER BY id", "scripted.db") ==
          project.query("SELECT revision, checksum, direction FROM dbm_log ORDER BY id", "app.db"));

    // dbm reads a scripted database as its own.
    CHECK(project.dbm({"current", "--db", "scripted.db"}).out ==
          "  Current revision for scripted.db: aaaa00000002 (head)\n");
}

TEST_CASE("downgrade --sql needs a range and reverts like a real downgrade", "[sql]") {
    Project project;
    chain(project);
    auto result = project.dbm({"downgrade", "--sql"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("downgrade --sql needs a range FROM:TO") != std::string::npos);

    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    const auto script = project.dbm({"downgrade", "--sql", "head:aaaa00000001"});
    REQUIRE(script.exit_code == 0);
    REQUIRE(e2e::run({SQLITE3_SHELL, "app.db"}, project.dir(), {}, script.out).exit_code == 0);
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: aaaa00000001\n");
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE name IN ('post', 'post_count')") == "0\n");
}

TEST_CASE("an --sql script stops before COMMIT when a foreign key is broken", "[sql]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "Broken reference", "",
                         "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
                         "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id));\n"
                         "INSERT INTO child VALUES (1, 42);",
                         "DROP TABLE child;\nDROP TABLE parent;");
    const auto script = project.dbm({"upgrade", "--sql"});
    REQUIRE(script.exit_code == 0);
    const auto applied = e2e::run({SQLITE3_SHELL, "scripted.db"}, project.dir(), {}, script.out);
    CHECK(applied.exit_code != 0);
    CHECK(applied.err.find("CHECK constraint failed") != std::string::npos);
    CHECK(project.query("SELECT count(*) FROM sqlite_schema", "scripted.db") == "0\n");
}

TEST_CASE("stamp --sql writes the version table only", "[sql]") {
    Project project;
    chain(project);
    const auto script = project.dbm({"stamp", "--sql", "head"});
    REQUIRE(script.exit_code == 0);
    REQUIRE(e2e::run({SQLITE3_SHELL, "app.db"}, project.dir(), {}, script.out).exit_code == 0);
    CHECK(project.query("SELECT version_num FROM dbm_version") == "aaaa00000002\n");
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE name = 'user'") == "0\n");
    CHECK(project.query("SELECT revision, direction FROM dbm_log ORDER BY id") ==
          "aaaa00000001|stamp\naaaa00000002|stamp\n");
}
