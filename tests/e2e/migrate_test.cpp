// `dbm migrate`: the models compared with the database, written as a revision that keeps
// every row (SPEC §4, §7.4-7.6, §8).
#include <catch2/catch.hpp>

#include <regex>

#include "harness.hpp"

using e2e::lines;
using e2e::Project;

namespace {

const std::string user_models = R"(tables:
  user:
    columns:
      id:         {type: integer, primary_key: true}
      username:   {type: string(80), nullable: false, unique: true}
      email:      {type: string(120), nullable: false, index: true}
      created_at: {type: datetime, nullable: false, default_expr: CURRENT_TIMESTAMP}
)";

std::size_t revision_count(const Project& project) {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(project.path("migrations/versions")),
                                                  std::filesystem::directory_iterator()));
}

std::string newest_revision(const Project& project) {
    std::filesystem::path newest;
    std::filesystem::file_time_type newest_time;
    for (const auto& entry : std::filesystem::directory_iterator(project.path("migrations/versions"))) {
        if (newest.empty() || entry.last_write_time() > newest_time) {
            newest = entry.path();
            newest_time = entry.last_write_time();
        }
    }
    return project.read("migrations/versions/" + newest.filename().string());
}

}  // namespace

TEST_CASE("the seed's 'Added new field to User model' workflow works from models.yaml end to end", "[migrate]") {
    Project project;
    project.init();
    project.write("models.yaml", user_models);

    auto result = project.dbm({"migrate", "-m", "Initial migration", "--rev-id", "9b1c0d2e3f4a"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Generating migrations/versions/9b1c0d2e3f4a_initial_migration.sql...  done\n");
    CHECK(result.err == "Detected added table 'user'\n");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    e2e::run({SQLITE3_SHELL, "app.db",
              "INSERT INTO user (username, email) VALUES ('alice', 'a@x'), ('bob', 'b@x'), ('carol', 'c@x');"
              "DELETE FROM user WHERE username = 'bob';"},
             project.dir());

    result = project.dbm({"migrate", "-m", "again"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "No changes in schema detected.\n");
    CHECK(revision_count(project) == 1);

    std::string models = user_models;
    models += "      about_me:   {type: string(140)}\n";
    project.write("models.yaml", models);
    result = project.dbm({"migrate", "-m", "Added new field to User model", "--rev-id", "3f2a9c1b7d4e"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Generating migrations/versions/3f2a9c1b7d4e_added_new_field_to_user_model.sql...  done\n");
    CHECK(result.err == "Detected added column 'user.about_me'\n");
    const std::string revision = project.read("migrations/versions/3f2a9c1b7d4e_added_new_field_to_user_model.sql");
    CHECK(revision.find("-- +dbm upgrade\nALTER TABLE user ADD COLUMN about_me VARCHAR(140);\n\n-- +dbm downgrade\n"
                        "-- WARNING: drops column about_me of user (data loss)\nALTER TABLE user DROP COLUMN about_me;\n") !=
          std::string::npos);

    result = project.dbm({"upgrade"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Upgrading to 3f2a9c1b7d4e_added_new_field_to_user_model... done\n");
    CHECK(project.query("SELECT rowid, username, about_me IS NULL FROM user ORDER BY rowid") == "1|alice|1\n3|carol|1\n");
    CHECK(project.dbm({"migrate", "-m", "again"}).out == "No changes in schema detected.\n");

    result = project.dbm({"history"});
    CHECK(lines(result.out).at(2).rfind("3f2a9c1b7d4e (head) (current)  | Added new field to User model  | ", 0) == 0);

    REQUIRE(project.dbm({"downgrade"}).exit_code == 0);
    CHECK(project.query("SELECT count(*) FROM pragma_table_info('user') WHERE name = 'about_me'") == "0\n");
    CHECK(project.query("SELECT rowid, username FROM user ORDER BY rowid") == "1|alice\n3|carol\n");
}

TEST_CASE("migrate refuses a database that is not at head", "[migrate]") {
    Project project;
    project.init();
    project.write("models.yaml", user_models);
    REQUIRE(project.dbm({"migrate", "-m", "Initial"}).exit_code == 0);
    const auto result = project.dbm({"migrate", "-m", "Second"});
    CHECK(result.exit_code == 1);
    CHECK(result.err == "dbm: error: Target database is not up to date.\n");
    CHECK(revision_count(project) == 1);
}

TEST_CASE("migrate --allow-empty writes an empty revision, and --sql-only prints the SQL and writes nothing", "[migrate]") {
    Project project;
    project.init();
    project.write("models.yaml", "tables: {}\n");
    auto result = project.dbm({"migrate", "-m", "Nothing"});
    CHECK(result.out == "No changes in schema detected.\n");
    CHECK(revision_count(project) == 0);
    result = project.dbm({"migrate", "-m", "Nothing", "--allow-empty"});
    REQUIRE(result.exit_code == 0);
    CHECK(revision_count(project) == 1);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);

    project.write("models.yaml", user_models);
    result = project.dbm({"migrate", "-m", "Users", "--sql-only"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.rfind("CREATE TABLE user (\n    id INTEGER NOT NULL,\n", 0) == 0);
    CHECK(result.out.find("CREATE INDEX ix_user_email ON user (email);") != std::string::npos);
    CHECK(revision_count(project) == 1);
}

TEST_CASE("migrate --from-history compares with what the revisions build, without a database", "[migrate]") {
    Project project;
    project.init();
    project.write("models.yaml", user_models);
    REQUIRE(project.dbm({"migrate", "-m", "Initial", "--from-history"}).exit_code == 0);
    auto result = project.dbm({"migrate", "-m", "again", "--from-history"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "No changes in schema detected.\n");
    CHECK_FALSE(std::filesystem::exists(project.path("app.db")));
    // revision --autogenerate is the same comparison, against the live database.
    result = project.dbm({"revision", "--autogenerate", "-m", "Live"});
    CHECK(result.exit_code == 1);
    CHECK(result.err == "dbm: error: Target database is not up to date.\n");
}

TEST_CASE("a database made by SQLAlchemy compares equal to the same models", "[migrate]") {
    Project project;
    project.init();
    // The DDL Flask-SQLAlchemy emits for the spec's user model, as `flask db upgrade` leaves it.
    REQUIRE(e2e::run({SQLITE3_SHELL, "app.db",
                      "CREATE TABLE user (\n\tid INTEGER NOT NULL, \n\tusername VARCHAR(80) NOT NULL, \n\temail "
                      "VARCHAR(120) NOT NULL, \n\tcreated_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL, \n\tPRIMARY "
                      "KEY (id), \n\tUNIQUE (username)\n);\nCREATE INDEX ix_user_email ON user (email);"},
                     project.dir())
                .exit_code == 0);
    project.write("models.yaml", user_models);
    const auto result = project.dbm({"migrate", "-m", "Nothing"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "No changes in schema detected.\n");
    CHECK(result.err.empty());
}

TEST_CASE("making a column NOT NULL fails with the count of NULL rows, and the database is unchanged", "[migrate]") {
    Project project;
    project.init();
    project.write("models.yaml", "tables:\n  person:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                 "      nickname: {type: text}\n");
    REQUIRE(project.dbm({"migrate", "-m", "Person"}).exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    e2e::run({SQLITE3_SHELL, "app.db", "INSERT INTO person (nickname) VALUES ('a'), (NULL), (NULL);"}, project.dir());
    project.write("models.yaml", "tables:\n  person:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                 "      nickname: {type: text, nullable: false}\n");
    REQUIRE(project.dbm({"migrate", "-m", "Require nickname", "--rev-id", "feed00000002"}).exit_code == 0);
    const std::string schema_before = project.schema();
    auto result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 1);
    CHECK(std::regex_match(result.err, std::regex(R"(migrations/versions/feed00000002_require_nickname\.sql:\d+:1: error: 2 row\(s\) of person hold NULL in nickname, which becomes NOT NULL; fill them first; rolled back, the database is unchanged\n)")));
    CHECK(project.schema() == schema_before);

    e2e::run({SQLITE3_SHELL, "app.db", "UPDATE person SET nickname = 'x' WHERE nickname IS NULL;"}, project.dir());
    result = project.dbm({"upgrade"});
    REQUIRE(result.exit_code == 0);
    CHECK(project.query("SELECT \"notnull\" FROM pragma_table_info('person') WHERE name = 'nickname'") == "1\n");
}

TEST_CASE("a type change on 100,000 rows keeps every row in one revision", "[migrate]") {
    Project project;
    project.init();
    project.write("models.yaml", "tables:\n  reading:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                 "      value: {type: integer}\n      note: {type: string(20), index: true}\n");
    REQUIRE(project.dbm({"migrate", "-m", "Readings"}).exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    REQUIRE(e2e::run({SQLITE3_SHELL, "app.db",
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) "
                      "INSERT INTO reading (id, value, note) SELECT i * 2, i, 'n' || (i % 97) FROM n;"},
                     project.dir())
                .exit_code == 0);
    const std::string digest_before = project.query("SELECT count(*), sum(id), sum(value), max(note) FROM reading");
    project.write("models.yaml", "tables:\n  reading:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                 "      value: {type: text}\n      note: {type: string(40), index: true}\n");
    REQUIRE(project.dbm({"migrate", "-m", "Values as text"}).exit_code == 0);
    CHECK(newest_revision(project).find("CREATE TABLE _dbm_new_reading") != std::string::npos);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(project.query("SELECT count(*), sum(id), sum(value), max(note) FROM reading") == digest_before);
    CHECK(project.query("SELECT typeof(value) FROM reading LIMIT 1") == "text\n");
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE name = 'ix_reading_note'") == "1\n");
    CHECK(project.dbm({"migrate", "-m", "again"}).out == "No changes in schema detected.\n");
}
