// What CI scripts rely on (docs/json.md): --json on every command, before or after it, with
// errors as one JSON object on stderr; -q printing only what a script needs; `status`;
// `check --no-db`; --lock-timeout and the DBM_* variables.
#include <catch2/catch.hpp>

#include <chrono>
#include <regex>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "harness.hpp"

using e2e::lines;
using e2e::Project;

namespace {

// Times and durations replaced, so that the rest compares exactly.
std::string steady(const std::string& json) {
    static const std::regex duration(R"re("duration_ms":[0-9]+)re");
    static const std::regex applied_at(R"re("applied_at":"[0-9: .-]+")re");
    return std::regex_replace(std::regex_replace(json, duration, "\"duration_ms\":N"), applied_at, "\"applied_at\":T");
}

}  // namespace

TEST_CASE("json output is one object on stdout, before or after the command, for reading and writing commands", "[json]") {
    Project project;
    project.init();
    project.add_two_revisions();

    auto result = project.dbm({"--json", "upgrade", "aaaa00000001"});
    REQUIRE(result.exit_code == 0);
    CHECK(steady(result.out) ==
          "{\"database\":\"app.db\",\"dry_run\":false,\"steps\":[{\"revision\":\"aaaa00000001\",\"name\":\"aaaa00000001_"
          "create_things\",\"direction\":\"upgrade\",\"destination\":\"aaaa00000001_create_things\",\"duration_ms\":N}],"
          "\"heads_before\":[],\"heads_after\":[\"aaaa00000001\"],\"backup\":null,\"log\":[],\"duration_ms\":N,"
          "\"warnings\":[]}\n");
    CHECK(result.err.empty());
    CHECK(project.dbm({"current", "--json"}).out == project.dbm({"--json", "current"}).out);

    result = project.dbm({"upgrade", "--json"});
    REQUIRE(result.exit_code == 0);
    CHECK(steady(result.out).find("\"steps\":[{\"revision\":\"aaaa00000002\"") != std::string::npos);
    CHECK(lines(result.out).size() == 1);

    result = project.dbm({"downgrade", "--json", "base"});
    REQUIRE(result.exit_code == 0);
    CHECK(steady(result.out).find("\"direction\":\"downgrade\",\"destination\":\"aaaa00000001_create_things\"") !=
          std::string::npos);
    CHECK(steady(result.out).find("\"heads_after\":[]") != std::string::npos);

    result = project.dbm({"stamp", "--json", "head"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "{\"database\":\"app.db\",\"heads\":[\"aaaa00000002\"],\"accepted\":[],\"warnings\":[]}\n");

    result = project.dbm({"revision", "--json", "-m", "Third", "--rev-id", "aaaa00000003"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "{\"revision\":\"aaaa00000003\",\"path\":\"migrations/versions/aaaa00000003_third.sql\","
                        "\"language\":\"sql\",\"down_revisions\":[\"aaaa00000002\"],\"depends_on\":[],\"changes\":[],"
                        "\"warnings\":[]}\n");

    result = project.dbm({"upgrade", "--json", "--sql", "aaaa00000002:aaaa00000003"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.rfind("{\"script\":\"", 0) == 0);
    CHECK(lines(result.out).size() == 1);

    result = project.dbm({"reset", "--json"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "{\"code\":2,\"kind\":\"bad_input\",\"message\":\"reset drops every table in app.db; pass --yes "
                        "to confirm (--json never asks)\",\"file\":null,\"line\":null,\"column\":null}\n");
    result = project.dbm({"reset", "--json", "--yes"});
    REQUIRE(result.exit_code == 0);
    CHECK(steady(result.out).find("\"backup\":\"app.db.") != std::string::npos);
}

TEST_CASE("migrate --json lists the changes and the revision written, warnings inside", "[json]") {
    Project project;
    project.init();
    project.write("models.yaml", "tables:\n  item:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                 "      name: {type: text}\n");
    auto result = project.dbm({"migrate", "--json", "-m", "Items", "--rev-id", "aaaa00000001"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "{\"revision\":\"aaaa00000001\",\"path\":\"migrations/versions/aaaa00000001_items.sql\","
                        "\"language\":\"sql\",\"down_revisions\":[],\"depends_on\":[],\"changes\":[{\"description\":"
                        "\"added table 'item'\",\"data_loss\":false}],\"warnings\":[]}\n");
    CHECK(result.err.empty());
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    result = project.dbm({"migrate", "--json", "-m", "Nothing"});
    CHECK(result.out == "{\"revision\":null,\"path\":null,\"changes\":[],\"warnings\":[]}\n");

    project.write("models.yaml", "tables:\n  item:\n    columns:\n      id: {type: integer, primary_key: true}\n");
    result = project.dbm({"migrate", "--json", "-m", "Drop name", "--rev-id", "aaaa00000002"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.find("\"changes\":[{\"description\":\"removed column 'item.name'\",\"data_loss\":true}],"
                          "\"warnings\":[\"warning: the downgrade cannot bring back the data of the column 'item.name'\"]}") !=
          std::string::npos);
    CHECK(result.err.empty());
}

TEST_CASE("with --json an error is one JSON object on stderr, with its file and line, and the same exit code", "[json]") {
    Project project;
    project.init();
    auto result = project.dbm({"--json", "upgrade", "nosuchrev"});
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    REQUIRE(lines(result.err).size() == 1);
    CHECK(result.err.rfind("{\"code\":2,\"kind\":\"bad_input\",\"message\":\"", 0) == 0);

    project.write("models.yaml", "tables:\n  item:\n    columns:\n      id: {type: integer, primary_key: yes please}\n");
    result = project.dbm({"migrate", "-m", "Broken", "--json"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("\"file\":\"models.yaml\",\"line\":4,\"column\":") != std::string::npos);

    // A usage error (CLI parsing) too.
    result = project.dbm({"upgrade", "--json", "--no-such-option"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.rfind("{\"code\":2,\"kind\":\"bad_input\",\"message\":", 0) == 0);
    CHECK(result.err.find("\"file\":null") != std::string::npos);

    project.add_revision("aaaa00000001", "Things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY);", "DROP TABLE things;");
    project.write("models.yaml", "tables:\n  other:\n    columns:\n      id: {type: integer, primary_key: true}\n");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    result = project.dbm({"check", "--json"});
    CHECK(result.exit_code == 3);
    CHECK(result.err == "{\"code\":3,\"kind\":\"check_failed\",\"message\":\"check found 2 difference(s)\",\"file\":null,"
                        "\"line\":null,\"column\":null}\n");
}

TEST_CASE("quiet mode prints only what a script needs", "[quiet]") {
    Project project;
    project.init();
    auto result = project.dbm({"current", "-q"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.empty());  // at base: no revision
    project.write("models.yaml", "tables:\n  item:\n    columns:\n      id: {type: integer, primary_key: true}\n");
    result = project.dbm({"migrate", "-q", "-m", "Items", "--rev-id", "aaaa00000001"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "migrations/versions/aaaa00000001_items.sql\n");
    CHECK(result.err.empty());
    result = project.dbm({"-q", "upgrade"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.empty());
    CHECK(project.dbm({"current", "-q"}).out == "aaaa00000001\n");
    CHECK(project.dbm({"migrate", "-q", "-m", "Nothing"}).out.empty());
    result = project.dbm({"revision", "-q", "-m", "Next", "--rev-id", "aaaa00000002"});
    CHECK(result.out == "migrations/versions/aaaa00000002_next.sql\n");
    // DBM_QUIET is -q for a whole CI job.
    CHECK(project.dbm({"current"}, {{"DBM_QUIET", "1"}}).out == "aaaa00000001\n");
}

TEST_CASE("status lists every revision applied or pending, when, how long, and its checksum", "[status]") {
    Project project;
    project.init();
    project.add_two_revisions();
    project.add_revision("aaaa00000003", "Third", "aaaa00000002", "SELECT 1;", "SELECT 1;");
    REQUIRE(project.dbm({"upgrade", "aaaa00000002"}).exit_code == 0);
    const std::string file = "migrations/versions/aaaa00000001_create_things.sql";
    project.write(file, project.read(file) + "-- edited after it was applied\n");

    auto result = project.dbm({"status"});
    REQUIRE(result.exit_code == 0);
    const auto rows = lines(result.out);
    REQUIRE(rows.size() == 5);
    CHECK(rows[0].rfind("Rev", 0) == 0);
    CHECK(std::regex_match(rows[0], std::regex(R"(Rev +\| State +\| Applied at +\| Duration +\| Checksum +\| Message)")));
    CHECK(std::regex_match(rows[2], std::regex(R"(aaaa00000001 +\| applied +\| 20[0-9-]+ [0-9:]+ +\| [0-9]+ ms +\| changed +\| Create things)")));
    CHECK(std::regex_match(rows[3], std::regex(R"(aaaa00000002 \(current\) +\| applied +\| 20[0-9-]+ [0-9:]+ +\| [0-9]+ ms +\| ok +\| More things)")));
    CHECK(std::regex_match(rows[4], std::regex(R"(aaaa00000003 \(head\) +\| pending +\| +\| +\| +\| Third)")));

    result = project.dbm({"status", "--json"});
    REQUIRE(result.exit_code == 0);
    CHECK(steady(result.out).find("{\"revision\":\"aaaa00000003\",\"name\":\"aaaa00000003_third\",\"message\":\"Third\","
                                  "\"state\":\"pending\",\"applied_at\":null,\"duration_ms\":null,\"checksum\":null,") !=
          std::string::npos);
    CHECK(steady(result.out).find("\"state\":\"applied\",\"applied_at\":T,\"duration_ms\":N,\"checksum\":\"changed\"") !=
          std::string::npos);

    REQUIRE(project.dbm({"stamp", "head"}).exit_code == 0);
    CHECK(std::regex_search(project.dbm({"status"}).out, std::regex(R"(aaaa00000003 \(head\) \(current\) +\| stamped +\|)")));
}

TEST_CASE("check --no-db, or with no database, checks the revisions and the models alone", "[check]") {
    Project project;
    project.init();
    project.write("models.yaml", "tables:\n  item:\n    columns:\n      id: {type: integer, primary_key: true}\n");
    REQUIRE(project.dbm({"migrate", "-m", "Items", "--rev-id", "aaaa00000001"}).exit_code == 0);
    // No app.db: nothing is created, and the models agree with head.
    auto result = project.dbm({"check"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "OK\n");
    CHECK(result.err == "Database not compared: app.db does not exist; checked the revisions and the models.\n");
    CHECK_FALSE(std::filesystem::exists(project.path("app.db")));
    CHECK(project.dbm({"check", "--json"}).out == "{\"ok\":true,\"models_compared\":true,\"database_compared\":false,"
                                                 "\"findings\":[]}\n");

    project.write("models.yaml", "tables:\n  item:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                 "      name: {type: text}\n");
    result = project.dbm({"check"});
    CHECK(result.exit_code == 3);
    CHECK(result.out == "models differ from head: added column 'item.name' (run 'dbm migrate')\n");

    // --no-db leaves a database that is there alone: its drift is not looked at.
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    REQUIRE(project.dbm({"migrate", "-m", "Name", "--rev-id", "aaaa00000002"}).exit_code == 0);
    e2e::run({SQLITE3_SHELL, "app.db", "CREATE TABLE sneaky (id INTEGER)"}, project.dir());
    CHECK(project.dbm({"check"}).exit_code == 3);
    result = project.dbm({"check", "--no-db", "-q"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "OK\n");
    CHECK(result.err.empty());
}

TEST_CASE("the lock timeout from --lock-timeout and DBM_LOCK_TIMEOUT set how long a writing command waits for the lock", "[lock]") {
    Project project;
    project.init("lock_timeout_ms: 20000\n");
    project.add_revision("aaaa00000001", "Things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY);", "DROP TABLE things;");
    SQLite::Database holder(project.path("app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    holder.exec("CREATE TABLE mine (id INTEGER)");
    holder.exec("BEGIN IMMEDIATE");
    for (const auto& [args, env] : std::vector<std::pair<std::vector<std::string>, e2e::Env>>{
             {{"upgrade", "--lock-timeout", "200"}, {}}, {{"upgrade"}, {{"DBM_LOCK_TIMEOUT", "200"}}}}) {
        const auto started = std::chrono::steady_clock::now();
        const auto result = project.dbm(args, env);
        const auto waited = std::chrono::steady_clock::now() - started;
        CHECK(result.exit_code == 1);
        CHECK(result.err.find("is locked by another process; gave up after 200 ms") != std::string::npos);
        CHECK(waited >= std::chrono::milliseconds(150));
        CHECK(waited < std::chrono::seconds(10));
    }
    CHECK(project.dbm({"upgrade", "--lock-timeout", "-5"}).exit_code == 2);
    holder.exec("ROLLBACK");
}
