// The backend contract (SPEC §10): what core relies on from any engine, tested through
// Connection, Dialect and the registry only, then core's Migrator and version store over
// it. Instantiated for SQLite; the next backend adds its fixture to the type list and the
// same tests run against it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "core/config.hpp"
#include "core/database_state.hpp"
#include "core/migrator.hpp"
#include "core/revision_map.hpp"
#include "core/version_store.hpp"
#include "dbm/backend.hpp"
#include "dbm/error.hpp"
#include "schema/compare.hpp"
#include "support.hpp"
#include "sqlite_schema.hpp"

using namespace dbm;

namespace {

// A backend under test: how to name a fresh database of it in a directory.
struct SqliteUnderTest {
    static DatabaseUrl database(const std::filesystem::path& dir) {
        return parse_database_url("sqlite:///" + (dir / "contract.db").string(), dir);
    }
};

template <typename Engine>
struct Fixture {
    test::TempDir dir;
    DatabaseUrl url = Engine::database(dir.path());
    const Backend& backend = backend_for(url.scheme);

    std::unique_ptr<Connection> open(int lock_timeout_ms = 2000) const {
        return open_connection(url, {OpenOptions::Mode::read_write, lock_timeout_ms});
    }
    void run(Connection& connection, const std::string& script) const {
        for (const auto& statement : connection.dialect().split_statements(script)) connection.execute(statement.text);
    }
};

Revision revision(const std::string& id, std::vector<std::string> parents, const std::string& upgrade,
                  const std::string& downgrade) {
    Revision made;
    made.id = id;
    made.down_revisions = std::move(parents);
    made.message = id;
    made.create_date = "2026-12-02 00:00:00.000000";
    made.path = "/project/migrations/versions/" + id + "_contract.sql";
    made.checksum = std::string(64, 'c');
    made.body = SqlBody{{upgrade, 7}, {downgrade, 9}};
    return made;
}

}  // namespace

TEMPLATE_TEST_CASE("a backend runs statements with parameters and reads rows back", "[contract]", SqliteUnderTest) {
    Fixture<TestType> fixture;
    const auto connection = fixture.open();
    CHECK(connection->dialect().scheme() == fixture.url.scheme);
    CHECK(connection->is_empty());
    connection->execute("CREATE TABLE t (a INTEGER, b TEXT)");
    connection->execute("INSERT INTO t VALUES (?, ?)", {std::int64_t{7}, std::string("seven")});
    connection->execute("INSERT INTO t VALUES (?, ?)", {nullptr, std::string("none")});
    const auto rows = connection->query("SELECT a, b FROM t ORDER BY b DESC");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].integer(0) == 7);
    CHECK(rows[0].text(1) == "seven");
    CHECK(rows[1].is_null(0));
    // for_each_row: the same rows, one at a time, in order, typed; an error of the callback ends it.
    std::vector<std::string> seen;
    connection->for_each_row("SELECT a, b FROM t ORDER BY b DESC", {}, [&](std::span<const Value> row) {
        const auto* a = std::get_if<std::int64_t>(&row[0]);
        seen.push_back((a ? std::to_string(*a) : std::holds_alternative<std::nullptr_t>(row[0]) ? "NULL" : "?") + "/" +
                       std::get<std::string>(row[1]));
    });
    CHECK(seen == std::vector<std::string>{"7/seven", "NULL/none"});
    int calls = 0;
    CHECK_THROWS_WITH(connection->for_each_row("SELECT a FROM t", {},
                                               [&](std::span<const Value>) {
                                                   ++calls;
                                                   throw std::runtime_error("stop");
                                               }),
                      "stop");
    CHECK(calls == 1);
    CHECK_THROWS_AS(connection->for_each_row("SELECT * FROM no_such_table", {}, [](std::span<const Value>) {}), Error);
    CHECK(connection->table_exists("t"));
    CHECK(connection->column_names("t") == std::vector<std::string>{"a", "b"});
    CHECK_FALSE(connection->is_empty());
    CHECK_THROWS_AS(connection->execute("SELECT * FROM no_such_table"), Error);
}

