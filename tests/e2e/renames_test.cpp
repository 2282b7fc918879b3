// renamed_from on real databases: swaps, cycles and chains of renames keep every row under
// its new name, downgrade restores the old names, and a revision that ran a cycle is not
// planned again (#9.12).
#include <catch2/catch.hpp>

#include <string>

#include "harness.hpp"

using e2e::Project;

namespace {

void write_rows(const Project& project, const std::string& sql) {
    REQUIRE(e2e::run({SQLITE3_SHELL, "app.db", sql}, project.dir()).exit_code == 0);
}

// The columns of the user's tables, in order, with what SQLite knows of each: equal after a
// downgrade (SQLite's rename quotes the names in the stored CREATE text, so the text differs).
std::string shape(const Project& project) {
    return project.query("SELECT m.name, group_concat(c.name || ' ' || c.type || ' ' || c.\"notnull\" || ' ' || c.pk, "
                         "', ') FROM sqlite_schema AS m, pragma_table_xinfo(m.name) AS c WHERE m.type = 'table' AND "
                         "m.name NOT LIKE 'dbm%' GROUP BY m.name ORDER BY m.name");
}

void upgrade_to(const Project& project, const std::string& models, const std::string& message) {
    project.write("models.yaml", models);
    const auto result = project.dbm({"migrate", "-m", message});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
}

void require_settled(const Project& project) {
    const auto again = project.dbm({"migrate", "-m", "again"});
    CHECK(again.out == "No changes in schema detected.\n");
    const auto check = project.dbm({"check"});
    INFO(check.err);
    CHECK(check.exit_code == 0);
}

const std::string two_tables = "tables:\n"
                               "  a:\n"
                               "    columns:\n"
                               "      id: {type: integer, primary_key: true}\n"
                               "      x: text\n"
                               "      y: text\n"
                               "  b:\n"
                               "    columns:\n"
                               "      id: {type: integer, primary_key: true}\n"
                               "      v: integer\n";

}  // namespace

TEST_CASE("a swap of two tables and of two columns moves every row to its new name, and downgrade moves it back",
          "[renames]") {
    Project project;
    project.init();
    upgrade_to(project, two_tables, "one");
    write_rows(project, "INSERT INTO a VALUES (1, 'x1', 'y1'); INSERT INTO b VALUES (1, 42);");
    const std::string shape_v1 = shape(project);

    project.write("models.yaml", "tables:\n"
                                 "  b:\n"
                                 "    renamed_from: a\n"
                                 "    columns:\n"
                                 "      id: {type: integer, primary_key: true}\n"
                                 "      y: {type: text, renamed_from: x}\n"
                                 "      x: {type: text, renamed_from: y}\n"
                                 "  a:\n"
                                 "    renamed_from: b\n"
                                 "    columns:\n"
                                 "      id: {type: integer, primary_key: true}\n"
                                 "      v: integer\n");
    const auto migrate = project.dbm({"migrate", "-m", "swap"});
    REQUIRE(migrate.exit_code == 0);
    CHECK(migrate.err == "Detected renamed table 'a' to 'b'\n"
                         "Detected renamed table 'b' to 'a'\n"
                         "Detected renamed column 'b.x' to 'b.y'\n"
                         "Detected renamed column 'b.y' to 'b.x'\n");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(project.query("SELECT id, v FROM a") == "1|42\n");
    CHECK(project.query("SELECT id, x, y FROM b") == "1|y1|x1\n");
    // The cycle ran: the same hints, read again, plan nothing.
    require_settled(project);

    REQUIRE(project.dbm({"downgrade"}).exit_code == 0);
    CHECK(shape(project) == shape_v1);
    CHECK(project.query("SELECT * FROM a") == "1|x1|y1\n");
    CHECK(project.query("SELECT * FROM b") == "1|42\n");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    require_settled(project);
}

