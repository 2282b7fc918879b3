// C++ revisions (docs/cpp-revisions.md): compiled with the system's compiler, cached, run
// as a child process inside dbm's transaction. A revision that throws, crashes or does not
// compile leaves the database as it was.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <signal.h>

#include "harness.hpp"

using e2e::Project;

namespace {

// The SQL revision the C++ ones follow: person with `rows` full names "First<i> Last<i>".
void person_table(const Project& project, int rows) {
    project.add_revision("aaaa00000001", "Create person", "",
                         "CREATE TABLE person (id INTEGER PRIMARY KEY, full_name TEXT, first_name TEXT, last_name TEXT);\n"
                         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                             std::to_string(rows) +
                             ")\n  INSERT INTO person (id, full_name) SELECT i, 'First' || i || ' Last' || i FROM n;",
                         "DROP TABLE person;");
}

// versions/<id>_<slug>.cpp with the header dbm writes and the given functions' bodies.
std::string cpp_revision(const Project& project, const std::string& id, const std::string& message,
                         const std::string& revises, const std::string& upgrade, const std::string& downgrade,
                         const std::string& before = "") {
    const std::string name = "migrations/versions/" + id + "_" + message.substr(0, message.find(' ')) + ".cpp";
    project.write(name, "// " + message + "\n//\n// Revision ID: " + id + "\n// Revises: " + revises +
                            "\n// Create Date: 2026-12-01 10:00:00.000000\n#include <dbm/revision.hpp>\n#include "
                            "<cstdlib>\n#include <stdexcept>\n#include <string>\n" +
                            before + "\nvoid upgrade(dbm::Op& op) {\n" + upgrade + "\n}\n\nvoid downgrade(dbm::Op& op) {\n" +
                            downgrade + "\n}\n");
    return name;
}

const std::string split_upgrade = R"(    auto update = op.prepare("UPDATE person SET first_name = ?, last_name = ? WHERE id = ?");
    for (auto row : op.rows("SELECT id, full_name FROM person")) {
        const std::string full = row.text(1);
        const auto space = full.find(' ');
        update(full.substr(0, space), full.substr(space + 1), row.integer(0));
    }
    op.log("split every name");)";
const std::string split_downgrade = R"(    op.execute("UPDATE person SET first_name = NULL, last_name = NULL");)";

// A compiler that counts its runs in <project>/compiles, then runs the system's c++.
e2e::Env counting_compiler(const Project& project) {
    project.write("counting-c++", "#!/bin/sh\necho run >> \"" + project.path("compiles").string() + "\"\nexec c++ \"$@\"\n");
    std::filesystem::permissions(project.path("counting-c++"), std::filesystem::perms::owner_all);
    return {{"CXX", project.path("counting-c++").string()}};
}

std::size_t compiles(const Project& project) {
    if (!std::filesystem::exists(project.path("compiles"))) return 0;
    return e2e::lines(project.read("compiles")).size();
}

// A SQL revision after the C++ one, so that a chain is SQL -> C++ -> SQL.
void after(const Project& project, const std::string& revises) {
    project.add_revision("aaaa00000003", "Add note", revises, "ALTER TABLE person ADD COLUMN note TEXT;",
                         "ALTER TABLE person DROP COLUMN note;");
}

}  // namespace

