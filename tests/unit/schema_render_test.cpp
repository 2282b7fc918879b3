// Unit tests for rendering operations as SQLite SQL (src/schema/render_sqlite.hpp, SPEC §7.4-7.5,
// SQLITE-NOTES.md), most of them as round trips: a database is migrated to a wanted schema and
// back, and must keep its rows, rowids, triggers, views and AUTOINCREMENT counters.
#include <catch2/catch.hpp>

#include "support.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "dbm/backend.hpp"
#include "dbm/database.hpp"
#include "dbm/error.hpp"
#include "dbm/operations.hpp"
#include "schema/compare.hpp"
#include "schema/models.hpp"
#include "sqlite/render.hpp"
#include "sqlite_schema.hpp"

using dbm::Connection;
using dbm::Schema;
using dbm::Table;
using dbm::schema::Operation;
namespace ops = dbm::schema;

namespace {

using Strings = std::vector<std::string>;
using Rows = std::vector<Strings>;


const dbm::Dialect& dialect() { return dbm::backend_for("sqlite").dialect(); }

std::unique_ptr<Connection> open_memory() {
    return dbm::open_scratch("sqlite");
}

void run_script(Connection& connection, const std::string& sql) {
    for (const auto& statement : dialect().split_statements(sql)) connection.execute(statement.text, {});
}

Rows rows(Connection& connection, const std::string& sql) {
    Rows out;
    for (const auto& row : connection.query(sql, {})) {
        Strings cells;
        for (std::size_t i = 0; i < row.size(); ++i) cells.push_back(row.is_null(i) ? "<NULL>" : row.text(i));
        out.push_back(std::move(cells));
    }
    return out;
}

std::string quoted(const std::string& name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

Strings descriptions(const std::vector<Operation>& operations) {
    Strings out;
    for (const auto& operation : operations) out.push_back(ops::describe(operation));
    return out;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
    return count;
}

std::size_t rebuilds(const std::string& sql) {
    return count_of(sql, "CREATE TABLE \"_dbm_new_") + count_of(sql, "CREATE TABLE _dbm_new_");
}

// The statement the last run_migration() stopped at.
std::string failed_statement;

// Runs migration SQL as dbm does (SPEC §7.1): foreign keys off outside the transaction, every
// statement in one transaction, rolled back explicitly on error. Throws what the statement threw.
void run_migration(Connection& connection, const std::string& sql) {
    connection.execute("PRAGMA foreign_keys = OFF", {});
    connection.execute("BEGIN", {});
    failed_statement.clear();
    try {
        for (const auto& statement : dialect().split_statements(sql)) {
            failed_statement = statement.text;
            connection.execute(statement.text, {});
        }
        failed_statement.clear();
    } catch (...) {
        connection.execute("ROLLBACK", {});
        throw;
    }
    connection.execute("COMMIT", {});
}

void check_health(Connection& connection) {
    const Rows broken = rows(connection, "PRAGMA foreign_key_check");
    INFO("foreign_key_check: " << Catch::Detail::stringify(broken));
    CHECK(broken.empty());
    CHECK(rows(connection, "PRAGMA integrity_check") == Rows{{"ok"}});
}

Strings object_names(Connection& connection, const std::string& type) {
    Strings names;
    for (const auto& row : rows(connection, "SELECT name FROM sqlite_schema WHERE type = '" + type + "' ORDER BY name"))
        names.push_back(row.at(0));
    return names;
}

std::map<std::string, std::string> sequences(Connection& connection) {
    std::map<std::string, std::string> out;
    if (rows(connection, "SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'").empty()) return out;
    for (const auto& row : rows(connection, "SELECT name, seq FROM sqlite_sequence")) out[row.at(0)] = row.at(1);
    return out;
}

// The query that reads, in a stable order, the columns a table keeps in schema `b`
// (with the rowid where both have one); nullopt when they share no table or column.
std::optional<std::string> kept_rows_query(const Schema& b, const Table& table) {
    const Table* other = b.find_table(table.name, dbm::sqlite::rules());
    if (!other) return std::nullopt;
    Strings columns;
    for (const auto& column : table.columns) {
        const dbm::Column* match = other->find_column(column.name, dbm::sqlite::rules());
        if (match && !column.generated && !match->generated) columns.push_back(quoted(column.name));
    }
    const bool rowid = !table.sqlite.without_rowid && !other->sqlite.without_rowid;
    if (rowid) columns.insert(columns.begin(), "rowid");
    if (columns.empty()) return std::nullopt;
    std::string list;
    for (const auto& column : columns) list += (list.empty() ? "" : ", ") + column;
    std::string order;
    if (rowid) {
        order = "rowid";
    } else {
        for (std::size_t i = 1; i <= columns.size(); ++i) order += (order.empty() ? "" : ", ") + std::to_string(i);
    }
    return "SELECT " + list + " FROM " + quoted(table.name) + " ORDER BY " + order;
}

struct RoundTrip {
    std::string before = "";  // SQL that makes the database
    std::string data = "";    // SQL that fills it
    std::string after = "";   // SQL of the wanted schema (introspected from a second database)...
    std::string yaml = "";    // ...or YAML models (completed with what they leave unmanaged)
    std::function<void(Schema&)> hint = nullptr;  // e.g. renamed_from on the wanted schema
    // Pairs of queries, on the database before and after the upgrade, that must read the same
    // rows (for renamed tables and columns); after the downgrade the first must read them again.
    std::vector<std::pair<std::string, std::string>> kept = {};
    // Checks on the upgraded database, run with foreign keys on and rolled back afterwards.
    std::function<void(Connection&)> probe = nullptr;
    bool compare_all_rows = true;  // the rows of every kept column, not only `kept`
};

struct Migration {
    std::vector<Operation> operations;
    std::string upgrade;
    std::string downgrade;
};

// Migrates the `before` database to the wanted schema and back (SPEC §7.4-7.5), checking
// what must survive on the way.
Migration round_trip(const RoundTrip& test) {
    auto db = open_memory();
    db->execute("PRAGMA foreign_keys = ON", {});
    run_script(*db, test.before);
    run_script(*db, test.data);
    const Schema current = db->introspect({});

    Schema wanted;
    if (!test.yaml.empty()) {
        wanted = sqlite_schema::with_unmanaged(sqlite_schema::parse_models_yaml(test.yaml, "models.yaml"), current);
    } else {
        auto target = open_memory();
        run_script(*target, test.after);
        wanted = target->introspect({});
    }
    if (test.hint) test.hint(wanted);

    Migration migration;
    migration.operations = sqlite_schema::compare(current, wanted);
    INFO("operations: " << Catch::Detail::stringify(descriptions(migration.operations)));
    REQUIRE_FALSE(migration.operations.empty());

    // What must survive.
    std::vector<std::pair<std::string, Rows>> all_rows;
    if (test.compare_all_rows) {
        for (const Table& table : current.tables)
            if (const auto query = kept_rows_query(wanted, table)) all_rows.emplace_back(*query, rows(*db, *query));
    }
    std::vector<Rows> kept_before;
    for (const auto& [before_query, after_query] : test.kept) kept_before.push_back(rows(*db, before_query));
    const auto sequences_before = sequences(*db);
    const Strings triggers_before = object_names(*db, "trigger");
    const Strings views_before = object_names(*db, "view");

    // Upgrade.
    migration.upgrade = dialect().render(migration.operations, current, wanted);
    INFO("upgrade SQL:\n" << migration.upgrade);
    try {
        run_migration(*db, migration.upgrade);
    } catch (const dbm::Error& error) {
        FAIL("the upgrade failed: " << dialect().explain_error(error.what()) << "\n  in statement: " << failed_statement);
    }
    const Schema upgraded = db->introspect({});
    const auto left_over = sqlite_schema::compare(upgraded, wanted);
    INFO("left over after the upgrade: " << Catch::Detail::stringify(descriptions(left_over)));
    CHECK(left_over.empty());
    check_health(*db);
    for (const auto& [query, expected] : all_rows) {
        INFO("kept rows: " << query);
        CHECK(rows(*db, query) == expected);
    }
    for (std::size_t i = 0; i < test.kept.size(); ++i) {
        INFO("kept rows: " << test.kept[i].second);
        CHECK(rows(*db, test.kept[i].second) == kept_before[i]);
    }
    {
        Strings expected_triggers;
        for (const auto& trigger : wanted.triggers) expected_triggers.push_back(trigger.name);
        std::sort(expected_triggers.begin(), expected_triggers.end());
        CHECK(object_names(*db, "trigger") == expected_triggers);
        Strings expected_views;
        for (const auto& view : wanted.views) expected_views.push_back(view.name);
        std::sort(expected_views.begin(), expected_views.end());
        CHECK(object_names(*db, "view") == expected_views);
        for (const auto& view : expected_views) CHECK_NOTHROW(db->query("SELECT * FROM " + quoted(view), {}));
    }
    const auto sequences_after = sequences(*db);
    for (const Table& table : wanted.tables) {
        const Table* before = current.find_table(table.name, dbm::sqlite::rules());
        if (!before || !before->primary_key || !before->primary_key->autoincrement || !table.primary_key ||
            !table.primary_key->autoincrement || !sequences_before.count(before->name))
            continue;
        INFO("sqlite_sequence of " << table.name);
        CHECK(sequences_after.count(table.name) == 1);
        if (sequences_after.count(table.name)) CHECK(sequences_after.at(table.name) == sequences_before.at(before->name));
    }
    if (test.probe) {
        db->execute("PRAGMA foreign_keys = ON", {});
        db->execute("SAVEPOINT probe", {});
        test.probe(*db);
        db->execute("ROLLBACK TO probe", {});
        db->execute("RELEASE probe", {});
    }

    // Downgrade.
    migration.downgrade = dialect().render(ops::inverse(migration.operations), wanted, current);
    INFO("downgrade SQL:\n" << migration.downgrade);
    try {
        run_migration(*db, migration.downgrade);
    } catch (const dbm::Error& error) {
        FAIL("the downgrade failed: " << dialect().explain_error(error.what()) << "\n  in statement: " << failed_statement);
    }
    const Schema downgraded = db->introspect({});
    const auto not_undone = sqlite_schema::compare(downgraded, current);
    INFO("left over after the downgrade: " << Catch::Detail::stringify(descriptions(not_undone)));
    CHECK(not_undone.empty());
    check_health(*db);
    for (const auto& [query, expected] : all_rows) {
        INFO("rows after the downgrade: " << query);
        CHECK(rows(*db, query) == expected);
    }
    for (std::size_t i = 0; i < test.kept.size(); ++i) {
        INFO("rows after the downgrade: " << test.kept[i].first);
        CHECK(rows(*db, test.kept[i].first) == kept_before[i]);
    }
    CHECK(object_names(*db, "trigger") == triggers_before);
    CHECK(object_names(*db, "view") == views_before);
    const auto sequences_back = sequences(*db);
    for (const auto& [name, seq] : sequences_before) {
        INFO("sqlite_sequence of " << name << " after the downgrade");
        if (downgraded.find_table(name, dbm::sqlite::rules()) && sequences_back.count(name)) CHECK(sequences_back.at(name) == seq);
    }
    return migration;
}

void rename_column(Schema& schema, const std::string& table, const std::string& column, const std::string& from) {
    for (auto& t : schema.tables)
        if (t.name == table)
            for (auto& c : t.columns)
                if (c.name == column) {
                    c.renamed_from = from;
                    return;
                }
    FAIL("no column " << table << "." << column << " to hint");
}

template <typename T>
bool has(const std::vector<Operation>& operations) {
    return std::any_of(operations.begin(), operations.end(), [](const Operation& op) { return std::holds_alternative<T>(op); });
}

// Rows of t with rowid gaps: 1, 2, 4, 7, 8 survive of 1..8.
const std::string gappy_rows = R"(
INSERT INTO t (name) VALUES ('a'), ('b'), ('c'), ('d'), ('e'), ('f'), ('g'), ('h');
DELETE FROM t WHERE name IN ('c', 'e', 'f');
)";

}  // namespace