TEST_CASE("a cycle of three column renames combined with a rebuild keeps the rows, and a chain of table renames "
          "frees each name before it is taken",
          "[renames]") {
    Project project;
    project.init();
    upgrade_to(project,
               "tables:\n"
               "  t:\n"
               "    columns:\n"
               "      id: {type: integer, primary_key: true}\n"
               "      p: text\n"
               "      q: text\n"
               "      r: text\n"
               "  first:\n"
               "    columns:\n"
               "      id: {type: integer, primary_key: true}\n"
               "      n: integer\n"
               "  second:\n"
               "    columns:\n"
               "      id: {type: integer, primary_key: true}\n"
               "      m: integer\n",
               "one");
    write_rows(project, "INSERT INTO t VALUES (1, '10', 'q', 'r'); INSERT INTO first VALUES (1, 1);"
                          "INSERT INTO second VALUES (1, 2);");
    const std::string shape_v1 = shape(project);

    // p -> q -> r -> p, with q's type changed (a rebuild after the renames); second -> third
    // and first -> second (a chain: second must move first), and a new, empty first.
    upgrade_to(project,
               "tables:\n"
               "  t:\n"
               "    columns:\n"
               "      id: {type: integer, primary_key: true}\n"
               "      q: {type: integer, renamed_from: p}\n"
               "      r: {type: text, renamed_from: q}\n"
               "      p: {type: text, renamed_from: r}\n"
               "  second:\n"
               "    renamed_from: first\n"
               "    columns:\n"
               "      id: {type: integer, primary_key: true}\n"
               "      n: integer\n"
               "  third:\n"
               "    renamed_from: second\n"
               "    columns:\n"
               "      id: {type: integer, primary_key: true}\n"
               "      m: integer\n"
               "  first:\n"
               "    columns:\n"
               "      id: {type: integer, primary_key: true}\n"
               "      z: text\n",
               "cycle and chain");
    CHECK(project.query("SELECT id, q, typeof(q), r, p FROM t") == "1|10|integer|q|r\n");
    CHECK(project.query("SELECT n FROM second") == "1\n");
    CHECK(project.query("SELECT m FROM third") == "2\n");
    CHECK(project.query("SELECT count(*) FROM first") == "0\n");
    require_settled(project);

    REQUIRE(project.dbm({"downgrade"}).exit_code == 0);
    CHECK(shape(project) == shape_v1);
    // The downgrade's rebuild gives q back its TEXT type: '10' comes back as text.
    CHECK(project.query("SELECT id, p, typeof(p), q, r FROM t") == "1|10|text|q|r\n");
    CHECK(project.query("SELECT n FROM first") == "1\n");
    CHECK(project.query("SELECT m FROM second") == "2\n");
}

TEST_CASE("a model declaring a renamed table's old name again gets a new, empty table, and triggers follow the "
          "rename",
          "[renames]") {
    Project project;
    project.init();
    upgrade_to(project, two_tables, "one");
    write_rows(project, "INSERT INTO a VALUES (1, 'x1', 'y1');");
    // An unmanaged trigger (declared in no model) that names the table and a column.
    REQUIRE(project.dbm({"revision", "-m", "Trigger", "--rev-id", "bbbb00000001"}).exit_code == 0);
    project.fill_revision("migrations/versions/bbbb00000001_trigger.sql",
                          "CREATE TRIGGER a_touch AFTER UPDATE OF x ON a BEGIN UPDATE a SET y = 'touched' WHERE id = "
                          "NEW.id; END;",
                          "DROP TRIGGER a_touch;", "2026-12-02 00:00:00.000000");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);

    upgrade_to(project,
               "tables:\n"
               "  archive:\n"
               "    renamed_from: a\n"
               "    columns:\n"
               "      id: {type: integer, primary_key: true}\n"
               "      xx: {type: text, renamed_from: x}\n"
               "      y: text\n"
               "  a:\n"
               "    columns:\n"
               "      id: {type: integer, primary_key: true}\n"
               "      x: text\n"
               "      y: text\n"
               "  b:\n"
               "    columns:\n"
               "      id: {type: integer, primary_key: true}\n"
               "      v: integer\n",
               "archive");
    CHECK(project.query("SELECT * FROM archive") == "1|x1|y1\n");
    CHECK(project.query("SELECT count(*) FROM a") == "0\n");
    CHECK(project.query("SELECT tbl_name FROM sqlite_schema WHERE name = 'a_touch'") == "archive\n");
    write_rows(project, "UPDATE archive SET xx = 'x2';");
    CHECK(project.query("SELECT y FROM archive") == "touched\n");
    require_settled(project);
}

TEST_CASE("two models renamed from one name are refused at the second", "[renames]") {
    Project project;
    project.init();
    upgrade_to(project, two_tables, "one");
    project.write("models.yaml", "tables:\n"
                                 "  c:\n"
                                 "    renamed_from: a\n"
                                 "    columns:\n"
                                 "      id: {type: integer, primary_key: true}\n"
                                 "  d:\n"
                                 "    renamed_from: a\n"
                                 "    columns:\n"
                                 "      id: {type: integer, primary_key: true}\n");
    const auto result = project.dbm({"migrate", "-m", "two"});
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Catch::StartsWith("models.yaml:6:3: error: ") && Catch::Contains("'a'"));
}
