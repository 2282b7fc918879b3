// Unit tests for reading a live SQLite schema through the Connection seam
// (src/schema/introspect.hpp).
#include <catch2/catch.hpp>

#include "sqlite/sqlite_rules.hpp"
#include "support.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "dbm/backend.hpp"
#include "dbm/database.hpp"
#include "dbm/error.hpp"
#include "schema/ignored_tables.hpp"
#include "util/text.hpp"
#include "sqlite/introspect.hpp"

using dbm::Column;
using dbm::Connection;
using dbm::ForeignKey;
using dbm::Index;
using dbm::IntrospectOptions;
using dbm::Schema;
using dbm::Table;

namespace {

using Strings = std::vector<std::string>;


std::unique_ptr<Connection> database(const std::string& sql) {
    auto connection = dbm::open_scratch("sqlite");
    for (const auto& statement : dbm::backend_for("sqlite").dialect().split_statements(sql)) connection->execute(statement.text, {});
    return connection;
}

Schema introspect(const std::string& sql, const IntrospectOptions& options = {}) {
    return database(sql)->introspect(options);
}

using test::column;
using test::index;
using test::table;

Strings table_names(const Schema& schema) {
    Strings names;
    for (const auto& t : schema.tables) names.push_back(t.name);
    std::sort(names.begin(), names.end());
    return names;
}

bool has_unique(const Table& t, const std::optional<std::string>& name, const Strings& columns) {
    return std::any_of(t.uniques.begin(), t.uniques.end(),
                       [&](const auto& unique) { return unique.name == name && unique.columns == columns; });
}

}  // namespace

TEST_CASE("introspect reads columns with their declared type, NOT NULL, default and collation", "[schema][introspect]") {
    const Schema schema = introspect(
        "CREATE TABLE t (id INTEGER, name VARCHAR(80) NOT NULL DEFAULT 'abc', qty NUMERIC(10, 2) DEFAULT 0, "
        "created DATETIME DEFAULT CURRENT_TIMESTAMP, total INT DEFAULT (1+1), tag TEXT COLLATE NOCASE, neg INT DEFAULT -5, "
        "untyped)");
    const Table& t = table(schema, "t");
    REQUIRE(t.columns.size() == 8);
    CHECK(t.columns[0].name == "id");
    CHECK(t.columns[7].name == "untyped");
    CHECK(column(t, "id").type == "INTEGER");
    CHECK(column(t, "id").nullable);
    CHECK_FALSE(column(t, "id").default_sql);
    CHECK(column(t, "name").type == "VARCHAR(80)");
    CHECK_FALSE(column(t, "name").nullable);
    CHECK(column(t, "name").default_sql == "'abc'");
    CHECK(column(t, "qty").type == "NUMERIC(10, 2)");
    CHECK(column(t, "qty").default_sql == "0");
    CHECK(column(t, "created").default_sql == "CURRENT_TIMESTAMP");
    // As SQL that may follow DEFAULT again: an expression keeps its parentheses.
    CHECK(column(t, "total").default_sql.value_or("<none>") == "(1+1)");
    CHECK(column(t, "neg").default_sql == "-5");
    CHECK(column(t, "tag").collate == "NOCASE");
    CHECK_FALSE(column(t, "name").collate);
    CHECK(column(t, "untyped").type.empty());
    CHECK_FALSE(t.primary_key);
    CHECK_FALSE(t.sqlite.without_rowid);
    CHECK_FALSE(t.sqlite.strict);
}

TEST_CASE("introspect reads a composite primary key in key order, not column order", "[schema][introspect]") {
    const Table& t = table(introspect("CREATE TABLE t (a INT, b TEXT, c INT, CONSTRAINT pk_t PRIMARY KEY (c, a))"), "t");
    REQUIRE(t.primary_key);
    CHECK(t.primary_key->columns == Strings{"c", "a"});
    CHECK(t.primary_key->name == "pk_t");
    CHECK_FALSE(t.primary_key->autoincrement);
}