TEST_CASE("a C++ revision splits 10,000 names and its downgrade undoes it, every row checked", "[cpp]") {
    Project project;
    project.init();
    person_table(project, 10000);
    cpp_revision(project, "aaaa00000002", "Split full name", "aaaa00000001", split_upgrade, split_downgrade);
    after(project, "aaaa00000002");
    const e2e::Env cxx = counting_compiler(project);

    const auto up = project.dbm({"upgrade"}, cxx);
    INFO(up.err);
    REQUIRE(up.exit_code == 0);
    CHECK(up.out.find("Upgrading to aaaa00000002_Split... done") != std::string::npos);
    CHECK(up.err.find("split every name") != std::string::npos);
    CHECK(project.query("SELECT count(*) FROM person WHERE first_name = 'First' || id AND last_name = 'Last' || id") ==
          "10000\n");
    CHECK(project.query("SELECT count(*) FROM person") == "10000\n");
    CHECK(project.query("SELECT version_num FROM dbm_version") == "aaaa00000003\n");

    CHECK(compiles(project) == 1);
    REQUIRE(project.dbm({"downgrade", "aaaa00000001"}, cxx).exit_code == 0);
    CHECK(project.query("SELECT count(*), count(first_name), count(last_name) FROM person") == "10000|0|0\n");
    CHECK(project.query("SELECT version_num FROM dbm_version") == "aaaa00000001\n");

    // The program is cached: a fresh database upgrades without compiling it again.
    std::filesystem::remove(project.path("app.db"));
    const auto again = project.dbm({"upgrade"}, cxx);
    INFO(again.err);
    CHECK(again.exit_code == 0);
    CHECK(project.query("SELECT count(*) FROM person WHERE first_name = 'First' || id") == "10000\n");
    // history and check read the header (check replays the chain into a scratch database:
    // the cached program runs there).
    const auto history = project.dbm({"history"}, {{"CXX", "/nonexistent/c++"}});
    CHECK(history.out.find("Split full name") != std::string::npos);
    CHECK(project.dbm({"check"}, cxx).exit_code == 0);
    CHECK(compiles(project) == 1);
    // An edited revision is another program.
    project.write("migrations/versions/aaaa00000002_Split.cpp",
                  project.read("migrations/versions/aaaa00000002_Split.cpp") + "// edited\n");
    std::filesystem::remove(project.path("app.db"));
    CHECK(project.dbm({"upgrade"}, cxx).exit_code == 0);
    CHECK(compiles(project) == 2);
    // migrate --from-history replays the chain, the C++ revision too, into a scratch database.
    project.write("models.yaml", "tables:\n  person:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                 "      full_name: {sql_type: TEXT}\n      first_name: {sql_type: TEXT}\n"
                                 "      last_name: {sql_type: TEXT}\n      note: {sql_type: TEXT}\n");
    const auto from_history = project.dbm({"migrate", "--from-history", "-m", "x", "--sql-only"}, cxx);
    INFO(from_history.err);
    CHECK(from_history.exit_code == 0);
    CHECK(from_history.out.find("No changes in schema detected.") != std::string::npos);
    CHECK(compiles(project) == 2);
}

TEST_CASE("a C++ revision that throws, segfaults or aborts rolls back the SQL revision before it", "[cpp]") {
    const auto [body, cause] = GENERATE(table<std::string, std::string>({
        {"throw std::runtime_error(\"no such person\");", "threw: no such person"},
        {"*(volatile int*)nullptr = 1;", "was killed by signal SIGSEGV (Segmentation fault)"},
        {"std::abort();", "was killed by signal SIGABRT (Aborted)"},
        {"op.execute(\"UPDATE missing SET x = 1\");", "failed: no such table: missing, in: UPDATE missing SET x = 1"},
    }));
    Project project;
    project.init();
    person_table(project, 100);
    const std::string file = cpp_revision(project, "aaaa00000002", "Split full name", "aaaa00000001",
                                          split_upgrade + "\n    " + body, split_downgrade);
    after(project, "aaaa00000002");

    const auto result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 1);
    CHECK(e2e::lines(result.err).back() == file + ": error: the upgrade of this C++ revision " + cause +
                                               "; rolled back, the database is unchanged");
    CHECK(project.query("SELECT count(*) FROM sqlite_schema") == "0\n");
    CHECK_FALSE(std::filesystem::exists(project.path("app.db-journal")));
}

