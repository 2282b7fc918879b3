// `dbm verify`: the stairway test on a scratch database (never the user's): every revision
// up, down and up again, each down restoring the schema its up started from; one head; the
// models equal head. Exit 3 with one line per finding.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

#include "harness.hpp"

using e2e::lines;
using e2e::Project;

namespace {

const char* users_models = "tables:\n  user:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                           "      email: {type: text}\n";

}  // namespace

TEST_CASE("verify passes a chain whose downgrades undo their upgrades, and touches no database", "[verify]") {
    Project project;
    project.init();
    project.write("models.yaml", users_models);
    REQUIRE(project.dbm({"migrate", "-m", "Users", "--rev-id", "aaaa00000001"}).exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    project.write("models.yaml", std::string(users_models) + "      age: {type: integer, nullable: false, default: 0}\n"
                                                             "    indexes:\n      ix_user_email: {columns: [email]}\n");
    REQUIRE(project.dbm({"migrate", "-m", "Age", "--rev-id", "aaaa00000002"}).exit_code == 0);
    const std::string schema = project.schema();

    auto result = project.dbm({"verify"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out == "OK: 2 revision(s) went up, down and up again on a scratch database, each down restoring the "
                        "schema its up started from; the models equal head\n");
    CHECK(project.schema() == schema);  // the user's database stays at aaaa00000001
    CHECK(project.query("SELECT version_num FROM dbm_version") == "aaaa00000001\n");
    result = project.dbm({"verify", "--json"});
    CHECK(result.out == "{\"ok\":true,\"revisions\":2,\"revisions_checked\":2,\"models_compared\":true,\"findings\":[]}\n");
}

TEST_CASE("verify finds a downgrade that leaves or removes too much, and stops at a step that fails", "[verify]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "Things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY);", "DROP TABLE things;");
    // Its downgrade forgets the index and drops the table the revision before made.
    project.add_revision("aaaa00000002", "Index", "aaaa00000001",
                         "CREATE TABLE other (id INTEGER);\nCREATE INDEX ix_other ON other (id);",
                         "DROP TABLE other;\nDROP TABLE things;");
    auto result = project.dbm({"verify"});
    CHECK(result.exit_code == 3);
    // Both the down and the up again are wrong (the table is gone for good).
    CHECK(lines(result.out) ==
          std::vector<std::string>{"aaaa00000002_index: its downgrade does not restore the schema its upgrade started "
                                   "from: table 'things' is missing",
                                   "aaaa00000002_index: its upgrade after its downgrade builds another schema: table "
                                   "'things' is missing"});
    CHECK(result.err == "Models not compared: models.yaml declares no tables, views or triggers.\n"
                        "dbm: error: verify found 2 problem(s)\n");
    CHECK_FALSE(std::filesystem::exists(project.path("app.db")));

    project.add_revision("aaaa00000003", "Leaves", "aaaa00000002", "CREATE TABLE kept (id INTEGER);", "SELECT 1;");
    project.write("migrations/versions/aaaa00000002_index.sql",
                  project.read("migrations/versions/aaaa00000002_index.sql").replace(
                      project.read("migrations/versions/aaaa00000002_index.sql").find("DROP TABLE things;"), 18, ""));
    result = project.dbm({"verify"});
    CHECK(result.exit_code == 3);
    CHECK(lines(result.out) ==
          std::vector<std::string>{
              "aaaa00000003_leaves: its downgrade does not restore the schema its upgrade started from: table 'kept' is "
              "there, and should not be",
              "aaaa00000003_leaves: its upgrade after its downgrade failed (the revisions after it were not checked): "
              "migrations/versions/aaaa00000003_leaves.sql:7: table kept already exists, in: CREATE TABLE kept (id "
              "INTEGER)"});
}

TEST_CASE("verify reports several heads and models that differ from head", "[verify]") {
    Project project;
    project.init();
    project.write("models.yaml", users_models);
    REQUIRE(project.dbm({"migrate", "-m", "Users", "--rev-id", "aaaa00000001"}).exit_code == 0);
    project.add_revision("aaaa00000002", "Left", "aaaa00000001", "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
    project.add_revision("aaaa00000003", "Right", "aaaa00000001", "CREATE TABLE b (id INTEGER);", "DROP TABLE b;");
    const auto result = project.dbm({"verify"});
    CHECK(result.exit_code == 3);
    auto found = lines(result.out);
    REQUIRE(found.size() == 3);
    std::sort(found.begin() + 1, found.end());
    CHECK(found[0] == "the revisions have 2 heads (aaaa00000002_left, aaaa00000003_right); merge them with 'dbm merge -m "
                      "MSG heads'");
    CHECK(found[1] == "models differ from head: removed table 'a' (run 'dbm migrate')");
    CHECK(found[2] == "models differ from head: removed table 'b' (run 'dbm migrate')");
}