// --- Round trips: columns -----------------------------------------------------------------------

TEST_CASE("round trip: a nullable column is added in place and dropped in place", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);",
        .data = gappy_rows,
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, note TEXT);",
    });
    CHECK(has<ops::AddColumn>(migration.operations));
    CHECK_THAT(migration.upgrade, Catch::Contains("ALTER TABLE t ADD COLUMN note TEXT;"));
    CHECK(rebuilds(migration.upgrade) == 0);
    CHECK_THAT(migration.downgrade, Catch::Contains("ALTER TABLE t DROP COLUMN note;"));
    CHECK(rebuilds(migration.downgrade) == 0);
}

TEST_CASE("round trip: a NOT NULL column with a constant default is added in place", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE t (name TEXT);",
        .data = gappy_rows,
        .after = "CREATE TABLE t (name TEXT, status TEXT NOT NULL DEFAULT 'new', n INT DEFAULT -1);",
        .probe = [](Connection& db) { CHECK(rows(db, "SELECT DISTINCT status, n FROM t") == Rows{{"new", "-1"}}); },
    });
    CHECK(rebuilds(migration.upgrade) == 0);
}

TEST_CASE("round trip: a column with a CURRENT_TIMESTAMP default is added by a rebuild that keeps rowids",
          "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE t (name TEXT);",
        .data = gappy_rows,
        .after = "CREATE TABLE t (name TEXT, created DATETIME DEFAULT CURRENT_TIMESTAMP);",
        .probe = [](Connection& db) { CHECK(rows(db, "SELECT count(*) FROM t WHERE created IS NULL") == Rows{{"0"}}); },
    });
    CHECK(rebuilds(migration.upgrade) == 1);
    CHECK(rebuilds(migration.downgrade) == 0);
}

TEST_CASE("round trip: a plain column is dropped in place with a data-loss warning", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, obsolete TEXT);",
        .data = gappy_rows + "UPDATE t SET obsolete = name || '!';",
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);",
    });
    CHECK_THAT(migration.upgrade, Catch::Contains("-- WARNING:"));
    CHECK_THAT(migration.upgrade, Catch::Contains("ALTER TABLE t DROP COLUMN obsolete;"));
    CHECK(rebuilds(migration.upgrade) == 0);
}

TEST_CASE("round trip: an indexed column is dropped after its index", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, code TEXT); CREATE INDEX ix_t_code ON t (code);",
        .data = gappy_rows + "UPDATE t SET code = upper(name);",
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);",
    });
    CHECK_THAT(migration.upgrade, Catch::Contains("ALTER TABLE t DROP COLUMN code;"));
    CHECK(migration.upgrade.find("DROP INDEX ix_t_code;") < migration.upgrade.find("DROP COLUMN code"));
}