TEST_CASE("introspect reads a rowid-alias primary key and AUTOINCREMENT", "[schema][introspect]") {
    const Schema schema = introspect("CREATE TABLE plain (id INTEGER PRIMARY KEY, x);"
                                     "CREATE TABLE counted (id INTEGER PRIMARY KEY AUTOINCREMENT, x);");
    const Table& plain = table(schema, "plain");
    REQUIRE(plain.primary_key);
    CHECK(plain.primary_key->columns == Strings{"id"});
    CHECK_FALSE(plain.primary_key->autoincrement);
    const Table& counted = table(schema, "counted");
    REQUIRE(counted.primary_key);
    CHECK(counted.primary_key->autoincrement);
    // sqlite_sequence is SQLite's own table, not the application's.
    CHECK(table_names(schema) == Strings{"counted", "plain"});
}

TEST_CASE("introspect reads unique constraints with and without names", "[schema][introspect]") {
    const Table& t = table(
        introspect("CREATE TABLE t (a TEXT UNIQUE, b TEXT, c TEXT, d TEXT CONSTRAINT uq_d UNIQUE, "
                   "UNIQUE (b, c), CONSTRAINT uq_cb UNIQUE (c, b))"),
        "t");
    CHECK(t.uniques.size() == 4);
    CHECK(has_unique(t, std::nullopt, {"a"}));
    CHECK(has_unique(t, std::nullopt, {"b", "c"}));
    CHECK(has_unique(t, std::string("uq_d"), {"d"}));
    CHECK(has_unique(t, std::string("uq_cb"), {"c", "b"}));
    CHECK(t.indexes.empty());
}

TEST_CASE("introspect reads CHECK constraints with their names", "[schema][introspect]") {
    const Table& t = table(
        introspect("CREATE TABLE t (qty INT CHECK (qty >= 0), name TEXT, CONSTRAINT ck_name CHECK (length(name) > 0))"), "t");
    REQUIRE(t.checks.size() == 2);
    CHECK_FALSE(t.checks[0].name);
    CHECK(t.checks[0].expression == "qty >= 0");
    CHECK(t.checks[1].name == "ck_name");
    CHECK(t.checks[1].expression == "length(name) > 0");
}

TEST_CASE("introspect reads foreign keys: composite, actions, deferrable and implicit columns", "[schema][introspect]") {
    const Schema schema = introspect(R"(
CREATE TABLE p (x INT, y INT, PRIMARY KEY (x, y));
CREATE TABLE q (id INTEGER PRIMARY KEY);
CREATE TABLE c (
    a INT, b INT, q_id INT REFERENCES q DEFERRABLE INITIALLY DEFERRED, r INT,
    CONSTRAINT fk_ab FOREIGN KEY (a, b) REFERENCES p (x, y) ON DELETE CASCADE ON UPDATE SET NULL,
    FOREIGN KEY (r) REFERENCES q (id) ON DELETE RESTRICT
);
)");
    const Table& c = table(schema, "c");
    REQUIRE(c.foreign_keys.size() == 3);
    const auto find = [&](const Strings& columns) -> const ForeignKey& {
        for (const auto& key : c.foreign_keys)
            if (key.columns == columns) return key;
        FAIL("no foreign key on " << columns.front());
        throw std::logic_error("unreachable");
    };
    const ForeignKey& ab = find({"a", "b"});
    CHECK(ab.name == "fk_ab");
    CHECK(ab.referred_table == "p");
    CHECK(ab.referred_columns == Strings{"x", "y"});
    CHECK(ab.on_delete == "CASCADE");
    CHECK(ab.on_update == "SET NULL");
    CHECK_FALSE(ab.deferrable);
    const ForeignKey& implicit = find({"q_id"});
    CHECK(implicit.referred_table == "q");
    CHECK(implicit.referred_columns.empty());
    CHECK(implicit.deferrable);
    CHECK(implicit.on_delete == "NO ACTION");
    CHECK_FALSE(implicit.name);
    const ForeignKey& r = find({"r"});
    CHECK(r.referred_columns == Strings{"id"});
    CHECK(r.on_delete == "RESTRICT");
}

TEST_CASE("introspect keeps foreign keys in declaration order", "[schema][introspect]") {
    const Table& c = table(introspect("CREATE TABLE p (id INTEGER PRIMARY KEY);"
                                      "CREATE TABLE c (a REFERENCES p, b REFERENCES p, d REFERENCES p)"),
                           "c");
    REQUIRE(c.foreign_keys.size() == 3);
    CHECK(c.foreign_keys[0].columns == Strings{"a"});
    CHECK(c.foreign_keys[1].columns == Strings{"b"});
    CHECK(c.foreign_keys[2].columns == Strings{"d"});
}