TEST_CASE("a C++ revision that does not compile: the compiler's file:line, exit 1, nothing touched", "[cpp]") {
    Project project;
    project.init();
    person_table(project, 10);
    const std::string file =
        cpp_revision(project, "aaaa00000002", "Split full name", "aaaa00000001", "    int broken = ;", "");

    const auto result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 1);
    CHECK(result.out.empty());  // compiled before anything runs: not even the SQL revision started
    CHECK(result.err.find(file + ": error: the C++ revision does not compile") == 0);
    CHECK(result.err.find(file + ":12:18: error:") != std::string::npos);
    // The database was never opened for writing: no table, no version table.
    CHECK(project.query("SELECT count(*) FROM sqlite_schema") == "0\n");

    const auto no_compiler = project.dbm({"upgrade"}, {{"CXX", "/nonexistent/c++"}});
    CHECK(no_compiler.exit_code == 1);
    CHECK(no_compiler.err == "dbm: error: C++ revisions need a compiler, and there is none: $CXX '/nonexistent/c++' is "
                             "not on PATH (install g++, or set CXX to a C++20 compiler)\n");
}

TEST_CASE("dbm revision --lang cpp writes a C++ revision that upgrades as it is", "[cpp]") {
    Project project;
    project.init();
    const auto written = project.dbm({"revision", "--lang", "cpp", "-m", "Backfill names"});
    REQUIRE(written.exit_code == 0);
    const auto name = written.out.substr(written.out.find("migrations/"), written.out.find("...") - written.out.find("migrations/"));
    CHECK(name.ends_with("_backfill_names.cpp"));
    const std::string text = project.read(name);
    CHECK(text.starts_with("// Backfill names\n//\n// Revision ID: "));
    CHECK(text.find("#include <dbm/revision.hpp>") != std::string::npos);
    CHECK(text.find("void upgrade(dbm::Op& op) {") != std::string::npos);
    CHECK(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(project.dbm({"current", "-q"}).exit_code == 0);
    CHECK(project.dbm({"downgrade", "base"}).exit_code == 0);
}

TEST_CASE("an --sql script holds a C++ revision's schema operations and statements, and refuses one that reads rows", "[cpp]") {
    Project project;
    project.init();
    person_table(project, 3);
    cpp_revision(project, "aaaa00000002", "Name columns", "aaaa00000001", R"cpp(    op.add_column("person", "nick", "string(40)");
    op.alter_column("person", "full_name", {.nullable = false});
    auto update = op.prepare("UPDATE person SET nick = ? WHERE id = ?");
    update("it's", 1);
    op.execute("UPDATE person SET nick = ? WHERE id = ?", 2.5, 2);
    op.create_index("ix_person_nick", "person", {"nick"}, true);)cpp",
                 R"cpp(    op.drop_index("ix_person_nick");
    op.drop_column("person", "nick");)cpp");
    after(project, "aaaa00000002");

    const auto script = project.dbm({"upgrade", "--sql"});
    INFO(script.err);
    REQUIRE(script.exit_code == 0);
    CHECK(script.out.find("UPDATE person SET nick = 'it''s' WHERE id = 1;") != std::string::npos);
    CHECK(script.out.find("UPDATE person SET nick = 2.5 WHERE id = 2;") != std::string::npos);
    // Piped into the sqlite3 shell, the script builds what a live upgrade builds.
    const auto shell = e2e::run({SQLITE3_SHELL, "script.db"}, project.dir(), {}, script.out);
    INFO(shell.err);
    CHECK(shell.exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(project.schema("script.db") == project.schema());
    CHECK(project.query("SELECT id, nick FROM person ORDER BY id", "script.db") ==
          project.query("SELECT id, nick FROM person ORDER BY id"));
    // And back down, from head.
    const auto down = project.dbm({"downgrade", "--sql", "head:aaaa00000001"});
    INFO(down.err);
    REQUIRE(down.exit_code == 0);
    CHECK(e2e::run({SQLITE3_SHELL, "script.db"}, project.dir(), {}, down.out).exit_code == 0);
    CHECK(project.query("SELECT count(*) FROM pragma_table_info('person') WHERE name = 'nick'", "script.db") == "0\n");

    // A revision that reads rows cannot be a script: its rows would be a scratch copy's.
    const std::string file = cpp_revision(project, "aaaa00000004", "Split names", "aaaa00000003", split_upgrade, "");
    const auto refused = project.dbm({"upgrade", "--sql", "aaaa00000003:head"});
    CHECK(refused.exit_code == 1);
    CHECK(refused.out.empty());
    CHECK(e2e::lines(refused.err).back() ==
          file + ": error: the upgrade of this C++ revision failed: reads rows (SELECT id, full_name FROM person), so it "
                 "needs a live database: an SQL script cannot hold it (run 'dbm upgrade' on the database instead)");
}

TEST_CASE("two dbm processes compiling and upgrading one C++ revision at once: one applies it", "[cpp]") {
    Project project;
    project.init();
    person_table(project, 1000);
    cpp_revision(project, "aaaa00000002", "Split full name", "aaaa00000001", split_upgrade, split_downgrade);
    const e2e::Env cxx = counting_compiler(project);
    auto first = project.dbm_background({"upgrade"}, cxx);
    auto second = project.dbm_background({"upgrade"}, cxx);
    const auto a = first.wait();
    const auto b = second.wait();
    INFO(a.err << b.err);
    CHECK(a.exit_code == 0);
    CHECK(b.exit_code == 0);
    CHECK(project.query("SELECT count(*) FROM dbm_log WHERE revision = 'aaaa00000002'") == "1\n");
    CHECK(project.query("SELECT count(*) FROM person WHERE first_name = 'First' || id") == "1000\n");
    // One program in the cache, whole (it runs again on a fresh database).
    std::size_t programs = 0;
    for (const auto& entry : std::filesystem::directory_iterator(project.path("migrations/.dbm-cache/cpp")))
        if (entry.is_regular_file()) ++programs;
    CHECK(programs == 1);
    const std::size_t compiled = compiles(project);
    CHECK(compiled >= 1);
    CHECK(compiled <= 2);
    std::filesystem::remove(project.path("app.db"));
    CHECK(project.dbm({"upgrade"}, cxx).exit_code == 0);
    CHECK(compiles(project) == compiled);
}

TEST_CASE("a C++ revision's schema operations are rendered as autogenerate renders them, rows kept", "[cpp]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "Create person", "",
                         "CREATE TABLE person (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL CHECK (length(full_name) > 0));\n"
                         "CREATE INDEX ix_person_full_name ON person (full_name);\n"
                         "INSERT INTO person (full_name) VALUES ('Ada Lovelace'), ('Grace Hopper');",
                         "DROP TABLE person;");
    cpp_revision(project, "aaaa00000002", "Split full name", "aaaa00000001",
                 R"cpp(    op.add_column("person", "first_name", "string(100)");
    op.add_column("person", dbm::Column{"last_name", "string(100)", true, false, "''"});
)cpp" + split_upgrade + R"cpp(
    op.alter_column("person", "first_name", {.nullable = false});
    op.create_index("ix_person_last_name", "person", {"last_name"});
    op.rename_table("person", "people");
    op.create_table("nickname", {{"id", "integer", false, true}, {"person_id", "integer"}, {"nick", "text"}});)cpp",
                 R"cpp(    op.drop_table("nickname");
    op.rename_table("people", "person");
    op.drop_index("ix_person_last_name");
    op.drop_column("person", "first_name");
    op.drop_column("person", "last_name");)cpp");
    const auto up = project.dbm({"upgrade"});
    INFO(up.err);
    REQUIRE(up.exit_code == 0);
    CHECK(project.query("SELECT id, full_name, first_name, last_name FROM people ORDER BY id") ==
          "1|Ada Lovelace|Ada|Lovelace\n2|Grace Hopper|Grace|Hopper\n");
    // The rebuild that made first_name NOT NULL kept the CHECK and both indexes.
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'people' AND type = 'index'") == "2\n");
    CHECK(project.dbm({"upgrade"}).exit_code == 0);
    const auto refused = e2e::run({SQLITE3_SHELL, "app.db", "INSERT INTO people (full_name, first_name) VALUES ('', 'x')"},
                                  project.dir());
    CHECK(refused.err.find("CHECK constraint failed") != std::string::npos);
    CHECK(project.query("PRAGMA table_info(nickname)") ==
          "0|id|INTEGER|1||1\n1|person_id|INTEGER|0||0\n2|nick|TEXT|0||0\n");

    REQUIRE(project.dbm({"downgrade", "aaaa00000001"}).exit_code == 0);
    CHECK(project.query("SELECT id, full_name FROM person ORDER BY id") == "1|Ada Lovelace\n2|Grace Hopper\n");
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE name IN ('people', 'nickname')") == "0\n");

    // An operation on what is not there fails the revision, and the upgrade rolls back.
    cpp_revision(project, "aaaa00000003", "Broken rename", "aaaa00000002", R"cpp(    op.rename_column("nobody", "a", "b");)cpp",
                 "");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 1);
    CHECK(project.query("SELECT version_num FROM dbm_version") == "aaaa00000001\n");
    CHECK(e2e::lines(project.dbm({"upgrade"}).err).back().ends_with(
        "failed: rename_column: there is no table 'nobody'; rolled back, the database is unchanged"));
}