TEST_CASE("round trip: a column named in a CHECK is dropped by a rebuild", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, qty INT, CHECK (qty >= 0));",
        .data = gappy_rows + "UPDATE t SET qty = id;",
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);",
    });
    CHECK(rebuilds(migration.upgrade) == 1);
    CHECK_THAT(migration.upgrade, Catch::Contains("-- WARNING: drops column qty"));
}

TEST_CASE("round trip: a column is renamed in place", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);",
        .data = gappy_rows,
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY, full_name TEXT);",
        .hint = [](Schema& s) { rename_column(s, "t", "full_name", "name"); },
        .kept = {{"SELECT id, name FROM t ORDER BY id", "SELECT id, full_name FROM t ORDER BY id"}},
    });
    CHECK(descriptions(migration.operations) == Strings{"renamed column 't.name' to 't.full_name'"});
    CHECK_THAT(migration.upgrade, Catch::Contains("ALTER TABLE t RENAME COLUMN name TO full_name;"));
    CHECK(rebuilds(migration.upgrade) == 0);
}

TEST_CASE("round trip: renaming a column rewrites the unmanaged view and trigger that name it",
          "[schema][render][roundtrip]") {
    round_trip({
        .before = R"(
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE log (msg TEXT);
CREATE VIEW v_names AS SELECT name FROM t;
CREATE TRIGGER trg_t AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.name); END;
)",
        .data = gappy_rows + "DELETE FROM log;",
        .yaml = R"(tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      full_name: {type: text, renamed_from: name}
  log:
    columns:
      msg: {type: text}
)",
        .kept = {{"SELECT id, name FROM t ORDER BY id", "SELECT id, full_name FROM t ORDER BY id"}},
        .probe =
            [](Connection& db) {
                db.execute("INSERT INTO t (full_name) VALUES ('zed')", {});
                CHECK(rows(db, "SELECT msg FROM log") == Rows{{"zed"}});
                CHECK(rows(db, "SELECT count(*) FROM v_names") == Rows{{"6"}});
            },
    });
}

TEST_CASE("round trip: a column is renamed and retyped in one rebuild under a trigger that names it",
          "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = R"(
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, qty TEXT);
CREATE TABLE log (msg TEXT);
CREATE TRIGGER trg_t AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.name || ':' || new.qty); END;
)",
        .data = gappy_rows + "UPDATE t SET qty = id * 10; DELETE FROM log;",
        .yaml = R"(tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      label: {type: text, renamed_from: name}
      qty: {type: integer}
  log:
    columns:
      msg: {type: text}
)",
        .kept = {{"SELECT id, name, qty FROM t ORDER BY id", "SELECT id, label, qty FROM t ORDER BY id"}},
        .probe =
            [](Connection& db) {
                db.execute("INSERT INTO t (label, qty) VALUES ('zed', 5)", {});
                CHECK(rows(db, "SELECT msg FROM log") == Rows{{"zed:5"}});
            },
    });
    CHECK(rebuilds(migration.upgrade) == 1);
    CHECK(migration.upgrade.find("RENAME COLUMN name TO label") < migration.upgrade.find("_dbm_new_"));
}

TEST_CASE("round trip: several column changes in one table make a single rebuild", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, a TEXT, b TEXT DEFAULT 'x', c TEXT);",
        .data = gappy_rows + "UPDATE t SET a = id, c = 'c' || id;",
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, a INTEGER, b TEXT DEFAULT 'y', "
                 "c TEXT COLLATE NOCASE);",
    });
    CHECK(std::count_if(migration.operations.begin(), migration.operations.end(),
                        [](const Operation& op) { return std::holds_alternative<ops::AlterColumn>(op); }) == 4);
    CHECK(rebuilds(migration.upgrade) == 1);
    CHECK(rebuilds(migration.downgrade) == 1);
}

TEST_CASE("round trip: a column becomes NOT NULL after a passing preflight, and nullable again",
          "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);",
        .data = gappy_rows,
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
        .probe = [](Connection& db) { CHECK_THROWS_AS(db.execute("INSERT INTO t (name) VALUES (NULL)", {}), dbm::Error); },
    });
    CHECK_THAT(migration.upgrade, Catch::Contains("Preflight"));
    CHECK_THAT(migration.downgrade, !Catch::Contains("Preflight"));
}

TEST_CASE("round trip: a default changes by a rebuild", "[schema][render][roundtrip]") {
    round_trip({
        .before = "CREATE TABLE t (name TEXT, status TEXT DEFAULT 'a');",
        .data = gappy_rows,
        .after = "CREATE TABLE t (name TEXT, status TEXT DEFAULT 'b');",
        .probe =
            [](Connection& db) {
                db.execute("INSERT INTO t (name) VALUES ('new')", {});
                CHECK(rows(db, "SELECT status FROM t WHERE name = 'new'") == Rows{{"b"}});
            },
    });
}

TEST_CASE("round trip: a table whose column has an expression default is rebuilt", "[schema][render][roundtrip]") {
    round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, total INT DEFAULT (1 + 1));",
        .data = gappy_rows,
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, total INT DEFAULT (1 + 1));",
        .probe =
            [](Connection& db) {
                db.execute("INSERT INTO t (name) VALUES ('new')", {});
                CHECK(rows(db, "SELECT total FROM t WHERE name = 'new'") == Rows{{"2"}});
            },
    });
}

TEST_CASE("round trip: a collation changes by a rebuild", "[schema][render][roundtrip]") {
    round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);",
        .data = gappy_rows,
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT COLLATE NOCASE);",
        .probe = [](Connection& db) { CHECK(rows(db, "SELECT count(*) FROM t WHERE name = 'A'") == Rows{{"1"}}); },
    });
}

TEST_CASE("round trip: generated columns are added, virtual in place and stored by a rebuild",
          "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);",
        .data = gappy_rows,
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, shout TEXT GENERATED ALWAYS AS (upper(name)) VIRTUAL, "
                 "twice INT AS (id * 2) STORED);",
        .probe = [](Connection& db) { CHECK(rows(db, "SELECT shout, twice FROM t WHERE id = 2") == Rows{{"B", "4"}}); },
    });
    CHECK(rebuilds(migration.upgrade) == 1);
}

// --- Round trips: keys, constraints and options ------------------------------------------------

TEST_CASE("round trip: a primary key is added to a rowid table, keeping its rowids", "[schema][render][roundtrip]") {
    round_trip({
        .before = "CREATE TABLE t (name TEXT, code TEXT);",
        .data = gappy_rows + "UPDATE t SET code = 'k' || rowid;",
        .after = "CREATE TABLE t (name TEXT, code TEXT PRIMARY KEY);",
    });
}

TEST_CASE("round trip: a composite primary key gains a column", "[schema][render][roundtrip]") {
    round_trip({
        .before = "CREATE TABLE t (name TEXT NOT NULL, version INT NOT NULL DEFAULT 1, body TEXT, PRIMARY KEY (name));",
        .data = gappy_rows,
        .after = "CREATE TABLE t (name TEXT NOT NULL, version INT NOT NULL DEFAULT 1, body TEXT, "
                 "PRIMARY KEY (name, version));",
        .probe = [](Connection& db) { CHECK_NOTHROW(db.execute("INSERT INTO t (name, version) VALUES ('a', 2)", {})); },
    });
}