TEMPLATE_TEST_CASE("the migration transaction commits, rolls back whole, and holds the lock", "[contract]",
                   SqliteUnderTest) {
    Fixture<TestType> fixture;
    const auto connection = fixture.open();
    connection->execute("CREATE TABLE t (x)");
    connection->begin_migration();
    connection->execute("INSERT INTO t VALUES (1)");
    connection->commit_migration();
    connection->begin_migration();
    connection->execute("INSERT INTO t VALUES (2)");
    // A failed statement does not end the transaction; rollback_migration does.
    CHECK_THROWS_AS(connection->execute("INSERT INTO nowhere VALUES (3)"), Error);
    connection->rollback_migration();
    CHECK(connection->query("SELECT count(*) FROM t")[0].integer(0) == 1);

    // While one connection migrates, another waits for the lock and then gives up.
    connection->begin_migration();
    const auto other = fixture.open(100);
    const auto started = std::chrono::steady_clock::now();
    CHECK_THROWS_AS(other->begin_migration(), Error);
    CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(90));
    connection->rollback_migration();
    other->begin_migration();
    other->rollback_migration();
}

TEMPLATE_TEST_CASE("foreign key violations are reported inside the migration, whatever the setting", "[contract]",
                   SqliteUnderTest) {
    Fixture<TestType> fixture;
    const auto connection = fixture.open();
    fixture.run(*connection, "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
                             "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id));"
                             "INSERT INTO parent VALUES (1);");
    connection->begin_migration();
    CHECK(connection->foreign_key_violations().empty());
    connection->execute("INSERT INTO child VALUES (10, 2)");  // enforcement is off in a migration
    const auto violations = connection->foreign_key_violations();
    REQUIRE(violations.size() == 1);
    CHECK(violations[0].table == "child");
    CHECK(violations[0].parent == "parent");
    connection->rollback_migration();
    CHECK(connection->query("SELECT count(*) FROM child")[0].integer(0) == 0);
}

TEMPLATE_TEST_CASE("what a backend introspects, its dialect renders back into a scratch database as the same schema",
                   "[contract]", SqliteUnderTest) {
    Fixture<TestType> fixture;
    const auto connection = fixture.open();
    fixture.run(*connection,
                "CREATE TABLE author (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL UNIQUE, born DATE);"
                "CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES author (id) "
                "ON DELETE CASCADE, title TEXT NOT NULL DEFAULT 'untitled', CHECK (length(title) > 0));"
                "CREATE INDEX ix_book_title ON book (title) WHERE title != 'untitled';"
                "CREATE VIEW prolific AS SELECT author_id, count(*) AS n FROM book GROUP BY author_id;"
                "CREATE TRIGGER book_touch AFTER UPDATE ON book BEGIN SELECT 1; END;");
    const Schema live = connection->introspect({});
    CHECK(live.tables.size() == 2);
    const std::string sql = connection->dialect().render(sqlite_schema::compare(Schema{}, live), Schema{}, live);
    const auto scratch = fixture.backend.open_scratch();
    CHECK(scratch->is_empty());
    fixture.run(*scratch, sql);
    const Schema rebuilt = scratch->introspect({});
    CHECK(sqlite_schema::compare(live, rebuilt).empty());
    CHECK(sqlite_schema::compare(rebuilt, live).empty());
}

TEMPLATE_TEST_CASE("a scratch database reaches no file, and a backup is a whole copy beside the database",
                   "[contract]", SqliteUnderTest) {
    Fixture<TestType> fixture;
    const auto scratch = fixture.backend.open_scratch();
    CHECK_THROWS_AS(scratch->execute("ATTACH '" + (fixture.dir.path() / "other.db").string() + "' AS other"), Error);
    CHECK_FALSE(std::filesystem::exists(fixture.dir.path() / "other.db"));
    CHECK_THROWS_AS(scratch->back_up(), InputError);

    const auto connection = fixture.open();
    fixture.run(*connection, "CREATE TABLE t (x); INSERT INTO t VALUES (1), (2);");
    const std::filesystem::path copy = connection->back_up();
    CHECK(copy.parent_path() == fixture.dir.path());
    const auto reopened = open_connection(parse_database_url("sqlite:///" + copy.string(), fixture.dir.path()),
                                          {OpenOptions::Mode::read_only, 1000});
    CHECK(reopened->query("SELECT sum(x) FROM t")[0].integer(0) == 3);

    // With a progress callback: the destination first, then pages copied of the total, in
    // several steps for a database of many pages, ending at all of them.
    fixture.run(*connection, "CREATE TABLE big (v); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                             "WHERE i < 20000) INSERT INTO big SELECT randomblob(500) FROM n;");
    std::vector<std::pair<std::uint64_t, std::uint64_t>> heard;
    std::filesystem::path announced;
    const std::filesystem::path stepped =
        connection->back_up([&](const std::filesystem::path& path, std::uint64_t done, std::uint64_t total) {
            if (heard.empty()) announced = path;
            heard.emplace_back(done, total);
        });
    CHECK(announced == stepped);
    REQUIRE(heard.size() >= 3);
    CHECK(heard.front() == std::pair<std::uint64_t, std::uint64_t>{0, 0});
    CHECK(heard.back().first == heard.back().second);
    CHECK(heard.back().second > 2048);
    const auto stepped_copy = open_connection(parse_database_url("sqlite:///" + stepped.string(), fixture.dir.path()),
                                              {OpenOptions::Mode::read_only, 1000});
    CHECK(stepped_copy->query("SELECT count(*) FROM big")[0].integer(0) == 20000);
}

