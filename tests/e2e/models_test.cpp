// Bad models get "models.yaml:LINE:COL: error: ...", exit 2, and nothing written (SPEC §4).
#include <catch2/catch.hpp>

#include "harness.hpp"

using e2e::Project;

namespace {

struct Case {
    const char* name;
    const char* models;
    const char* error;
};

// Runs migrate on the models and checks the one error line, the exit code, and that no
// revision file and no database appeared.
void expect_refused(const Case& bad) {
    INFO(bad.name);
    Project project;
    project.init();
    project.write("models.yaml", bad.models);
    const auto result = project.dbm({"migrate", "-m", "bad"});
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err == std::string(bad.error) + "\n");
    CHECK(std::filesystem::is_empty(project.path("migrations/versions")));
}

}  // namespace

TEST_CASE("bad models are refused with the file, line and column, and nothing is written", "[models]") {
    const Case cases[] = {
        {"malformed YAML", "tables:\n  user:\n    columns: [unclosed\n",
         "models.yaml:4:1: error: end of sequence flow not found"},
        {"unknown column setting", "tables:\n  user:\n    columns:\n      id: {type: integer, primay_key: true}\n",
         "models.yaml:4:27: error: unknown column setting 'primay_key' (did you mean 'primary_key'?)"},
        {"unknown table setting", "tables:\n  user:\n    colums:\n      id: {type: integer}\n",
         "models.yaml:3:5: error: unknown table setting 'colums' (did you mean 'columns'?)"},
        {"unknown referenced table",
         "tables:\n  user:\n    columns:\n      id: {type: integer, primary_key: true}\n  post:\n    columns:\n"
         "      id: {type: integer, primary_key: true}\n      user_id: {type: integer, references: usr.id}\n",
         "models.yaml:8:44: error: references unknown table 'usr' (did you mean 'user'?)"},
        {"unknown referenced column",
         "tables:\n  user:\n    columns:\n      id: {type: integer, primary_key: true}\n  post:\n    columns:\n"
         "      user_id: {type: integer, references: user.uid}\n",
         "models.yaml:7:44: error: references unknown column 'uid' in table 'user' (did you mean 'id'?)"},
        {"type that is not a string", "tables:\n  user:\n    columns:\n      id: {type: 5}\n",
         "models.yaml:4:18: error: the type of column 'id' must be a string such as integer, text or string(80)"},
        {"duplicate column", "tables:\n  user:\n    columns:\n      id: {type: integer}\n      ID: {type: text}\n",
         "models.yaml:5:7: error: duplicate column 'ID' in table 'user'"},
        {"duplicate table", "tables:\n  user:\n    columns:\n      id: {type: integer}\n  User:\n    columns:\n"
                            "      id: {type: integer}\n",
         "models.yaml:5:3: error: duplicate table 'User' (first declared at line 2)"},
        {"index on an unknown column",
         "tables:\n  user:\n    columns:\n      id: {type: integer}\n    indexes:\n      ix_x: {columns: [email]}\n",
         "models.yaml:6:23: error: unknown column 'email' in table 'user'"},
        {"unnamed indexes", "tables:\n  user:\n    columns:\n      id: {type: integer}\n    indexes:\n      - {columns: [id]}\n",
         "models.yaml:6:7: error: 'indexes' must map index names to {columns: [...]}; every index needs a name"},
        {"both default and default_expr",
         "tables:\n  user:\n    columns:\n      n: {type: integer, default: 1, default_expr: 2}\n",
         "models.yaml:4:7: error: column 'n' has both 'default' and 'default_expr'; keep one"},
    };
    for (const Case& bad : cases) expect_refused(bad);
}

TEST_CASE("a NOT NULL column added without a default to an existing table is refused at its line", "[models]") {
    Project project;
    project.init();
    project.write("models.yaml", "tables:\n  user:\n    columns:\n      id: {type: integer, primary_key: true}\n");
    REQUIRE(project.dbm({"migrate", "-m", "User"}).exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    project.write("models.yaml", "tables:\n  user:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                 "      email: {type: text, nullable: false}\n");
    const auto result = project.dbm({"migrate", "-m", "Email"});
    CHECK(result.exit_code == 2);
    CHECK(result.err ==
          "models.yaml:5:7: error: column 'user.email' is added as NOT NULL without a default, so the rows already in "
          "'user' would have no value; give it a default, or add it nullable first\n");
    CHECK(std::distance(std::filesystem::directory_iterator(project.path("migrations/versions")),
                        std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("models may be a .sql file of CREATE statements, and an SQL error names its line", "[models]") {
    Project project;
    project.init();
    std::filesystem::remove(project.path("migrations/dbm.yaml"));
    project.write("migrations/dbm.yaml", "database: sqlite:///app.db\nmodels: schema.sql\n");
    project.write("schema.sql", "CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
                                "CREATE VIEW author_names AS SELECT name FROM author;\n");
    auto result = project.dbm({"migrate", "-m", "From SQL"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.err == "Detected added table 'author'\nDetected added view 'author_names'\n");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(project.dbm({"migrate", "-m", "again"}).out == "No changes in schema detected.\n");

    project.write("schema.sql", "CREATE TABLE author (id INTEGER PRIMARY KEY);\n\nCREATE INDEX ix ON author (missing);\n");
    result = project.dbm({"migrate", "-m", "Broken"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "schema.sql:3:1: error: no such column: missing\n");
}