TEST_CASE("round trip: unique constraints are added and dropped", "[schema][render][roundtrip]") {
    round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, code TEXT, CONSTRAINT uq_t_code UNIQUE (code));",
        .data = gappy_rows + "UPDATE t SET code = 'k' || id;",
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, code TEXT);",
        .probe = [](Connection& db) { CHECK_THROWS_AS(db.execute("INSERT INTO t (name) VALUES ('a')", {}), dbm::Error); },
    });
}

TEST_CASE("round trip: check constraints are added and changed", "[schema][render][roundtrip]") {
    round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, CONSTRAINT ck_id CHECK (id > 0));",
        .data = gappy_rows,
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, CONSTRAINT ck_id CHECK (id > -1), "
                 "CONSTRAINT ck_name CHECK (length(name) = 1));",
        .probe = [](Connection& db) { CHECK_THROWS_AS(db.execute("INSERT INTO t (name) VALUES ('long')", {}), dbm::Error); },
    });
}

TEST_CASE("round trip: a foreign key is added to an existing column by a rebuild", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, "
                  "p_id INT);",
        .data = "INSERT INTO p VALUES (1, 'one'), (2, 'two');" + gappy_rows + "UPDATE t SET p_id = 1 + id % 2;",
        .after = "CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, "
                 "p_id INT REFERENCES p (id));",
        .probe = [](Connection& db) { CHECK_THROWS_AS(db.execute("UPDATE t SET p_id = 99", {}), dbm::Error); },
    });
    CHECK(rebuilds(migration.upgrade) == 1);
}

TEST_CASE("round trip: a foreign key's ON DELETE action changes", "[schema][render][roundtrip]") {
    round_trip({
        .before = "CREATE TABLE p (id INTEGER PRIMARY KEY); "
                  "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, p_id INT REFERENCES p (id) ON DELETE CASCADE);",
        .data = "INSERT INTO p VALUES (1), (2);" + gappy_rows + "UPDATE t SET p_id = 1 + id % 2;",
        .after = "CREATE TABLE p (id INTEGER PRIMARY KEY); "
                 "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, p_id INT REFERENCES p (id) ON DELETE SET NULL);",
        .probe =
            [](Connection& db) {
                db.execute("DELETE FROM p WHERE id = 1", {});
                CHECK(rows(db, "SELECT count(*) FROM t") == Rows{{"5"}});
                CHECK(rows(db, "SELECT count(*) FROM t WHERE p_id IS NULL") == Rows{{"3"}});
            },
    });
}

TEST_CASE("round trip: rebuilding the parent of an ON DELETE CASCADE child keeps the children",
          "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = R"(
CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INT NOT NULL REFERENCES parent (id) ON DELETE CASCADE, what TEXT);
)",
        .data = "INSERT INTO parent VALUES (1, 'one'), (2, 'two');"
                "INSERT INTO child (parent_id, what) VALUES (1, 'a'), (1, 'b'), (2, 'c');",
        .after = R"(
CREATE TABLE parent (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL DEFAULT '');
CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INT NOT NULL REFERENCES parent (id) ON DELETE CASCADE, what TEXT);
)",
        .probe =
            [](Connection& db) {
                CHECK(rows(db, "SELECT count(*) FROM child") == Rows{{"3"}});
                // The key still points at the rebuilt parent, and still cascades.
                db.execute("DELETE FROM parent WHERE id = 1", {});
                CHECK(rows(db, "SELECT what FROM child") == Rows{{"c"}});
            },
    });
    CHECK(rebuilds(migration.upgrade) == 1);
}

TEST_CASE("round trip: WITHOUT ROWID is switched on and off", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT);",
        .data = "INSERT INTO kv VALUES ('a', '1'), ('b', '2'), ('c', NULL);",
        .after = "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;",
    });
    CHECK(has<ops::ChangeTableOption>(migration.operations));
    CHECK_THAT(migration.upgrade, Catch::Contains("WITHOUT ROWID"));
}

TEST_CASE("round trip: STRICT is switched on and off", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INT);",
        .data = gappy_rows + "UPDATE t SET n = id;",
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INT) STRICT;",
        .probe = [](Connection& db) { CHECK_THROWS_AS(db.execute("INSERT INTO t (n) VALUES ('not a number')", {}), dbm::Error); },
    });
    CHECK_THAT(migration.upgrade, Catch::Contains("STRICT"));
}

TEST_CASE("round trip: an AUTOINCREMENT table with deleted rows keeps its counter through a rebuild",
          "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, qty TEXT);",
        .data = gappy_rows + "INSERT INTO t (name) VALUES ('x'), ('y'); DELETE FROM t WHERE name IN ('x', 'y');",
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL DEFAULT '', qty INTEGER);",
        .probe =
            [](Connection& db) {
                db.execute("INSERT INTO t (name) VALUES ('next')", {});
                CHECK(rows(db, "SELECT id FROM t WHERE name = 'next'") == Rows{{"11"}});
            },
    });
    CHECK(rebuilds(migration.upgrade) == 1);
    CHECK_THAT(migration.upgrade, Catch::Contains("sqlite_sequence"));
}

TEST_CASE("round trip: AUTOINCREMENT is added to a rowid-alias key", "[schema][render][roundtrip]") {
    round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);",
        .data = gappy_rows,
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);",
        .probe =
            [](Connection& db) {
                db.execute("DELETE FROM t WHERE id = 8", {});
                db.execute("INSERT INTO t (name) VALUES ('next')", {});
                CHECK(rows(db, "SELECT id FROM t WHERE name = 'next'") == Rows{{"9"}});
            },
    });
}

// --- Round trips: tables, indexes, views and triggers -----------------------------------------

TEST_CASE("round trip: a table is renamed with its index and unmanaged trigger", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = R"(
CREATE TABLE persons (id INTEGER PRIMARY KEY, name TEXT);
CREATE INDEX ix_persons_name ON persons (name);
CREATE TABLE log (msg TEXT);
CREATE TRIGGER trg_persons AFTER INSERT ON persons BEGIN INSERT INTO log VALUES (new.name); END;
)",
        .data = "INSERT INTO persons (name) VALUES ('a'), ('b'), ('c'); DELETE FROM persons WHERE name = 'b';"
                "DELETE FROM log;",
        .yaml = R"(tables:
  people:
    renamed_from: persons
    columns:
      id: {type: integer, primary_key: true}
      name: {type: text}
    indexes:
      ix_persons_name: {columns: [name]}
  log:
    columns:
      msg: {type: text}
)",
        .kept = {{"SELECT rowid, id, name FROM persons ORDER BY rowid", "SELECT rowid, id, name FROM people ORDER BY rowid"}},
        .probe =
            [](Connection& db) {
                db.execute("INSERT INTO people (name) VALUES ('zed')", {});
                CHECK(rows(db, "SELECT msg FROM log") == Rows{{"zed"}});
            },
    });
    CHECK(descriptions(migration.operations) == Strings{"renamed table 'persons' to 'people'"});
    CHECK_THAT(migration.upgrade, Catch::Contains("ALTER TABLE persons RENAME TO people;"));
}