TEMPLATE_TEST_CASE("the version store keeps heads and dbm_log through a backend", "[contract]", SqliteUnderTest) {
    Fixture<TestType> fixture;
    const auto connection = fixture.open();
    const RevisionMap map({revision("r1", {}, "SELECT 1;", "SELECT 1;"), revision("r2", {"r1"}, "SELECT 1;", "SELECT 1;")});
    const VersionStore store(connection->dialect(), "dbm_version");
    CHECK(store.read_heads(*connection).empty());
    ConnectionSink sink(*connection);
    connection->begin_migration();
    store.create_tables(sink);
    HeadTracker tracker(map, {});
    store.update_heads(sink, tracker.step(map.get("r1"), Direction::upgrade));
    store.log(sink, map.get("r1"), "upgrade", 5, true);
    store.update_heads(sink, tracker.step(map.get("r2"), Direction::upgrade));
    store.log(sink, map.get("r2"), "upgrade", 6, true);
    connection->commit_migration();
    CHECK(store.read_heads(*connection) == std::vector<std::string>{"r2"});
    const auto recorded = store.recorded_checksums(*connection);
    REQUIRE(recorded.count("r1") == 1);
    CHECK(recorded.at("r1").file == std::string(64, 'c'));
    CHECK(recorded.at("r1").upgrade.has_value());
    CHECK_FALSE(store.running(*connection).has_value());
}

TEMPLATE_TEST_CASE("the Migrator upgrades, rolls a failure back whole, downgrades and stamps through a backend",
                   "[contract]", SqliteUnderTest) {
    Fixture<TestType> fixture;
    Config config;
    config.project_root = fixture.dir.path();
    config.migrations_dir = fixture.dir.path() / "migrations";
    config.database = fixture.url;
    config.lock_timeout_ms = 1000;
    const RevisionMap map({revision("r1", {}, "CREATE TABLE t (x);\nINSERT INTO t VALUES (1);", "DROP TABLE t;"),
                           revision("r2", {"r1"}, "INSERT INTO t VALUES (2);", "DELETE FROM t WHERE x = 2;"),
                           revision("r3", {"r2"}, "INSERT INTO t VALUES (3);\nSELECT * FROM nowhere;", "SELECT 1;")});
    const auto connection = fixture.open();
    Migrator migrator(config, map, *connection);

    const ApplyOutcome up = migrator.upgrade({"r2", false, false, false, {}});
    CHECK(up.steps == 2);
    CHECK(up.heads_after == std::vector<std::string>{"r2"});
    CHECK(current_heads(config, map, *connection) == std::vector<std::string>{"r2"});

    // r3 fails at its second statement: its first is rolled back with it.
    CHECK_THROWS_AS(migrator.upgrade({"head", false, false, false, {}}), Error);
    CHECK(connection->query("SELECT group_concat(x) FROM (SELECT x FROM t ORDER BY x)")[0].text(0) == "1,2");
    CHECK(current_heads(config, map, *connection) == std::vector<std::string>{"r2"});

    const ApplyOutcome down = migrator.downgrade({"r1", false, false, false, {}});
    CHECK(down.heads_after == std::vector<std::string>{"r1"});
    CHECK(connection->query("SELECT count(*) FROM t")[0].integer(0) == 1);

    CHECK(migrator.stamp("r2", false) == std::vector<std::string>{"r2"});
    CHECK(current_heads(config, map, *connection) == std::vector<std::string>{"r2"});
    CHECK(changed_revisions(config, map, *connection, current_heads(config, map, *connection)).empty());
}