TEST_CASE("introspect reads CREATE INDEX indexes with WHERE, expressions, DESC and COLLATE", "[schema][introspect]") {
    const Table& t = table(introspect(R"(
CREATE TABLE t (email TEXT, name TEXT, deleted INT);
CREATE INDEX ix_t_name ON t (name COLLATE NOCASE DESC);
CREATE UNIQUE INDEX ix_t_email_live ON t (lower(email)) WHERE deleted IS NULL;
)"),
                           "t");
    REQUIRE(t.indexes.size() == 2);
    const Index& name = index(t, "ix_t_name");
    CHECK(name.table == "t");
    CHECK_FALSE(name.unique);
    REQUIRE(name.columns.size() == 1);
    CHECK(name.columns[0].expression == "name");
    CHECK(name.columns[0].descending);
    CHECK(name.columns[0].collate == "NOCASE");
    const Index& live = index(t, "ix_t_email_live");
    CHECK(live.unique);
    CHECK(live.where == "deleted IS NULL");
    REQUIRE(live.columns.size() == 1);
    CHECK(live.columns[0].expression == "lower(email)");
    CHECK(live.columns[0].is_expression);
    CHECK(t.uniques.empty());
}

TEST_CASE("introspect leaves the indexes behind PRIMARY KEY and UNIQUE out of indexes", "[schema][introspect]") {
    const Table& t = table(introspect("CREATE TABLE t (a TEXT PRIMARY KEY, b TEXT UNIQUE)"), "t");
    CHECK(t.indexes.empty());
    CHECK(t.uniques.size() == 1);
}

TEST_CASE("introspect reads generated columns, virtual and stored", "[schema][introspect]") {
    const Table& t = table(introspect("CREATE TABLE t (a INT, v INT GENERATED ALWAYS AS (a * 2) VIRTUAL, "
                                      "s TEXT AS (a || 'x') STORED)"),
                           "t");
    REQUIRE(t.columns.size() == 3);
    CHECK(column(t, "v").generated == "a * 2");
    CHECK_FALSE(column(t, "v").generated_stored);
    CHECK(column(t, "v").type == "INT");
    CHECK(column(t, "s").generated == "a || 'x'");
    CHECK(column(t, "s").generated_stored);
    CHECK_FALSE(column(t, "a").generated);
}

TEST_CASE("introspect reads WITHOUT ROWID and STRICT", "[schema][introspect]") {
    const Schema schema = introspect("CREATE TABLE w (k TEXT PRIMARY KEY, v INT) WITHOUT ROWID;"
                                     "CREATE TABLE s (id INTEGER PRIMARY KEY, v TEXT) STRICT;"
                                     "CREATE TABLE b (k INT PRIMARY KEY, v ANY) STRICT, WITHOUT ROWID;");
    CHECK(table(schema, "w").sqlite.without_rowid);
    CHECK_FALSE(table(schema, "w").sqlite.strict);
    CHECK(table(schema, "s").sqlite.strict);
    CHECK_FALSE(table(schema, "s").sqlite.without_rowid);
    CHECK(table(schema, "b").sqlite.strict);
    CHECK(table(schema, "b").sqlite.without_rowid);
    REQUIRE(table(schema, "w").primary_key);
    CHECK(table(schema, "w").primary_key->columns == Strings{"k"});
}

TEST_CASE("introspect reads views and triggers with their SQL", "[schema][introspect]") {
    const Schema schema = introspect(R"(
CREATE TABLE t (a INT);
CREATE TABLE log (msg TEXT);
CREATE VIEW v_t AS SELECT a FROM t;
CREATE TRIGGER trg_t AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('x'); END;
)");
    REQUIRE(schema.views.size() == 1);
    CHECK(schema.views[0].name == "v_t");
    CHECK(schema.views[0].sql == "CREATE VIEW v_t AS SELECT a FROM t");
    REQUIRE(schema.triggers.size() == 1);
    CHECK(schema.triggers[0].name == "trg_t");
    CHECK(schema.triggers[0].table == "t");
    CHECK_THAT(schema.triggers[0].sql, Catch::StartsWith("CREATE TRIGGER trg_t AFTER INSERT ON t"));
    CHECK(table_names(schema) == Strings{"log", "t"});
}