TEST_CASE("round trip: a renamed AUTOINCREMENT table is altered in the same migration", "[schema][render][roundtrip]") {
    round_trip({
        .before = R"(
CREATE TABLE old_t (id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT, qty TEXT);
CREATE TABLE audit (what TEXT);
CREATE TRIGGER trg_audit AFTER INSERT ON old_t BEGIN INSERT INTO audit VALUES ('ins ' || new.code); END;
)",
        .data = "INSERT INTO old_t (code, qty) VALUES ('a', '1'), ('b', '2'), ('c', '3'); DELETE FROM old_t WHERE code = 'c';"
                "DELETE FROM audit;",
        .yaml = R"(tables:
  new_t:
    renamed_from: old_t
    columns:
      id: {type: integer, primary_key: true, autoincrement: true}
      code: {type: text, nullable: false}
      qty: {type: integer}
      extra: {type: text}
  audit:
    columns:
      what: {type: text}
)",
        .kept = {{"SELECT id, code, qty FROM old_t ORDER BY id", "SELECT id, code, qty FROM new_t ORDER BY id"},
                 {"SELECT seq FROM sqlite_sequence WHERE name = 'old_t'", "SELECT seq FROM sqlite_sequence WHERE name = 'new_t'"}},
        .probe =
            [](Connection& db) {
                db.execute("INSERT INTO new_t (code) VALUES ('d')", {});
                CHECK(rows(db, "SELECT id FROM new_t WHERE code = 'd'") == Rows{{"4"}});
                CHECK(rows(db, "SELECT what FROM audit") == Rows{{"ins d"}});
            },
    });
}

TEST_CASE("round trip: a table is created with a key to an existing one while another is dropped",
          "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE legacy (x TEXT);",
        .data = "INSERT INTO parent VALUES (1, 'one'), (3, 'three'); INSERT INTO legacy VALUES ('old');",
        .after = R"(
CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INT NOT NULL REFERENCES parent (id) ON DELETE CASCADE);
CREATE INDEX ix_child_parent ON child (parent_id);
)",
        .probe =
            [](Connection& db) {
                db.execute("INSERT INTO child (parent_id) VALUES (3)", {});
                CHECK_THROWS_AS(db.execute("INSERT INTO child (parent_id) VALUES (2)", {}), dbm::Error);
            },
    });
    CHECK_THAT(migration.upgrade, Catch::Contains("-- WARNING: drops table legacy"));
    CHECK_THAT(migration.downgrade, Catch::Contains("-- WARNING: drops table child"));
}

TEST_CASE("round trip: a parent and its child table are dropped together and come back", "[schema][render][roundtrip]") {
    round_trip({
        .before = R"(
CREATE TABLE keep (x TEXT);
CREATE TABLE parent (id INTEGER PRIMARY KEY);
CREATE TABLE child (parent_id INT REFERENCES parent (id) ON DELETE CASCADE);
)",
        .data = "INSERT INTO keep VALUES ('k'); INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1);",
        .after = "CREATE TABLE keep (x TEXT);",
    });
}

TEST_CASE("round trip: indexes are added, dropped and changed without a rebuild", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = R"(
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, code TEXT);
CREATE INDEX ix_t_name ON t (name);
CREATE INDEX ix_t_code ON t (code);
)",
        .data = gappy_rows + "UPDATE t SET code = 'k' || id;",
        .after = R"(
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, code TEXT);
CREATE UNIQUE INDEX ix_t_name ON t (name) WHERE name IS NOT NULL;
CREATE INDEX ix_t_lower_code ON t (lower(code) DESC, name COLLATE NOCASE);
)",
    });
    CHECK(rebuilds(migration.upgrade) == 0);
    CHECK(rebuilds(migration.downgrade) == 0);
}

TEST_CASE("round trip: a rebuild keeps the table's indexes, triggers and the views that read it",
          "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = R"(
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, qty TEXT);
CREATE INDEX ix_t_name ON t (name);
CREATE TABLE log (msg TEXT);
CREATE VIEW v_t AS SELECT id, name FROM t WHERE qty IS NOT NULL;
CREATE TRIGGER trg_t_insert AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('insert ' || new.name); END;
CREATE TRIGGER trg_t_delete BEFORE DELETE ON t BEGIN INSERT INTO log VALUES ('delete ' || old.name); END;
)",
        .data = gappy_rows + "UPDATE t SET qty = id; DELETE FROM log;",
        .yaml = R"(tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      name: {type: text}
      qty: {type: integer}
    indexes:
      ix_t_name: {columns: [name]}
  log:
    columns:
      msg: {type: text}
)",
        .probe =
            [](Connection& db) {
                db.execute("INSERT INTO t (name, qty) VALUES ('zed', 1)", {});
                db.execute("DELETE FROM t WHERE name = 'a'", {});
                CHECK(rows(db, "SELECT msg FROM log ORDER BY rowid") == Rows{{"insert zed"}, {"delete a"}});
                CHECK(rows(db, "SELECT count(*) FROM v_t") == Rows{{"5"}});
            },
    });
    CHECK(rebuilds(migration.upgrade) == 1);
    CHECK_THAT(migration.upgrade, Catch::Contains("CREATE INDEX ix_t_name ON t (name);"));
}

TEST_CASE("round trip: managed views and triggers are created, replaced and dropped", "[schema][render][roundtrip]") {
    round_trip({
        .before = R"(
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE log (msg TEXT);
CREATE VIEW v_names AS SELECT name FROM t;
CREATE VIEW v_old AS SELECT 1 AS one;
CREATE TRIGGER trg_insert AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('i'); END;
)",
        .data = gappy_rows,
        .after = R"(
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE log (msg TEXT);
CREATE VIEW v_names AS SELECT upper(name) AS name FROM t;
CREATE VIEW v_new AS SELECT count(*) AS n FROM t;
CREATE TRIGGER trg_delete AFTER DELETE ON t BEGIN INSERT INTO log VALUES ('d'); END;
)",
        .probe =
            [](Connection& db) {
                CHECK(rows(db, "SELECT n FROM v_new") == Rows{{"5"}});
                CHECK(rows(db, "SELECT name FROM v_names ORDER BY name LIMIT 1") == Rows{{"A"}});
            },
    });
}

TEST_CASE("round trip: keyword, mixed-case, quoted and non-ASCII identifiers", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = R"(
CREATE TABLE "order" ("group" INTEGER PRIMARY KEY, "select" TEXT, "Mixed Case" TEXT, "a""b" INT);
CREATE INDEX "ix order" ON "order" ("select");
CREATE TABLE "Line Item" (id INTEGER PRIMARY KEY, "order" INT REFERENCES "order" ("group") ON DELETE CASCADE, qty TEXT);
CREATE TABLE café (naïve TEXT, "where" INT);
)",
        .data = R"(
INSERT INTO "order" ("select", "Mixed Case", "a""b") VALUES ('s1', 'm1', 1), ('s2', 'm2', 2), ('s3', 'm3', 3);
DELETE FROM "order" WHERE "group" = 2;
INSERT INTO "Line Item" ("order", qty) VALUES (1, '1'), (3, '2'), (3, NULL);
INSERT INTO café VALUES ('x', 1), ('y', 2);
)",
        .after = R"(
CREATE TABLE "order" ("group" INTEGER PRIMARY KEY, "select" TEXT, "Mixed Case" TEXT NOT NULL DEFAULT 'x', "a""b" TEXT,
                      "from" TEXT);
