// `dbm check` (SPEC §6): exit 3 with one line per finding, "OK" and exit 0 otherwise.
#include <catch2/catch.hpp>

#include <filesystem>

#include "harness.hpp"

using e2e::lines;
using e2e::Project;

namespace {

void project_at_head(const Project& project) {
    project.init();
    project.write("models.yaml", "tables:\n  item:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                 "      name: {type: text, nullable: false}\n");
    REQUIRE(project.dbm({"migrate", "-m", "Items", "--rev-id", "aaaa00000001"}).exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
}

}  // namespace

TEST_CASE("check says OK and exits 0 when database, revisions and models agree", "[check]") {
    Project project;
    project_at_head(project);
    auto result = project.dbm({"check"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "OK\n");
    CHECK(result.err.empty());
    result = project.dbm({"check", "--json"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "{\"ok\":true,\"models_compared\":true,\"database_compared\":true,\"findings\":[]}\n");
}

TEST_CASE("check finds a database behind head and models ahead of the revisions", "[check]") {
    Project project;
    project_at_head(project);
    project.write("models.yaml", "tables:\n  item:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                 "      name: {type: text, nullable: false}\n      price: {type: integer}\n");
    auto result = project.dbm({"check"});
    CHECK(result.exit_code == 3);
    CHECK(result.out == "models differ from head: added column 'item.price' (run 'dbm migrate')\n");
    CHECK(result.err == "dbm: error: check found 1 difference(s)\n");

    REQUIRE(project.dbm({"migrate", "-m", "Price", "--rev-id", "aaaa00000002"}).exit_code == 0);
    result = project.dbm({"check"});
    CHECK(result.exit_code == 3);
    CHECK(result.out == "the database is at aaaa00000001_items; the head is aaaa00000002_price\n");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(project.dbm({"check"}).exit_code == 0);
}

TEST_CASE("check finds schema drift: changes made by hand outside any revision", "[check]") {
    Project project;
    project_at_head(project);
    e2e::run({SQLITE3_SHELL, "app.db", "ALTER TABLE item ADD COLUMN sneaky TEXT; CREATE INDEX ix_sneaky ON item (sneaky);"},
             project.dir());
    const auto result = project.dbm({"check", "--json"});
    CHECK(result.exit_code == 3);
    CHECK(result.out ==
          "{\"ok\":false,\"models_compared\":true,\"database_compared\":true,\"findings\":[{\"kind\":\"drift\",\"message\":\"schema drift: column "
          "'item.sneaky' is in the database but in none of its revisions\"},{\"kind\":\"drift\",\"message\":\"schema drift: "
          "index 'ix_sneaky' on 'item' (sneaky) is in the database but in none of its revisions\"}]}\n");
}

TEST_CASE("check says which side has what: an index dropped by hand is missing from the database", "[check]") {
    Project project;
    project.init();
    project.write("models.yaml", "tables:\n  user:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                 "      email: {type: text}\n      age: {type: integer}\n"
                                 "    indexes:\n      ix_user_email: {columns: [email]}\n");
    REQUIRE(project.dbm({"migrate", "-m", "Users", "--rev-id", "aaaa00000001"}).exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    e2e::run({SQLITE3_SHELL, "app.db", "DROP INDEX ix_user_email"}, project.dir());
    auto result = project.dbm({"check"});
    CHECK(result.exit_code == 3);
    CHECK(result.out == "schema drift: index 'ix_user_email' on 'user' is missing from the database (its revisions create it)\n");
    // A column changed by hand: the revisions' side first.
    e2e::run({SQLITE3_SHELL, "app.db", "CREATE INDEX ix_user_email ON user (email); ALTER TABLE user DROP COLUMN age; "
                                       "ALTER TABLE user ADD COLUMN age TEXT"},
             project.dir());
    result = project.dbm({"check"});
    CHECK(result.exit_code == 3);
    CHECK(result.out == "schema drift: column 'user.age' differs in the database from its revisions: type INTEGER -> TEXT "
                        "(revisions -> database)\n");
}

TEST_CASE("check finds an applied revision file that changed", "[check]") {
    Project project;
    project_at_head(project);
    const std::string file = "migrations/versions/aaaa00000001_items.sql";
    project.write(file, project.read(file) + "-- a later edit\n");
    const auto result = project.dbm({"check"});
    CHECK(result.exit_code == 3);
    REQUIRE(lines(result.out).size() == 1);
    CHECK(lines(result.out)[0].rfind("migrations/versions/aaaa00000001_items.sql changed after it was applied (only its "
                                     "downgrade section; its upgrade section is as applied; SHA-256 ",
                                     0) == 0);
}

TEST_CASE("check reports revisions that only work on a database changed by hand", "[check]") {
    Project project;
    project.init();
    project.write("models.yaml", "tables: {}\n");
    e2e::run({SQLITE3_SHELL, "app.db", "CREATE TABLE legacy (id INTEGER PRIMARY KEY);"}, project.dir());
    project.add_revision("aaaa00000001", "Drop legacy", "", "DROP TABLE legacy;", "CREATE TABLE legacy (id INTEGER PRIMARY KEY);");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    const auto result = project.dbm({"check"});
    CHECK(result.exit_code == 3);
    CHECK(result.out == "the revisions do not replay on an empty database: migrations/versions/aaaa00000001_drop_legacy.sql:7: "
                        "no such table: legacy, in: DROP TABLE legacy\n");
}

TEST_CASE("check says on stderr when there are no models to compare, and still checks the rest", "[check]") {
    Project project;
    project.init();  // models.yaml is `tables: {}`
    project.add_revision("aaaa00000001", "Things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY);", "DROP TABLE things;");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    auto result = project.dbm({"check"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "OK\n");
    CHECK(result.err == "Models not compared: models.yaml declares no tables, views or triggers.\n");
    result = project.dbm({"check", "--json", "-q"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "{\"ok\":true,\"models_compared\":false,\"database_compared\":true,\"findings\":[]}\n");
    CHECK(result.err.empty());

    std::filesystem::remove(project.path("models.yaml"));
    e2e::run({SQLITE3_SHELL, "app.db", "CREATE TABLE sneaky (id INTEGER);"}, project.dir());
    result = project.dbm({"check"});
    CHECK(result.exit_code == 3);
    CHECK(result.out == "schema drift: table 'sneaky' is in the database but in none of its revisions\n");
    CHECK(result.err == "Models not compared: there is no models.yaml.\ndbm: error: check found 1 difference(s)\n");
}

TEST_CASE("check reports broken models before anything it finds in the database", "[check]") {
    Project project;
    project_at_head(project);
    project.write("models.yaml", "tables:\n  item: {colums: {}}\n");
    project.write("app.db", "not a database");
    const auto result = project.dbm({"check"});
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err == "models.yaml:2:10: error: unknown table setting 'colums' (did you mean 'columns'?)\n");
}

TEST_CASE("a second check reads the replayed schema from its cache, and an edited revision is replayed at once",
          "[check]") {
    Project project;
    project_at_head(project);
    CHECK(project.dbm({"check"}).out == "OK\n");
    CHECK(std::filesystem::exists(project.path("migrations/.dbm-cache/replay")));
    CHECK(project.dbm({"check"}).out == "OK\n");
    CHECK(project.dbm({"check", "--no-db"}).out == "OK\n");
    // The applied file edited so that it builds another schema: the edit, the drift and the
    // models' difference are all seen on the very next check.
    const std::string file = "migrations/versions/aaaa00000001_items.sql";
    std::string text = project.read(file);
    const auto at = text.find("name TEXT NOT NULL");
    REQUIRE(at != std::string::npos);
    text.replace(at, 18, "name TEXT NOT NULL, extra TEXT");
    project.write(file, text);
    auto result = project.dbm({"check"});
    CHECK(result.exit_code == 3);
    INFO(result.out);
    CHECK(result.out.find("aaaa00000001_items.sql changed after it was applied") != std::string::npos);
    CHECK(result.out.find("schema drift: column 'item.extra' is missing from the database (its revisions create it)") !=
          std::string::npos);
    CHECK(result.out.find("models differ from head: removed column 'item.extra'") != std::string::npos);
    // Back as it was: OK again.
    text.replace(at, 30, "name TEXT NOT NULL");
    project.write(file, text);
    CHECK(project.dbm({"check"}).out == "OK\n");
}
