// `dbm schema --mermaid|--dot [--from-db]`: ER diagrams of the models or the database.
#include <catch2/catch.hpp>

#include <string>

#include "harness.hpp"

using e2e::Project;

namespace {

void blog(const Project& project) {
    project.init();
    project.write("models.yaml",
                  "tables:\n  user:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                  "      email: {type: string(120), nullable: false, unique: true}\n"
                  "  post:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                  "      user_id: {type: integer, nullable: false, references: user.id}\n"
                  "      editor_id: {type: integer, references: user.id}\n"
                  "      price: {type: \"numeric(10,2)\"}\n");
}

}  // namespace

TEST_CASE("schema draws the models as a Mermaid ER diagram, foreign keys as relationships", "[diagram]") {
    Project project;
    blog(project);
    const auto result = project.dbm({"schema"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "erDiagram\n"
                        "    user {\n"
                        "        INTEGER id PK\n"
                        "        VARCHAR(120) email UK \"NOT NULL\"\n"
                        "    }\n"
                        "    post {\n"
                        "        INTEGER id PK\n"
                        "        INTEGER user_id FK \"NOT NULL\"\n"
                        "        INTEGER editor_id FK\n"
                        "        NUMERIC(10-2) price\n"
                        "    }\n"
                        "    post }o--|| user : \"user_id\"\n"
                        "    post }o--o| user : \"editor_id\"\n");
    CHECK(project.dbm({"schema", "--mermaid"}).out == result.out);
    CHECK(project.dbm({"schema", "--mermaid", "--dot"}).exit_code == 2);
}

TEST_CASE("schema --dot --from-db draws the live database for Graphviz", "[diagram]") {
    Project project;
    blog(project);
    REQUIRE(project.dbm({"migrate", "-m", "Blog"}).exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    project.write("models.yaml", "tables: {}\n");  // the database is drawn, not the models
    const auto result = project.dbm({"schema", "--dot", "--from-db"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.rfind("digraph schema {\n", 0) == 0);
    CHECK(result.out.find("\"post\":\"user_id\" -> \"user\":\"id\";") != std::string::npos);
    CHECK(result.out.find("<tr><td port=\"email\" align=\"left\">email VARCHAR(120) NOT NULL UK</td></tr>") !=
          std::string::npos);
    CHECK(result.out.find("dbm_version") == std::string::npos);
}