TEST_CASE("Ctrl-C during a C++ revision kills it, rolls back the whole upgrade and exits 130", "[cpp]") {
    Project project;
    project.init();
    person_table(project, 100);
    const std::string marker = project.path("running").string();
    // The revision changes every row, waits for dbm's answer (so the change was made), says
    // it is running, and then computes forever without asking anything of dbm.
    cpp_revision(project, "aaaa00000002", "Endless work", "aaaa00000001",
                 "    op.execute(\"UPDATE person SET first_name = 'changed'\");\n"
                 "    for (auto row : op.rows(\"SELECT count(*) FROM person\")) (void)row;\n"
                 "    std::ofstream(\"" + marker + "\") << getpid();\n"
                 "    for (;;) pause();",
                 "", "#include <fstream>\n#include <unistd.h>\n");
    // Compiled first, so that the signal lands while the revision runs.
    REQUIRE(project.dbm({"upgrade", "aaaa00000001"}).exit_code == 0);
    const std::string at_first = project.rows_digest();

    auto upgrade = project.dbm_background({"upgrade"});
    for (int waited = 0; !std::filesystem::exists(marker) && waited < 1200; ++waited)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE(std::filesystem::exists(marker));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the pid is written
    const pid_t revision_pid = std::stoi(project.read("running"));
    // Only dbm gets the signal (as from `kill -INT` or a CI runner's SIGTERM); the revision
    // would not stop by itself.
    REQUIRE(kill(upgrade.pid(), SIGINT) == 0);
    const auto result = upgrade.wait();
    INFO(result.err);
    CHECK(result.exit_code == 130);
    CHECK(kill(revision_pid, 0) == -1);  // killed and reaped
    CHECK(project.query("SELECT version_num FROM dbm_version") == "aaaa00000001\n");
    CHECK(project.rows_digest() == at_first);
    CHECK(project.query("SELECT count(*) FROM person WHERE first_name IS NOT NULL") == "0\n");
    CHECK_FALSE(std::filesystem::exists(project.path("app.db-journal")));
}

