// SPEC §7.1: "A process killed at any instant leaves the old or the new state, never a
// mix." dbm upgrade runs a chain that rebuilds a 200,000-row table with indexes, a
// trigger and a view, and is sent SIGKILL at random moments. DBM_CRASH_KILLS sets how
// many (20 by default; bench/crash runs 200).
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <cstdlib>
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
std::string rows_checksum(const Project& project) {
    return project.query("SELECT count(*), sum(id), sum(CAST(reading AS INTEGER)), sum(length(sensor)), "
                         "sum(unicode(sensor) * id % 1000003) FROM measurement");
}

struct State {
    std::string version;
    std::string schema;
};

void chain(const Project& project, const std::string& journal_mode) {
    project.init();
    project.add_revision(
        "c0000000001", "Measurements", "",
        "PRAGMA journal_mode = " + journal_mode + ";\n"
        "CREATE TABLE measurement (id INTEGER PRIMARY KEY, sensor TEXT NOT NULL, reading INTEGER, note VARCHAR(20));\n"
        "CREATE INDEX ix_measurement_sensor ON measurement (sensor);\n"
        "CREATE INDEX ix_measurement_reading ON measurement (reading DESC) WHERE reading > 100;\n"
        "CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT);\n"
        "CREATE TRIGGER measurement_audit AFTER INSERT ON measurement BEGIN INSERT INTO audit (what) VALUES (NEW.sensor); END;\n"
        "CREATE VIEW busy_sensors AS SELECT sensor, count(*) AS n FROM measurement GROUP BY sensor;\n"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)\n"
        "INSERT INTO measurement (id, sensor, reading, note) SELECT i * 3, 'sensor-' || (i % 53), i % 1000, 'n' || i FROM n;",
        "DROP VIEW busy_sensors;\nDROP TABLE audit;\nDROP TABLE measurement;", "2026-11-20 00:00:00.000000",
        journal_mode == "WAL" ? "-- +dbm no-transaction\n" : "");
    project.add_revision("c0000000002", "Add unit", "c0000000001", "ALTER TABLE measurement ADD COLUMN unit TEXT;",
                         "ALTER TABLE measurement DROP COLUMN unit;", "2026-11-21 00:00:00.000000");
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

State state_of(const Project& project) {
    return {project.query("SELECT group_concat(version_num) FROM dbm_version"), project.schema()};
}

void crash_loop(const std::string& journal_mode) {
    Project project;
    chain(project, journal_mode);
    REQUIRE(project.dbm({"upgrade", "c0000000001"}).exit_code == 0);
    const std::string pristine = project.path("pristine.db").string();
    std::filesystem::copy_file(project.path("app.db"), pristine);
    const State before = state_of(project);
    const std::string checksum = rows_checksum(project);

    const auto started = std::chrono::steady_clock::now();
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    const auto full_run = std::chrono::steady_clock::now() - started;
    const State after = state_of(project);
    REQUIRE(after.version == "c0000000004\n");
    REQUIRE(rows_checksum(project) == checksum);

    std::mt19937 random(20261125);
    std::uniform_int_distribution<long> moment(0, std::chrono::duration_cast<std::chrono::microseconds>(full_run).count() * 11 / 10);
    int interrupted = 0, completed = 0;
    const int kills = kill_count();
    for (int attempt = 0; attempt < kills; ++attempt) {
        INFO("journal_mode " << journal_mode << ", kill " << attempt);
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::filesystem::remove(project.path(std::string("app.db") + suffix));
        std::filesystem::copy_file(pristine, project.path("app.db"));
        auto upgrade = project.dbm_background({"upgrade"});
        std::this_thread::sleep_for(std::chrono::microseconds(moment(random)));
        kill(upgrade.pid(), SIGKILL);
        const auto outcome = upgrade.wait();
        (outcome.exit_code == 0 ? completed : interrupted) += 1;

        {
            // Opening read-write rolls back a hot journal, as any next user of the file would.
            SQLite::Database recover(project.path("app.db").string(), SQLite::OPEN_READWRITE);
            REQUIRE(recover.execAndGet("PRAGMA integrity_check").getString() == "ok");
        }
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

}  // namespace

TEST_CASE("SIGKILL at any moment of an upgrade leaves the old or the new state (rollback journal)", "[crash]") {
    crash_loop("DELETE");
}

TEST_CASE("SIGKILL at any moment of an upgrade leaves the old or the new state (WAL)", "[crash]") {
    crash_loop("WAL");
}