CREATE INDEX "ix order" ON "order" ("select");
CREATE TABLE "Line Item" (id INTEGER PRIMARY KEY, "order" INT REFERENCES "order" ("group") ON DELETE CASCADE,
                          qty INTEGER, "where" TEXT);
CREATE TABLE café (naïve TEXT NOT NULL, "where" TEXT);
)",
        .probe =
            [](Connection& db) {
                db.execute("DELETE FROM \"order\" WHERE \"group\" = 3", {});
                CHECK(rows(db, "SELECT count(*) FROM \"Line Item\"") == Rows{{"1"}});
            },
    });
    CHECK_THAT(migration.upgrade, Catch::Contains("\"order\""));
    CHECK_THAT(migration.upgrade, Catch::Contains("\"Mixed Case\""));
    CHECK_THAT(migration.upgrade, Catch::Contains("\"a\"\"b\""));
    CHECK_THAT(migration.upgrade, Catch::Contains("CREATE TABLE \"_dbm_new_Line Item\""));
}

TEST_CASE("round trip: a table and one of its columns are renamed together in place", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT); CREATE INDEX ix_a_x ON a (x);",
        .data = "INSERT INTO a (x) VALUES ('one'), ('two'), ('three'); DELETE FROM a WHERE x = 'two';",
        .after = "CREATE TABLE b (id INTEGER PRIMARY KEY, y TEXT); CREATE INDEX ix_a_x ON b (y);",
        .hint =
            [](Schema& s) {
                rename_column(s, "b", "y", "x");
                for (auto& t : s.tables)
                    if (t.name == "b") t.renamed_from = "a";
            },
        .kept = {{"SELECT id, x FROM a ORDER BY id", "SELECT id, y FROM b ORDER BY id"}},
    });
    CHECK(descriptions(migration.operations) ==
          Strings{"renamed table 'a' to 'b'", "renamed column 'b.x' to 'b.y'"});
    CHECK(rebuilds(migration.upgrade) == 0);
    CHECK(rebuilds(migration.downgrade) == 0);
}

TEST_CASE("round trip: a table and one of its columns are renamed while the table is rebuilt",
          "[schema][render][roundtrip]") {
    round_trip({
        .before = "CREATE TABLE a (x TEXT, qty TEXT); CREATE INDEX ix_a_x ON a (x);",
        .data = "INSERT INTO a VALUES ('one', '1'), ('two', '2'), ('three', '3'); DELETE FROM a WHERE x = 'two';",
        .after = "CREATE TABLE b (y TEXT NOT NULL, qty INTEGER); CREATE INDEX ix_a_x ON b (y);",
        .hint =
            [](Schema& s) {
                rename_column(s, "b", "y", "x");
                for (auto& t : s.tables)
                    if (t.name == "b") t.renamed_from = "a";
            },
        .kept = {{"SELECT rowid, x, qty FROM a ORDER BY rowid", "SELECT rowid, y, qty FROM b ORDER BY rowid"}},
    });
}

TEST_CASE("round trip: a renamed parent table stays the target of its child's foreign key",
          "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT);"
                  "CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INT REFERENCES authors (id) ON DELETE CASCADE);",
        .data = "INSERT INTO authors VALUES (1, 'a'), (2, 'b'); INSERT INTO books (author_id) VALUES (1), (2), (2);",
        .after = "CREATE TABLE writers (id INTEGER PRIMARY KEY, name TEXT);"
                 "CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INT REFERENCES writers (id) ON DELETE CASCADE);",
        .hint =
            [](Schema& s) {
                for (auto& t : s.tables)
                    if (t.name == "writers") t.renamed_from = "authors";
            },
        .kept = {{"SELECT id, name FROM authors ORDER BY id", "SELECT id, name FROM writers ORDER BY id"}},
        .probe =
            [](Connection& db) {
                db.execute("DELETE FROM writers WHERE id = 2", {});
                CHECK(rows(db, "SELECT count(*) FROM books") == Rows{{"1"}});
            },
    });
    CHECK(descriptions(migration.operations) == Strings{"renamed table 'authors' to 'writers'"});
}

TEST_CASE("round trip: a parent's key column is renamed while a child refers to it", "[schema][render][roundtrip]") {
    round_trip({
        .before = "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);"
                  "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INT REFERENCES parent (id));",
        .data = "INSERT INTO parent VALUES (1, 'a'), (2, 'b'); INSERT INTO child (parent_id) VALUES (1), (2), (2);",
        .after = "CREATE TABLE parent (ident INTEGER PRIMARY KEY, name TEXT);"
                 "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INT REFERENCES parent (ident));",
        .hint = [](Schema& s) { rename_column(s, "parent", "ident", "id"); },
        .kept = {{"SELECT id, name FROM parent ORDER BY 1", "SELECT ident, name FROM parent ORDER BY 1"}},
        .probe = [](Connection& db) { CHECK_THROWS_AS(db.execute("INSERT INTO child (parent_id) VALUES (9)", {}), dbm::Error); },
    });
}

TEST_CASE("round trip: a column named in a CHECK is renamed", "[schema][render][roundtrip]") {
    round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY, qty INT, CONSTRAINT ck_qty CHECK (qty >= 0));",
        .data = "INSERT INTO t (qty) VALUES (1), (2), (3); DELETE FROM t WHERE qty = 2;",
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY, amount INT, CONSTRAINT ck_qty CHECK (amount >= 0));",
        .hint = [](Schema& s) { rename_column(s, "t", "amount", "qty"); },
        .kept = {{"SELECT id, qty FROM t ORDER BY id", "SELECT id, amount FROM t ORDER BY id"}},
        .probe = [](Connection& db) { CHECK_THROWS_AS(db.execute("INSERT INTO t (amount) VALUES (-1)", {}), dbm::Error); },
    });
}

TEST_CASE("round trip: a UNIQUE column is added by a rebuild", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE t (name TEXT);",
        .data = gappy_rows,
        .after = "CREATE TABLE t (name TEXT, code TEXT UNIQUE);",
    });
    CHECK(rebuilds(migration.upgrade) == 1);
}

TEST_CASE("round trip: a managed trigger on a rebuilt table is recreated once", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = R"(
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, qty TEXT);
CREATE TABLE log (msg TEXT);
CREATE TRIGGER trg_t AFTER UPDATE OF qty ON t BEGIN INSERT INTO log VALUES (old.qty || '->' || new.qty); END;
)",
        .data = gappy_rows + "UPDATE t SET qty = id; DELETE FROM log;",
        .after = R"(
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER);
CREATE TABLE log (msg TEXT);
CREATE TRIGGER trg_t AFTER UPDATE OF qty ON t BEGIN INSERT INTO log VALUES (old.qty || '->' || new.qty); END;
)",
        .probe =
            [](Connection& db) {
                db.execute("UPDATE t SET qty = 10 WHERE id = 1", {});
                CHECK(rows(db, "SELECT msg FROM log") == Rows{{"1->10"}});
            },
    });
    CHECK(count_of(migration.upgrade, "CREATE TRIGGER") == 1);
}

