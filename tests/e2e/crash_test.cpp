// SPEC §7.1: "A process killed at any instant leaves the old or the new state, never a
// mix." dbm upgrade runs a chain that rebuilds a 200,000-row table with indexes, a
// trigger and a view, and is sent SIGKILL at random moments. DBM_CRASH_KILLS sets how
// many (20 by default; bench/crash runs 200). The same is done to an upgrade running a
// no-transaction revision (#9.1: interrupted, it is recorded as running, never as applied)
// and to `dbm reset` (the database is whole or empty, and a backup is complete or absent),
// on a 50,000-row table to keep them quick.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>

#include "harness.hpp"

using e2e::Project;

namespace {

int kill_count() {
    const char* configured = std::getenv("DBM_CRASH_KILLS");
    return configured ? std::max(1, std::atoi(configured)) : 20;
}

// What must not change, whichever state the database is in: every row of the rebuilt table.
std::string rows_checksum_of(const Project& project, const std::string& database) {
    return project.query("SELECT count(*), sum(id), sum(CAST(reading AS INTEGER)), sum(length(sensor)), "
                         "sum(unicode(sensor) * id % 1000003) FROM measurement",
                         database);
}

std::string rows_checksum(const Project& project) { return rows_checksum_of(project, "app.db"); }

struct State {
    std::string version;
    std::string schema;
};

// A second revision that runs outside a transaction, in two statements: an index that
// takes a while on 200,000 rows, then the column the later revisions need. Written to be
// run again after an interruption (IF NOT EXISTS), as no-transaction revisions should be.
const char* const no_transaction_add_unit = "CREATE INDEX IF NOT EXISTS ix_measurement_note ON measurement (note);\n"
                                            "ALTER TABLE measurement ADD COLUMN unit TEXT;";

void chain(const Project& project, const std::string& journal_mode, bool second_outside_transaction = false,
           int rows = 200000) {
    project.init("lock_timeout_ms: 100\n");
    project.add_revision(
        "c0000000001", "Measurements", "",
        "PRAGMA journal_mode = " + journal_mode + ";\n"
        "CREATE TABLE measurement (id INTEGER PRIMARY KEY, sensor TEXT NOT NULL, reading INTEGER, note VARCHAR(20));\n"
        "CREATE INDEX ix_measurement_sensor ON measurement (sensor);\n"
        "CREATE INDEX ix_measurement_reading ON measurement (reading DESC) WHERE reading > 100;\n"
        "CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT);\n"
        "CREATE TRIGGER measurement_audit AFTER INSERT ON measurement BEGIN INSERT INTO audit (what) VALUES (NEW.sensor); END;\n"
        "CREATE VIEW busy_sensors AS SELECT sensor, count(*) AS n FROM measurement GROUP BY sensor;\n"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + std::to_string(rows) + ")\n"
        "INSERT INTO measurement (id, sensor, reading, note) SELECT i * 3, 'sensor-' || (i % 53), i % 1000, 'n' || i FROM n;",
        "DROP VIEW busy_sensors;\nDROP TABLE audit;\nDROP TABLE measurement;", "2026-11-20 00:00:00.000000",
        journal_mode == "WAL" ? "-- +dbm no-transaction\n" : "");
    project.add_revision("c0000000002", "Add unit", "c0000000001",
                         second_outside_transaction ? no_transaction_add_unit : "ALTER TABLE measurement ADD COLUMN unit TEXT;",
                         "ALTER TABLE measurement DROP COLUMN unit;", "2026-11-21 00:00:00.000000",
                         second_outside_transaction ? "-- +dbm no-transaction\n" : "");
    // The rebuild: reading becomes TEXT, note NOT NULL with a wider type, one copy of 200,000 rows.
    project.add_revision(
        "c0000000003", "Rebuild measurement", "c0000000002",
        "CREATE TABLE _dbm_new_measurement (id INTEGER NOT NULL, sensor TEXT NOT NULL, reading TEXT, "
        "note VARCHAR(40) NOT NULL DEFAULT '', unit TEXT, PRIMARY KEY (id));\n"
        "INSERT INTO _dbm_new_measurement (id, sensor, reading, note, unit) SELECT id, sensor, reading, note, unit FROM measurement;\n"
        "PRAGMA legacy_alter_table = ON;\n"
        "DROP TABLE measurement;\n"
        "ALTER TABLE _dbm_new_measurement RENAME TO measurement;\n"
        "PRAGMA legacy_alter_table = OFF;\n"
        "CREATE INDEX ix_measurement_sensor ON measurement (sensor);\n"
        "CREATE INDEX ix_measurement_reading ON measurement (reading DESC) WHERE reading > 100;\n"
        "CREATE TRIGGER measurement_audit AFTER INSERT ON measurement BEGIN INSERT INTO audit (what) VALUES (NEW.sensor); END;",
        "SELECT 1;", "2026-11-22 00:00:00.000000");
    project.add_revision("c0000000004", "Summary", "c0000000003",
                         "CREATE TABLE summary (sensor TEXT PRIMARY KEY, total INTEGER) WITHOUT ROWID;\n"
                         "INSERT INTO summary SELECT sensor, count(*) FROM measurement GROUP BY sensor;",
                         "DROP TABLE summary;", "2026-11-23 00:00:00.000000");
}

State state_of(const Project& project, const std::string& database = "app.db") {
    return {project.query("SELECT group_concat(version_num) FROM dbm_version", database), project.schema(database)};
}

// Puts app.db back to the copy at `pristine`, without the journal a killed run left.
void restore(const Project& project, const std::string& pristine) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::filesystem::remove(project.path(std::string("app.db") + suffix));
    std::filesystem::copy_file(pristine, project.path("app.db"));
}