TEST_CASE("introspect reads quoted, keyword and odd table and column names", "[schema][introspect]") {
    const Schema schema = introspect("CREATE TABLE \"order\" (\"group\" INT, [select] TEXT, \"a b\" INT, \"x\"\"y\" INT, "
                                     "\"Mixed\" TEXT UNIQUE, CHECK (\"group\" > 0));"
                                     "CREATE INDEX \"ix odd\" ON \"order\" (\"a b\")");
    const Table& t = table(schema, "order");
    CHECK(t.columns.size() == 5);
    CHECK(column(t, "group").type == "INT");
    CHECK(column(t, "select").type == "TEXT");
    CHECK(column(t, "a b").type == "INT");
    CHECK(column(t, "x\"y").type == "INT");
    CHECK(has_unique(t, std::nullopt, {"Mixed"}));
    REQUIRE(t.checks.size() == 1);
    const Index& odd = index(t, "ix odd");
    REQUIRE(odd.columns.size() == 1);
    CHECK(odd.columns[0].expression == "a b");
    CHECK_FALSE(odd.columns[0].is_expression);
}

TEST_CASE("introspect leaves out skip_tables and the triggers on them", "[schema][introspect]") {
    const IntrospectOptions options{{"dbm_version", "DBM_LOG"}, {}};
    const Schema schema = introspect(R"(
CREATE TABLE dbm_version (version_num VARCHAR(32) PRIMARY KEY);
CREATE TABLE dbm_log (revision TEXT);
CREATE TABLE app (a INT);
CREATE TRIGGER trg_version AFTER INSERT ON dbm_version BEGIN SELECT 1; END;
CREATE TRIGGER trg_app AFTER INSERT ON app BEGIN SELECT 1; END;
)",
                                     options);
    CHECK(table_names(schema) == Strings{"app"});
    REQUIRE(schema.triggers.size() == 1);
    CHECK(schema.triggers[0].name == "trg_app");
}

TEST_CASE("introspect leaves out tables matching ignore_patterns globs and their triggers", "[schema][introspect]") {
    const IntrospectOptions options{{}, {"tmp_*", "cache_?"}};
    const Schema schema = introspect(R"(
CREATE TABLE tmp_import (a INT);
CREATE TABLE tmp_ (a INT);
CREATE TABLE cache_1 (a INT);
CREATE TABLE cache_12 (a INT);
CREATE TABLE keep_tmp_x (a INT);
CREATE TRIGGER trg_tmp AFTER INSERT ON tmp_import BEGIN SELECT 1; END;
CREATE TRIGGER trg_keep AFTER INSERT ON keep_tmp_x BEGIN SELECT 1; END;
)",
                                     options);
    CHECK(table_names(schema) == Strings{"cache_12", "keep_tmp_x"});
    REQUIRE(schema.triggers.size() == 1);
    CHECK(schema.triggers[0].name == "trg_keep");
}

TEST_CASE("is_ignored_table matches skip_tables ignoring case and patterns as globs", "[schema][introspect]") {
    const IntrospectOptions options{{"dbm_version"}, {"tmp_*", "[ab]_log"}};
    CHECK(dbm::schema::is_ignored_table("dbm_version", options, dbm::sqlite::rules()));
    CHECK(dbm::schema::is_ignored_table("DBM_Version", options, dbm::sqlite::rules()));
    CHECK(dbm::schema::is_ignored_table("tmp_x", options, dbm::sqlite::rules()));
    CHECK(dbm::schema::is_ignored_table("a_log", options, dbm::sqlite::rules()));
    CHECK_FALSE(dbm::schema::is_ignored_table("c_log", options, dbm::sqlite::rules()));
    CHECK_FALSE(dbm::schema::is_ignored_table("user", options, dbm::sqlite::rules()));
}

TEST_CASE("introspect leaves out virtual tables and their shadow tables", "[schema][introspect]") {
    auto connection = database("CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT)");
    try {
        connection->execute("CREATE VIRTUAL TABLE f USING fts5(x)", {});
    } catch (const dbm::Error& error) {
        WARN("fts5 is not available, skipped: " << error.what());
        return;
    }
    const Schema schema = connection->introspect({});
    CHECK(table_names(schema) == Strings{"docs"});
}