TEST_CASE("round trip: a rebuild keeps the triggers of other tables that write into it", "[schema][render][roundtrip]") {
    round_trip({
        .before = R"(
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE source (x TEXT);
CREATE TRIGGER trg_copy AFTER INSERT ON source BEGIN INSERT INTO t (name) VALUES (new.x); END;
)",
        .data = gappy_rows,
        .after = R"(
CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(10) NOT NULL DEFAULT '');
CREATE TABLE source (x TEXT);
CREATE TRIGGER trg_copy AFTER INSERT ON source BEGIN INSERT INTO t (name) VALUES (new.x); END;
)",
        .probe =
            [](Connection& db) {
                db.execute("INSERT INTO source VALUES ('copied')", {});
                CHECK(rows(db, "SELECT count(*) FROM t WHERE name = 'copied'") == Rows{{"1"}});
            },
    });
}

TEST_CASE("round trip: a dropped table comes back with its index on downgrade", "[schema][render][roundtrip]") {
    const auto migration = round_trip({
        .before = "CREATE TABLE keep (x TEXT); CREATE TABLE legacy (code TEXT, note TEXT);"
                  "CREATE UNIQUE INDEX ix_legacy_code ON legacy (code) WHERE code IS NOT NULL;",
        .data = "INSERT INTO keep VALUES ('k'); INSERT INTO legacy VALUES ('a', 'n');",
        .after = "CREATE TABLE keep (x TEXT);",
    });
    CHECK_THAT(migration.downgrade, Catch::Contains("CREATE UNIQUE INDEX ix_legacy_code ON legacy (code) WHERE code IS NOT NULL;"));
}

TEST_CASE("round trip: a self-referencing table is rebuilt and still cascades", "[schema][render][roundtrip]") {
    round_trip({
        .before = "CREATE TABLE tree (id INTEGER PRIMARY KEY, parent_id INT REFERENCES tree (id) ON DELETE CASCADE, name TEXT);",
        .data = "INSERT INTO tree VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 2, 'b'), (5, NULL, 'other');",
        .after = "CREATE TABLE tree (id INTEGER PRIMARY KEY, parent_id INT REFERENCES tree (id) ON DELETE CASCADE, "
                 "name VARCHAR(20) NOT NULL);",
        .probe =
            [](Connection& db) {
                db.execute("DELETE FROM tree WHERE id = 1", {});
                CHECK(rows(db, "SELECT id FROM tree") == Rows{{"5"}});
            },
    });
}

TEST_CASE("round trip: defaults and checks holding semicolons and comment markers survive a rebuild",
          "[schema][render][roundtrip]") {
    round_trip({
        .before = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, note TEXT DEFAULT 'a;b -- c' "
                  "CHECK (note <> '/* x */;'));",
        .data = gappy_rows,
        .after = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT DEFAULT 'a;b -- c' "
                 "CHECK (note <> '/* x */;'));",
        .probe =
            [](Connection& db) {
                db.execute("INSERT INTO t (name) VALUES ('new')", {});
                CHECK(rows(db, "SELECT note FROM t WHERE name = 'new'") == Rows{{"a;b -- c"}});
            },
    });
}

TEST_CASE("round trip: a dropped table comes back with its unmanaged trigger on downgrade",
          "[schema][render][roundtrip]") {
    round_trip({
        .before = R"(
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE gone (x TEXT);
CREATE TRIGGER trg_gone AFTER INSERT ON gone BEGIN INSERT INTO t (name) VALUES (new.x); END;
)",
        .data = gappy_rows,
        .yaml = R"(tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      name: {type: text}
)",
    });
}

TEST_CASE("round trip: a Flask-Migrate database is brought to the SPEC example models", "[schema][render][roundtrip]") {
    round_trip({
        .before = R"(
CREATE TABLE user (
    id INTEGER NOT NULL,
    username VARCHAR(80) NOT NULL,
    email VARCHAR(120) NOT NULL,
    created_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (username)
);
CREATE INDEX ix_user_email ON user (email);
CREATE TABLE post (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES user (id),
    headline VARCHAR(200) NOT NULL,
    body TEXT
);
)",
        .data = R"(
INSERT INTO user (id, username, email) VALUES (1, 'ann', 'ann@example.com'), (2, 'bob', 'bob@example.com');
INSERT INTO post (user_id, headline, body) VALUES (1, 'one', 'x'), (2, 'two', NULL), (1, 'three', 'z'), (1, 'four', 'w');
DELETE FROM post WHERE headline IN ('two', 'four');
)",
        .yaml = test::spec_models_example,
        .kept = {{"SELECT id, user_id, headline, body FROM post ORDER BY id",
                  "SELECT id, user_id, title, body FROM post ORDER BY id"}},
        .probe =
            [](Connection& db) {
                db.execute("DELETE FROM user WHERE id = 1", {});
                CHECK(rows(db, "SELECT count(*) FROM post") == Rows{{"0"}});
                db.execute("INSERT INTO post (user_id, title) VALUES (2, 'new')", {});
                CHECK(rows(db, "SELECT id FROM post WHERE title = 'new'") == Rows{{"5"}});
            },
    });
}

// --- Rendering details ---------------------------------------------------------------------------

namespace {

Schema yaml(const std::string& text) { return sqlite_schema::parse_models_yaml(text, "models.yaml"); }

std::string render_between(const Schema& from, const Schema& to) {
    return dialect().render(sqlite_schema::compare(from, to), from, to);
}

const std::string base = R"Y(tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      name: {type: text}
      qty: {type: text}
)Y";

}  // namespace

TEST_CASE("sqlite_identifier leaves plain lower-case names bare", "[schema][render]") {
    CHECK(ops::sqlite_identifier("user") == "user");
    CHECK(ops::sqlite_identifier("ix_user_email") == "ix_user_email");
    CHECK(ops::sqlite_identifier("_private2") == "_private2");
}

TEST_CASE("sqlite_identifier quotes keywords, upper case and odd names", "[schema][render]") {
    CHECK(ops::sqlite_identifier("order") == "\"order\"");
    CHECK(ops::sqlite_identifier("select") == "\"select\"");
    CHECK(ops::sqlite_identifier("group") == "\"group\"");
    CHECK(ops::sqlite_identifier("User") == "\"User\"");
    CHECK(ops::sqlite_identifier("a b") == "\"a b\"");
    CHECK(ops::sqlite_identifier("a\"b") == "\"a\"\"b\"");
    CHECK(ops::sqlite_identifier("1st") == "\"1st\"");
    CHECK(ops::sqlite_identifier("a-b") == "\"a-b\"");
    CHECK(ops::sqlite_identifier("café") == "\"café\"");
    CHECK(ops::sqlite_identifier("") == "\"\"");
}

TEST_CASE("render marks a dropped table and a dropped column with WARNING comments", "[schema][render]") {
    const Schema from = yaml(base + "  old:\n    columns:\n      x: integer\n");
    const Schema to = yaml("tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n      name: text\n");
    const std::string sql = render_between(from, to);
    CHECK_THAT(sql, Catch::Contains("-- WARNING: drops table old"));
    CHECK_THAT(sql, Catch::Contains("-- WARNING: drops column qty of t"));
    CHECK_THAT(sql, Catch::Contains("data loss"));
    CHECK(sql.find("-- WARNING: drops table old") < sql.find("DROP TABLE old;"));
}