// Opening read-write rolls back a hot journal, as any next user of the file would.
void recover_and_check_integrity(const Project& project, const std::string& database = "app.db") {
    SQLite::Database recover(project.path(database).string(), SQLite::OPEN_READWRITE);
    REQUIRE(recover.execAndGet("PRAGMA integrity_check").getString() == "ok");
}

// Runs `args` once to completion and returns how long it took, so that kills can land
// anywhere in it.
std::chrono::microseconds timed_run(const Project& project, const std::vector<std::string>& args) {
    const auto started = std::chrono::steady_clock::now();
    const auto result = project.dbm(args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
}

void crash_loop(const std::string& journal_mode) {
    Project project;
    chain(project, journal_mode);
    REQUIRE(project.dbm({"upgrade", "c0000000001"}).exit_code == 0);
    const std::string pristine = project.path("pristine.db").string();
    std::filesystem::copy_file(project.path("app.db"), pristine);
    const State before = state_of(project);
    const std::string checksum = rows_checksum(project);

    const auto full_run = timed_run(project, {"upgrade"});
    const State after = state_of(project);
    REQUIRE(after.version == "c0000000004\n");
    REQUIRE(rows_checksum(project) == checksum);

    std::mt19937 random(20261125);
    std::uniform_int_distribution<long> moment(0, full_run.count() * 11 / 10);
    int interrupted = 0, completed = 0;
    const int kills = kill_count();
    for (int attempt = 0; attempt < kills; ++attempt) {
        INFO("journal_mode " << journal_mode << ", kill " << attempt);
        restore(project, pristine);
        auto upgrade = project.dbm_background({"upgrade"});
        std::this_thread::sleep_for(std::chrono::microseconds(moment(random)));
        kill(upgrade.pid(), SIGKILL);
        const auto outcome = upgrade.wait();
        (outcome.exit_code == 0 ? completed : interrupted) += 1;

        recover_and_check_integrity(project);
        const State now = state_of(project);
        REQUIRE((now.version == before.version || now.version == after.version));
        CHECK(now.schema == (now.version == before.version ? before.schema : after.schema));
        CHECK(rows_checksum(project) == checksum);
        CHECK(project.query("PRAGMA foreign_key_check").empty());

        const auto finish = project.dbm({"upgrade"});
        REQUIRE(finish.exit_code == 0);
        CHECK(state_of(project).version == after.version);
        CHECK(state_of(project).schema == after.schema);
    }
    WARN(journal_mode << ": " << kills << " kills, " << interrupted << " interrupted mid-upgrade, " << completed
                      << " after it finished; every database was old or new, never a mix");
    CHECK(interrupted > 0);
}

// Killed while its no-transaction revision runs, an upgrade leaves that revision marked as
// running and not applied: the next upgrade refuses with what happened, and after the
// documented recovery (look at what it did, `dbm stamp --purge` the truth) reaches head.
void no_transaction_crash_loop() {
    Project project;
    chain(project, "DELETE", true, 50000);
    const std::vector<std::string> revisions = {"c0000000001", "c0000000002", "c0000000003", "c0000000004"};
    // The state at each revision, from a run to completion.
    std::map<std::string, State> states;
    for (const auto& revision : revisions) {
        REQUIRE(project.dbm({"upgrade", revision}).exit_code == 0);
        states[revision + "\n"] = state_of(project);
    }
    REQUIRE(project.dbm({"downgrade", "c0000000001"}).exit_code == 0);
    // The downgrade leaves dbm_log rows: the pristine copy is made by a fresh upgrade.
    for (const char* suffix : {"", "-journal"}) std::filesystem::remove(project.path(std::string("app.db") + suffix));
    REQUIRE(project.dbm({"upgrade", "c0000000001"}).exit_code == 0);
    const std::string pristine = project.path("pristine.db").string();
    std::filesystem::copy_file(project.path("app.db"), pristine);
    const std::string checksum = rows_checksum(project);
    const auto full_run = timed_run(project, {"upgrade"});

    std::mt19937 random(20261202);
    std::uniform_int_distribution<long> moment(0, full_run.count() * 11 / 10);
    int marked_running = 0;
    const int kills = kill_count();
    for (int attempt = 0; attempt < kills; ++attempt) {
        INFO("kill " << attempt);
        restore(project, pristine);
        auto upgrade = project.dbm_background({"upgrade"});
        std::this_thread::sleep_for(std::chrono::microseconds(moment(random)));
        kill(upgrade.pid(), SIGKILL);
        upgrade.wait();
        recover_and_check_integrity(project);
        CHECK(rows_checksum(project) == checksum);
        const State now = state_of(project);
        REQUIRE(states.count(now.version) == 1);
        const bool has_marker_table =
            project.query("SELECT count(*) FROM sqlite_schema WHERE name = 'dbm_running'") == "1\n";
        if (has_marker_table && project.query("SELECT count(*) FROM dbm_running") == "1\n") {
            ++marked_running;
            // Never recorded as applied while it may be half done.
            CHECK(now.version == "c0000000001\n");
            const auto refused = project.dbm({"upgrade"});
            CHECK(refused.exit_code == 1);
            CHECK_THAT(refused.err, Catch::Contains("revision c0000000002 (no-transaction, upgrade) has been running since") &&
                                        Catch::Contains("it was interrupted: check what it did, then record the truth "
                                                        "with 'dbm stamp --purge REV'"));
            const bool finished = project.query("SELECT count(*) FROM pragma_table_info('measurement') WHERE name = "
                                                "'unit'") == "1\n";
            REQUIRE(project.dbm({"stamp", "--purge", finished ? "c0000000002" : "c0000000001"}).exit_code == 0);
        } else {
            CHECK(now.schema == states[now.version].schema);
        }
        const auto finish = project.dbm({"upgrade"});
        INFO(finish.err);
        REQUIRE(finish.exit_code == 0);
        CHECK(state_of(project).version == "c0000000004\n");
        CHECK(state_of(project).schema == states["c0000000004\n"].schema);
        CHECK(rows_checksum(project) == checksum);
    }
    WARN("no-transaction: " << kills << " kills, " << marked_running
                            << " left the revision marked running, each refused and then recovered");
    CHECK(marked_running > 0);
}

// Killed at any moment, `dbm reset` leaves the database at head with every row or empty,
// and any backup file it made is a complete copy (a partial one only under a .part name).
void reset_crash_loop() {
    Project project;
    chain(project, "DELETE", false, 50000);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    const State head = state_of(project);
    const std::string checksum = rows_checksum(project);
    const std::string pristine = project.path("pristine.db").string();
    std::filesystem::copy_file(project.path("app.db"), pristine);
    const auto full_run = timed_run(project, {"reset", "--yes"});
    REQUIRE(project.schema().empty());

    const auto remove_backups = [&] {
        std::vector<std::filesystem::path> backups;
        for (const auto& entry : std::filesystem::directory_iterator(project.dir()))
            if (entry.path().filename().string().rfind("app.db.", 0) == 0 &&
                entry.path().filename().string().find(".bak") != std::string::npos)
                backups.push_back(entry.path());
        for (const auto& backup : backups) std::filesystem::remove(backup);
    };
    remove_backups();
    std::mt19937 random(20261203);
    // The commit is the last tenth of a reset: kills reach a little past the end.
    std::uniform_int_distribution<long> moment(0, full_run.count() * 13 / 10);
    int whole = 0, emptied = 0, backups = 0;
    const int kills = kill_count();
    for (int attempt = 0; attempt < kills; ++attempt) {
        INFO("kill " << attempt);
        restore(project, pristine);
        auto reset = project.dbm_background({"reset", "--yes"});
        std::this_thread::sleep_for(std::chrono::microseconds(moment(random)));
        kill(reset.pid(), SIGKILL);
        reset.wait();
        for (const auto& entry : std::filesystem::directory_iterator(project.dir())) {
            const std::string name = entry.path().filename().string();
            if (name.size() < 4 || name.compare(name.size() - 4, 4, ".bak") != 0) continue;
            INFO(name);
            ++backups;
            recover_and_check_integrity(project, name);
            CHECK(state_of(project, name).version == head.version);
            CHECK(state_of(project, name).schema == head.schema);
            CHECK(rows_checksum_of(project, name) == checksum);
        }
        remove_backups();
        recover_and_check_integrity(project);
        if (project.schema().empty()) {
            ++emptied;
        } else {
            ++whole;
            const State now = state_of(project);
            CHECK(now.version == head.version);
            CHECK(now.schema == head.schema);
            CHECK(rows_checksum(project) == checksum);
        }
    }
    WARN("reset: " << kills << " kills, " << whole << " left it whole, " << emptied << " empty, " << backups
                   << " complete backups checked");
    CHECK(whole > 0);
}

}  // namespace

TEST_CASE("SIGKILL during a no-transaction revision leaves it marked running, never applied, and recoverable",
          "[crash]") {
    no_transaction_crash_loop();
}

TEST_CASE("SIGKILL at any moment of a reset leaves the database whole or empty and backups complete", "[crash]") {
    reset_crash_loop();
}

TEST_CASE("SIGKILL at any moment of an upgrade leaves the old or the new state (rollback journal)", "[crash]") {
    crash_loop("DELETE");
}

TEST_CASE("SIGKILL at any moment of an upgrade leaves the old or the new state (WAL)", "[crash]") {
    crash_loop("WAL");
}