TEST_CASE("migrate --lang cpp writes the models' changes as op calls that upgrade and downgrade", "[cpp]") {
    Project project;
    project.init();
    project.write("models.yaml", "tables:\n  person:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                 "      full_name: {type: string(100), nullable: false}\n");
    auto result = project.dbm({"migrate", "--lang", "cpp", "-m", "Create person", "--rev-id", "aaaa00000001"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const std::string first = project.read("migrations/versions/aaaa00000001_create_person.cpp");
    CHECK(first.find("    op.create_table(\"person\", {\n"
                     "        dbm::Column{.name = \"id\", .type = \"integer\", .primary_key = true},\n"
                     "        dbm::Column{.name = \"full_name\", .type = \"string(100)\", .nullable = false},\n"
                     "    });\n") != std::string::npos);
    CHECK(first.find("void downgrade(dbm::Op& op) {\n    op.drop_table(\"person\");\n}") != std::string::npos);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    e2e::run({SQLITE3_SHELL, "app.db", "INSERT INTO person VALUES (1, 'Ada Lovelace'), (2, 'Grace Hopper')"}, project.dir());
    // What the first revision made (the rebuilds of the second quote the table's name).
    const auto person_shape = [&] {
        return project.query("PRAGMA table_info(person)") + project.query("PRAGMA index_list(person)");
    };
    const std::string at_first = person_shape();

    project.write("models.yaml",
                  "tables:\n  person:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                  "      full_name: {type: text, nullable: false}\n      first_name: {type: string(100)}\n"
                  "      note: {type: text, nullable: false, default: \"\"}\n"
                  "    indexes:\n      ix_person_first_name: {columns: [first_name]}\n");
    result = project.dbm({"revision", "--autogenerate", "--lang", "cpp", "-m", "Names", "--rev-id", "aaaa00000002"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const std::string second = project.read("migrations/versions/aaaa00000002_names.cpp");
    INFO(second);
    CHECK(second.find("op.alter_column(\"person\", \"full_name\", {.type = \"text\"});") != std::string::npos);
    CHECK(second.find("op.add_column(\"person\", \"first_name\", \"string(100)\");") != std::string::npos);
    CHECK(second.find("op.add_column(\"person\", dbm::Column{.name = \"note\", .type = \"text\", .nullable = false, "
                      ".default_sql = \"''\"});") != std::string::npos);
    CHECK(second.find("op.create_index(\"ix_person_first_name\", \"person\", {\"first_name\"});") != std::string::npos);
    CHECK(second.find("op.execute") == std::string::npos);

    result = project.dbm({"upgrade"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(project.dbm({"check"}).out == "OK\n");
    CHECK(project.query("SELECT id, full_name, first_name, note FROM person ORDER BY id") ==
          "1|Ada Lovelace||\n2|Grace Hopper||\n");
    REQUIRE(project.dbm({"downgrade", "-1"}).exit_code == 0);
    CHECK(person_shape() == at_first);
    CHECK(project.query("SELECT id, full_name FROM person ORDER BY id") == "1|Ada Lovelace\n2|Grace Hopper\n");
}

TEST_CASE("migrate --lang cpp runs the rendered SQL through op.execute when no op call says a change", "[cpp]") {
    Project project;
    project.init();
    project.write("models.yaml", "tables:\n  item:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                 "      price: {type: integer, nullable: false}\n"
                                 "    checks:\n      ck_price: price >= 0\n");
    auto result = project.dbm({"migrate", "--lang", "cpp", "-m", "Items", "--rev-id", "aaaa00000001"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const std::string file = project.read("migrations/versions/aaaa00000001_items.cpp");
    INFO(file);
    CHECK(file.find("// No op call says all of this") != std::string::npos);
    CHECK(file.find("    op.execute(R\"sql(CREATE TABLE") != std::string::npos);
    CHECK(file.find("void downgrade(dbm::Op& op) {\n    op.drop_table(\"item\");\n}") != std::string::npos);
    result = project.dbm({"upgrade"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(project.dbm({"check"}).out == "OK\n");
    const auto refused = e2e::run({SQLITE3_SHELL, "app.db", "INSERT INTO item VALUES (1, -5)"}, project.dir());
    CHECK(refused.err.find("CHECK constraint failed") != std::string::npos);
    REQUIRE(project.dbm({"downgrade", "base"}).exit_code == 0);
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE name = 'item'") == "0\n");
}