TEST_CASE("render marks a column dropped inside a rebuild with a WARNING comment", "[schema][render]") {
    const Schema from = yaml(base);
    const Schema to = yaml("tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                           "      name: {type: text, nullable: false, default: x}\n");
    const std::string sql = render_between(from, to);
    CHECK(rebuilds(sql) == 1);
    CHECK_THAT(sql, Catch::Contains("-- WARNING: drops column qty of t"));
}

TEST_CASE("render rebuilds a table once however many of its columns change", "[schema][render]") {
    const Schema from = yaml(base);
    const Schema to = yaml(R"Y(tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      name: {type: string(40), nullable: false, default: ''}
      qty: {type: integer, default: 0}
      added: {type: datetime, default_expr: CURRENT_TIMESTAMP}
    checks:
      ck_qty: qty >= 0
)Y");
    const auto operations = sqlite_schema::compare(from, to);
    CHECK(operations.size() >= 4);
    const std::string sql = dialect().render(operations, from, to);
    CHECK(rebuilds(sql) == 1);
    CHECK(count_of(sql, "DROP TABLE t;") == 1);
}

TEST_CASE("render rebuilds each changed table once", "[schema][render]") {
    const Schema from = yaml(base + "  u:\n    columns:\n      a: text\n      b: text\n");
    const Schema to = yaml(R"Y(tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      name: {type: integer}
      qty: {type: integer}
  u:
    columns:
      a: {type: integer}
      b: {type: integer}
)Y");
    const std::string sql = render_between(from, to);
    CHECK(rebuilds(sql) == 2);
    CHECK(count_of(sql, "CREATE TABLE _dbm_new_t ") + count_of(sql, "CREATE TABLE \"_dbm_new_t\"") == 1);
    CHECK(count_of(sql, "CREATE TABLE _dbm_new_u ") + count_of(sql, "CREATE TABLE \"_dbm_new_u\"") == 1);
}

TEST_CASE("render adds a nullable column with ALTER TABLE ADD COLUMN", "[schema][render]") {
    const Schema from = yaml(base);
    const Schema to = yaml(base + "      note: {type: string(20), collate: NOCASE}\n");
    const std::string sql = render_between(from, to);
    CHECK_THAT(sql, Catch::Contains("ALTER TABLE t ADD COLUMN note VARCHAR(20) COLLATE"));
    CHECK(rebuilds(sql) == 0);
}

TEST_CASE("render adds a column with a foreign key as ADD COLUMN ... REFERENCES, without a rebuild",
          "[schema][render]") {
    const std::string parent = "  p:\n    columns:\n      id: {type: integer, primary_key: true}\n";
    const Schema from = yaml(base + parent);
    std::string wanted = base;
    wanted += "      p_id: {type: integer, references: p.id, on_delete: set null}\n" + parent;
    const Schema to = yaml(wanted);
    const std::string sql = render_between(from, to);
    CHECK_THAT(sql, Catch::Contains("ALTER TABLE t ADD COLUMN p_id INTEGER REFERENCES p (id) ON DELETE SET NULL;"));
    CHECK(rebuilds(sql) == 0);

    auto db = open_memory();
    run_script(*db, dialect().render(sqlite_schema::compare(Schema{}, from), Schema{}, from));
    run_migration(*db, sql);
    CHECK(sqlite_schema::compare(db->introspect({}), to).empty());
}

TEST_CASE("render checks for NULLs before making a column NOT NULL, and stops with the count", "[schema][render]") {
    auto db = open_memory();
    run_script(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, qty TEXT);"
                    "INSERT INTO t (name, qty) VALUES ('a', '1'), (NULL, '2'), ('c', NULL), (NULL, NULL);");
    const Schema current = db->introspect({});
    const Schema wanted = yaml("tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                               "      name: {type: text, nullable: false}\n      qty: {type: text}\n");
    const std::string sql = render_between(current, wanted);
    CHECK_THAT(sql, Catch::Contains("Preflight"));
    CHECK(sql.find("Preflight") < sql.find("_dbm_new_"));
    try {
        run_migration(*db, sql);
        FAIL("the preflight let two NULLs through");
    } catch (const dbm::Error& error) {
        const std::string message = dialect().explain_error(error.what());
        INFO("raw: " << error.what());
        CHECK_THAT(message, Catch::Contains("2 row(s)"));
        CHECK_THAT(message, Catch::Contains("name"));
        CHECK_THAT(message, Catch::Contains("t"));
        CHECK_THAT(message, !Catch::Contains("JSON"));
    }
    // Rolled back: the table is as it was.
    CHECK(sqlite_schema::compare(db->introspect({}), current).empty());
    CHECK(rows(*db, "SELECT count(*) FROM t") == Rows{{"4"}});
}

TEST_CASE("render's preflight message names odd tables and columns as they are", "[schema][render]") {
    auto db = open_memory();
    run_script(*db, "CREATE TABLE \"it's\" (id INTEGER PRIMARY KEY, \"share%\" TEXT);"
                    "INSERT INTO \"it's\" (\"share%\") VALUES ('a'), (NULL), (NULL), (NULL);");
    const Schema current = db->introspect({});
    Schema wanted = current;
    wanted.tables[0].columns[1].nullable = false;
    const std::string sql = render_between(current, wanted);
    try {
        run_migration(*db, sql);
        FAIL("the preflight let three NULLs through");
    } catch (const dbm::Error& error) {
        const std::string message = dialect().explain_error(error.what());
        INFO("raw: " << error.what() << "\nSQL:\n" << sql);
        CHECK_THAT(message, Catch::Contains("3 row(s)"));
        CHECK_THAT(message, Catch::Contains("share%"));
        CHECK_THAT(message, Catch::Contains("it's"));
    }
}

TEST_CASE("render's preflight is silent when no row holds NULL", "[schema][render]") {
    auto db = open_memory();
    run_script(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, qty TEXT);"
                    "INSERT INTO t (name) VALUES ('a'), ('b');");
    const Schema current = db->introspect({});
    const Schema wanted = yaml("tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                               "      name: {type: text, nullable: false}\n      qty: {type: text}\n");
    CHECK_NOTHROW(run_migration(*db, render_between(current, wanted)));
    CHECK(sqlite_schema::compare(db->introspect({}), wanted).empty());
}

TEST_CASE("explain_error leaves other error messages alone", "[schema][render]") {
    CHECK(dialect().explain_error("no such table: x") == "no such table: x");
}

TEST_CASE("create_table_sql and create_index_sql make what the model describes", "[schema][render]") {
    const Schema models = yaml(R"Y(tables:
  p:
    columns:
      id: {type: integer, primary_key: true, autoincrement: true}
  "Odd Table":
    columns:
      k: {type: text, collate: NOCASE}
      v: {type: integer, nullable: false, default: 0, check: v >= 0}
      p_id: {type: integer, references: p.id, on_delete: cascade}
      g: {type: integer, generated: v * 2, stored: true}
      "select": {type: text, unique: true}
    primary_key: [k]
    without_rowid: true
    indexes:
      ix_odd: {columns: [lower(k) DESC, v], unique: true, where: v > 0}
)Y");
    auto db = open_memory();
    for (const Table& table : models.tables) {
        INFO(ops::create_table_sql(table, table.name));
        CHECK_NOTHROW(db->execute(ops::create_table_sql(table, table.name), {}));
        for (const auto& index : table.indexes) CHECK_NOTHROW(db->execute(ops::create_index_sql(index), {}));
    }
    const auto operations = sqlite_schema::compare(db->introspect({}), models);
    INFO(Catch::Detail::stringify(descriptions(operations)));
    CHECK(operations.empty());
}