TEST_CASE("introspect of an empty database is an empty schema", "[schema][introspect]") {
    const Schema schema = introspect("");
    CHECK(schema.tables.empty());
    CHECK(schema.views.empty());
    CHECK(schema.triggers.empty());
}

TEST_CASE("introspect leaves out temporary tables", "[schema][introspect]") {
    const Schema schema = introspect("CREATE TABLE kept (a INT); CREATE TEMP TABLE scratch (a INT);");
    CHECK(table_names(schema) == Strings{"kept"});
}

TEST_CASE("introspect reads tables that ALTER TABLE changed", "[schema][introspect]") {
    const Schema schema = introspect("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);"
                                     "ALTER TABLE t ADD COLUMN note VARCHAR(20) DEFAULT 'n' COLLATE NOCASE;"
                                     "ALTER TABLE t RENAME COLUMN name TO \"Full Name\";"
                                     "ALTER TABLE t RENAME TO \"My T\";");
    const Table& t = table(schema, "My T");
    REQUIRE(t.columns.size() == 3);
    CHECK(t.columns[1].name == "Full Name");
    CHECK(column(t, "note").type == "VARCHAR(20)");
    CHECK(column(t, "note").default_sql == "'n'");
    CHECK(column(t, "note").collate == "NOCASE");
}

TEST_CASE("introspect lists tables by name compared bytewise as UTF-8, also in a UTF-16 database",
          "[schema][introspect]") {
    // U+FF21 (UTF-8 EF BC A1) sorts before U+1F600 (F0 9F 98 80) as UTF-8, after it as
    // UTF-16BE (FF21 against the surrogate D83D): the order must not follow the encoding.
    const std::string fullwidth_a = "\xEF\xBC\xA1";
    const std::string grinning = "\xF0\x9F\x98\x80";
    for (const std::string encoding : {"UTF-8", "UTF-16be", "UTF-16le"}) {
        const auto connection = database("PRAGMA encoding = '" + encoding + "';\nCREATE TABLE \"" + grinning +
                                         "\" (x);\nCREATE TABLE b (y, z);\nCREATE TABLE \"" + fullwidth_a + "\" (x);\n");
        REQUIRE(dbm::text::iequals(connection->query("PRAGMA encoding")[0].text(0), encoding));
        const Schema schema = connection->introspect({});
        Strings names;
        for (const Table& table : schema.tables) names.push_back(table.name);
        INFO(encoding);
        CHECK(names == Strings{"b", fullwidth_a, grinning});
        REQUIRE(schema.tables.size() == 3);
        CHECK(schema.tables[0].columns.size() == 2);  // each table's own columns, however the rows came
        CHECK(schema.tables[2].columns.size() == 1);
    }
}

TEST_CASE("a read snapshot of a connection opened to read keeps a small page cache; one that may write keeps SQLite's",
          "[schema][introspect]") {
    const test::TempDir dir;
    const dbm::DatabaseUrl url = dbm::parse_database_url("sqlite:///" + (dir.path() / "app.db").string(), dir.path());
    {
        const auto writer = dbm::open_connection(url, {dbm::OpenOptions::Mode::read_write, 1000});
        writer->execute("CREATE TABLE t (x)", {});
    }
    const auto cache_size = [](Connection& connection) { return connection.query("PRAGMA cache_size", {})[0].integer(0); };
    const auto reader = dbm::open_connection(url, {dbm::OpenOptions::Mode::read_only, 1000});
    const auto writer = dbm::open_connection(url, {dbm::OpenOptions::Mode::read_write, 1000});
    const std::int64_t sqlite_default = cache_size(*writer);
    CHECK(cache_size(*reader) == sqlite_default);  // nothing changes before a snapshot
    {
        const dbm::ReadSnapshot snapshot(*reader);
        CHECK(cache_size(*reader) == -256);
        CHECK(reader->introspect({}).tables.size() == 1);
    }
    {
        const dbm::ReadSnapshot snapshot(*writer);
        CHECK(cache_size(*writer) == sqlite_default);
    }
    CHECK(sqlite_default != -256);
}