namespace {

// Hears what a migration reports of its rebuilds' copies.
class RowWatcher final : public MigrationObserver {
public:
    explicit RowWatcher(bool wants) : wants_(wants) {}
    std::vector<std::pair<std::uint64_t, std::uint64_t>> heard;
    std::string table;
    bool wants_row_progress() const override { return wants_; }
    void rows_copied(std::string_view copied, std::uint64_t done, std::uint64_t total) override {
        table = copied;
        heard.emplace_back(done, total);
    }

private:
    bool wants_;
};

// Every report from 0 of the total to all of it, never backwards, some in between.
void check_copy_reports(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& heard, std::uint64_t rows) {
    REQUIRE(heard.size() >= 3);
    CHECK(heard.front() == std::pair<std::uint64_t, std::uint64_t>{0, rows});
    CHECK(heard.back() == std::pair<std::uint64_t, std::uint64_t>{rows, rows});
    for (std::size_t i = 1; i < heard.size(); ++i) {
        CHECK(heard[i].second == rows);
        CHECK(heard[i].first >= heard[i - 1].first);
    }
    CHECK(std::any_of(heard.begin(), heard.end(), [&](const auto& h) { return h.first > 0 && h.first < rows; }));
    CHECK(heard.size() <= 210);
}

}  // namespace

TEMPLATE_TEST_CASE("a whole-table copy reports its rows copied of the total, to a migration that asks",
                   "[contract]", SqliteUnderTest) {
    Fixture<TestType> fixture;
    const auto connection = fixture.open();
    fixture.run(*connection, "CREATE TABLE t (x, y); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                             "WHERE i < 60000) INSERT INTO t SELECT i, 'row ' || i FROM n;");
    std::vector<std::pair<std::uint64_t, std::uint64_t>> heard;
    connection->report_copies([&](std::string_view table, std::uint64_t done, std::uint64_t total) {
        CHECK(table == "t");
        heard.emplace_back(done, total);
    });
    fixture.run(*connection, "CREATE TABLE t2 (x, y); INSERT INTO t2 (x, y) SELECT x, upper(y) FROM \"t\";");
    check_copy_reports(heard, 60000);
    CHECK(connection->query("SELECT count(*), max(y) FROM t2")[0].integer(0) == 60000);

    // A statement that reads part of a table, and any copy once reporting stopped, say nothing.
    heard.clear();
    fixture.run(*connection, "INSERT INTO t2 SELECT x, y FROM t WHERE x < 30000;");
    CHECK(heard.empty());
    connection->report_copies({});
    fixture.run(*connection, "INSERT INTO t2 SELECT x, y FROM t;");
    CHECK(heard.empty());

    // Through the Migrator: reported while a revision rebuilds, only to an observer that asks,
    // and not after the run.
    Config config;
    config.project_root = fixture.dir.path();
    config.migrations_dir = fixture.dir.path() / "migrations";
    config.database = fixture.url;
    config.lock_timeout_ms = 1000;
    const RevisionMap map({revision("r1", {}, "CREATE TABLE n (x, y); INSERT INTO n (x, y) SELECT x, y FROM t;\n"
                                              "DROP TABLE t; ALTER TABLE n RENAME TO t;",
                                    "SELECT 1;"),
                           revision("r2", {"r1"}, "CREATE TABLE m (x); INSERT INTO m (x) SELECT x FROM t2;", "DROP TABLE m;")});
    RowWatcher watcher(true);
    Migrator migrator(config, map, *connection, watcher);
    migrator.upgrade({"r1", false, false, false, {}});
    CHECK(watcher.table == "t");
    check_copy_reports(watcher.heard, 60000);
    watcher.heard.clear();
    fixture.run(*connection, "INSERT INTO t2 SELECT x, y FROM t;");
    CHECK(watcher.heard.empty());

    RowWatcher uninterested(false);
    Migrator quiet(config, map, *connection, uninterested);
    quiet.upgrade({"r2", false, false, false, {}});
    CHECK(uninterested.heard.empty());
    CHECK(connection->query("SELECT count(*) FROM m")[0].integer(0) == 209999);
}
