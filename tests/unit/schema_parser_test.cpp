// Unit tests for reading CREATE TABLE and CREATE INDEX statements into the schema model
// (src/sqlite/sql_parser.hpp).
#include <catch2/catch.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sqlite/sqlite_rules.hpp"
#include "sqlite/sql_parser.hpp"

using dbm::Column;
using dbm::ForeignKey;
using dbm::Index;
using dbm::Table;
using dbm::sql::parse_create_index;
using dbm::sql::parse_create_table;
using dbm::sql::SqlSyntaxError;

namespace {

const Column& column(const Table& table, const std::string& name) {
    const Column* found = table.find_column(name, dbm::sqlite::rules());
    if (!found) FAIL("no column " << name << " in " << table.name);
    return *found;
}

std::vector<std::string> column_names(const Table& table) {
    std::vector<std::string> names;
    for (const auto& c : table.columns) names.push_back(c.name);
    return names;
}

using Strings = std::vector<std::string>;

}  // namespace

// --- CREATE TABLE: columns --------------------------------------------------------------------

TEST_CASE("parse_create_table reads the table name and the columns in order", "[schema][parser]") {
    const Table table = parse_create_table("CREATE TABLE user (id INTEGER, name TEXT, email TEXT)");
    CHECK(table.name == "user");
    CHECK(column_names(table) == Strings{"id", "name", "email"});
    CHECK_FALSE(table.primary_key);
    CHECK(table.uniques.empty());
    CHECK(table.checks.empty());
    CHECK(table.foreign_keys.empty());
    CHECK_FALSE(table.sqlite.without_rowid);
    CHECK_FALSE(table.sqlite.strict);
}

TEST_CASE("parse_create_table keeps declared types as written, with their arguments", "[schema][parser]") {
    const Table table = parse_create_table(
        "CREATE TABLE t (a VARCHAR(80), b NUMERIC(10, 2), c UNSIGNED BIG INT, d, e double precision NOT NULL, "
        "f INTEGER)");
    CHECK(column(table, "a").type == "VARCHAR(80)");
    CHECK(column(table, "b").type == "NUMERIC(10, 2)");
    CHECK(column(table, "c").type == "UNSIGNED BIG INT");
    CHECK(column(table, "d").type.empty());
    CHECK(column(table, "e").type == "double precision");
    CHECK(column(table, "f").type == "INTEGER");
}

TEST_CASE("parse_create_table reads a column without a type followed by a constraint", "[schema][parser]") {
    const Table table = parse_create_table("CREATE TABLE t (a NOT NULL, b DEFAULT 3, c PRIMARY KEY)");
    CHECK(column(table, "a").type.empty());
    CHECK_FALSE(column(table, "a").nullable);
    CHECK(column(table, "b").type.empty());
    CHECK(column(table, "b").default_sql == "3");
    CHECK(column(table, "c").type.empty());
    REQUIRE(table.primary_key);
    CHECK(table.primary_key->columns == Strings{"c"});
}

TEST_CASE("parse_create_table reads NOT NULL and an explicit NULL", "[schema][parser]") {
    const Table table = parse_create_table("CREATE TABLE t (a TEXT NOT NULL, b TEXT NULL, c TEXT)");
    CHECK_FALSE(column(table, "a").nullable);
    CHECK(column(table, "b").nullable);
    CHECK(column(table, "c").nullable);
}

TEST_CASE("parse_create_table keeps DEFAULT values as their SQL text", "[schema][parser]") {
    const Table table = parse_create_table(
        "CREATE TABLE t (a TEXT DEFAULT 'it''s', b INT DEFAULT 0, c INT DEFAULT -1, d REAL DEFAULT +1.5, "
        "e DATETIME DEFAULT CURRENT_TIMESTAMP, f INT DEFAULT (1 + 1), g TEXT DEFAULT NULL, h BLOB DEFAULT x'00ff', "
        "i INT DEFAULT (abs(-3) * (2)), j BOOLEAN DEFAULT TRUE)");
    CHECK(column(table, "a").default_sql == "'it''s'");
    CHECK(column(table, "b").default_sql == "0");
    CHECK(column(table, "c").default_sql == "-1");
    CHECK(column(table, "d").default_sql == "+1.5");
    CHECK(column(table, "e").default_sql == "CURRENT_TIMESTAMP");
    CHECK(column(table, "f").default_sql == "(1 + 1)");
    CHECK(column(table, "g").default_sql == "NULL");
    CHECK(column(table, "h").default_sql == "x'00ff'");
    CHECK(column(table, "i").default_sql == "(abs(-3) * (2))");
    CHECK(column(table, "j").default_sql == "TRUE");
}

TEST_CASE("parse_create_table leaves default_sql empty for a column without DEFAULT", "[schema][parser]") {
    const Table table = parse_create_table("CREATE TABLE t (a TEXT NOT NULL)");
    CHECK_FALSE(column(table, "a").default_sql);
}

TEST_CASE("parse_create_table reads COLLATE on a column", "[schema][parser]") {
    const Table table = parse_create_table("CREATE TABLE t (a TEXT COLLATE NOCASE NOT NULL, b TEXT COLLATE \"rtrim\", c TEXT)");
    CHECK(column(table, "a").collate == "NOCASE");
    CHECK_FALSE(column(table, "a").nullable);
    CHECK(column(table, "b").collate == "rtrim");
    CHECK_FALSE(column(table, "c").collate);
}

TEST_CASE("parse_create_table reads a column PRIMARY KEY with and without AUTOINCREMENT", "[schema][parser]") {
    const Table plain = parse_create_table("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    REQUIRE(plain.primary_key);
    CHECK(plain.primary_key->columns == Strings{"id"});
    CHECK_FALSE(plain.primary_key->autoincrement);
    CHECK_FALSE(plain.primary_key->name);

    const Table auto_key = parse_create_table("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)");
    REQUIRE(auto_key.primary_key);
    CHECK(auto_key.primary_key->columns == Strings{"id"});
    CHECK(auto_key.primary_key->autoincrement);

    const Table named = parse_create_table("CREATE TABLE t (id INTEGER CONSTRAINT pk_t PRIMARY KEY DESC)");
    REQUIRE(named.primary_key);
    CHECK(named.primary_key->name == "pk_t");
}

TEST_CASE("parse_create_table reads column UNIQUE and CHECK as table constraints", "[schema][parser]") {
    const Table table = parse_create_table(
        "CREATE TABLE t (a TEXT UNIQUE, b INT CHECK (b > 0), c INT CONSTRAINT uq_c UNIQUE CONSTRAINT ck_c CHECK(c <> 1))");
    REQUIRE(table.uniques.size() == 2);
    CHECK_FALSE(table.uniques[0].name);
    CHECK(table.uniques[0].columns == Strings{"a"});
    CHECK(table.uniques[1].name == "uq_c");
    CHECK(table.uniques[1].columns == Strings{"c"});
    REQUIRE(table.checks.size() == 2);
    CHECK_FALSE(table.checks[0].name);
    CHECK(table.checks[0].expression == "b > 0");
    CHECK(table.checks[1].name == "ck_c");
    CHECK(table.checks[1].expression == "c <> 1");
}

TEST_CASE("parse_create_table keeps a CHECK expression with nested parentheses whole", "[schema][parser]") {
    const Table table = parse_create_table("CREATE TABLE t (a INT, CHECK ((a > 0) AND (length(a) < 5)))");
    REQUIRE(table.checks.size() == 1);
    CHECK(table.checks[0].expression == "(a > 0) AND (length(a) < 5)");
}

TEST_CASE("parse_create_table reads a column REFERENCES with actions and deferral", "[schema][parser]") {
    const Table table = parse_create_table(
        "CREATE TABLE t (a INT REFERENCES p(id) ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED, "
        "b INT CONSTRAINT fk_b REFERENCES q ON UPDATE RESTRICT ON DELETE SET DEFAULT, "
        "c INT REFERENCES r (x) MATCH FULL ON DELETE NO ACTION NOT DEFERRABLE)");
    REQUIRE(table.foreign_keys.size() == 3);
    const ForeignKey& a = table.foreign_keys[0];
    CHECK(a.columns == Strings{"a"});
    CHECK(a.referred_table == "p");
    CHECK(a.referred_columns == Strings{"id"});
    CHECK(a.on_delete == "CASCADE");
    CHECK(a.on_update == "SET NULL");
    CHECK(a.deferrable);
    CHECK_FALSE(a.name);
    const ForeignKey& b = table.foreign_keys[1];
    CHECK(b.name == "fk_b");
    CHECK(b.referred_table == "q");
    CHECK(b.referred_columns.empty());
    CHECK(b.on_update == "RESTRICT");
    CHECK(b.on_delete == "SET DEFAULT");
    CHECK_FALSE(b.deferrable);
    const ForeignKey& c = table.foreign_keys[2];
    CHECK(c.on_delete == "NO ACTION");
    CHECK(c.on_update == "NO ACTION");
    CHECK_FALSE(c.deferrable);
}

TEST_CASE("parse_create_table counts only DEFERRABLE INITIALLY DEFERRED as deferred", "[schema][parser]") {
    CHECK_FALSE(parse_create_table("CREATE TABLE t (a REFERENCES p DEFERRABLE)").foreign_keys.at(0).deferrable);
    CHECK_FALSE(
        parse_create_table("CREATE TABLE t (a REFERENCES p DEFERRABLE INITIALLY IMMEDIATE)").foreign_keys.at(0).deferrable);
    CHECK_FALSE(
        parse_create_table("CREATE TABLE t (a REFERENCES p NOT DEFERRABLE INITIALLY DEFERRED)").foreign_keys.at(0).deferrable);
    CHECK(parse_create_table("CREATE TABLE t (a REFERENCES p DEFERRABLE INITIALLY DEFERRED)").foreign_keys.at(0).deferrable);
}

TEST_CASE("parse_create_table reads GENERATED ALWAYS AS columns, stored or virtual", "[schema][parser]") {
    const Table table = parse_create_table(
        "CREATE TABLE t (a INT, b INT GENERATED ALWAYS AS (a * 2) STORED, c INT GENERATED ALWAYS AS (a + (1)) VIRTUAL, "
        "d INT AS (a || 'x'), e TEXT AS (upper(a)) STORED NOT NULL)");
    CHECK_FALSE(column(table, "a").generated);
    CHECK(column(table, "b").generated == "a * 2");
    CHECK(column(table, "b").generated_stored);
    CHECK(column(table, "c").generated == "a + (1)");
    CHECK_FALSE(column(table, "c").generated_stored);
    CHECK(column(table, "d").generated == "a || 'x'");
    CHECK_FALSE(column(table, "d").generated_stored);
    CHECK(column(table, "e").generated == "upper(a)");
    CHECK(column(table, "e").generated_stored);
    CHECK_FALSE(column(table, "e").nullable);
}

// --- CREATE TABLE: table constraints and options ----------------------------------------------

TEST_CASE("parse_create_table reads named and unnamed table constraints", "[schema][parser]") {
    const Table table = parse_create_table(
        "CREATE TABLE t (a INT, b INT, c TEXT, d INT, e INT,\n"
        "  CONSTRAINT pk_t PRIMARY KEY (a, b),\n"
        "  UNIQUE (c),\n"
        "  CONSTRAINT uq_cd UNIQUE (c, d),\n"
        "  CONSTRAINT ck_a CHECK (a >= 0),\n"
        "  CHECK (b < 10),\n"
        "  CONSTRAINT fk_de FOREIGN KEY (d, e) REFERENCES p (x, y) ON DELETE CASCADE,\n"
        "  FOREIGN KEY (e) REFERENCES q)");
    CHECK(column_names(table) == Strings{"a", "b", "c", "d", "e"});
    REQUIRE(table.primary_key);
    CHECK(table.primary_key->name == "pk_t");
    CHECK(table.primary_key->columns == Strings{"a", "b"});
    CHECK_FALSE(table.primary_key->autoincrement);
    REQUIRE(table.uniques.size() == 2);
    CHECK_FALSE(table.uniques[0].name);
    CHECK(table.uniques[0].columns == Strings{"c"});
    CHECK(table.uniques[1].name == "uq_cd");
    CHECK(table.uniques[1].columns == Strings{"c", "d"});
    REQUIRE(table.checks.size() == 2);
    CHECK(table.checks[0].name == "ck_a");
    CHECK(table.checks[0].expression == "a >= 0");
    CHECK_FALSE(table.checks[1].name);
    CHECK(table.checks[1].expression == "b < 10");
    REQUIRE(table.foreign_keys.size() == 2);
    CHECK(table.foreign_keys[0].name == "fk_de");
    CHECK(table.foreign_keys[0].columns == Strings{"d", "e"});
    CHECK(table.foreign_keys[0].referred_table == "p");
    CHECK(table.foreign_keys[0].referred_columns == Strings{"x", "y"});
    CHECK(table.foreign_keys[0].on_delete == "CASCADE");
    CHECK_FALSE(table.foreign_keys[1].name);
    CHECK(table.foreign_keys[1].columns == Strings{"e"});
    CHECK(table.foreign_keys[1].referred_columns.empty());
}

TEST_CASE("parse_create_table reads key columns with COLLATE and ASC/DESC as plain names", "[schema][parser]") {
    const Table table = parse_create_table("CREATE TABLE t (a TEXT, b INT, PRIMARY KEY (a COLLATE NOCASE DESC, b ASC))");
    REQUIRE(table.primary_key);
    CHECK(table.primary_key->columns == Strings{"a", "b"});
}

TEST_CASE("parse_create_table ignores ON CONFLICT clauses", "[schema][parser]") {
    const Table table = parse_create_table(
        "CREATE TABLE t (id INTEGER PRIMARY KEY ON CONFLICT REPLACE AUTOINCREMENT, "
        "a TEXT NOT NULL ON CONFLICT IGNORE UNIQUE ON CONFLICT FAIL, b INT NULL ON CONFLICT ABORT, c INT, "
        "UNIQUE (b, c) ON CONFLICT ROLLBACK)");
    CHECK(column_names(table) == Strings{"id", "a", "b", "c"});
    REQUIRE(table.primary_key);
    CHECK(table.primary_key->autoincrement);
    CHECK_FALSE(column(table, "a").nullable);
    REQUIRE(table.uniques.size() == 2);
    CHECK(table.uniques[0].columns == Strings{"a"});
    CHECK(table.uniques[1].columns == Strings{"b", "c"});

    const Table keyed = parse_create_table("CREATE TABLE t (a, b, PRIMARY KEY (a, b) ON CONFLICT IGNORE, CHECK (a > 0))");
    REQUIRE(keyed.primary_key);
    CHECK(keyed.primary_key->columns == Strings{"a", "b"});
    CHECK(keyed.checks.size() == 1);
}

TEST_CASE("parse_create_table reads WITHOUT ROWID and STRICT alone and together", "[schema][parser]") {
    const Table without = parse_create_table("CREATE TABLE t (a INT PRIMARY KEY) WITHOUT ROWID");
    CHECK(without.sqlite.without_rowid);
    CHECK_FALSE(without.sqlite.strict);
    const Table strict = parse_create_table("CREATE TABLE t (a INT) STRICT");
    CHECK(strict.sqlite.strict);
    CHECK_FALSE(strict.sqlite.without_rowid);
    const Table both = parse_create_table("CREATE TABLE t (a INT PRIMARY KEY) STRICT, WITHOUT ROWID;");
    CHECK(both.sqlite.strict);
    CHECK(both.sqlite.without_rowid);
    const Table other_order = parse_create_table("create table t (a int primary key) without rowid, strict");
    CHECK(other_order.sqlite.strict);
    CHECK(other_order.sqlite.without_rowid);
}

TEST_CASE("parse_create_table reads quoted and keyword names in every quoting style", "[schema][parser]") {
    const Table table = parse_create_table(
        "CREATE TABLE \"order\" (\"group\" INT, [select] TEXT, `from` BLOB, \"a b\" INT, \"say \"\"hi\"\"\" TEXT, "
        "café TEXT, \"Ünïcødé\" INT, 'literal' INT)");
    CHECK(table.name == "order");
    CHECK(column_names(table) == Strings{"group", "select", "from", "a b", "say \"hi\"", "café", "Ünïcødé", "literal"});
    CHECK(column(table, "a b").type == "INT");
    CHECK(column(table, "say \"hi\"").type == "TEXT");
}

TEST_CASE("parse_create_table reads bracket and backtick table names", "[schema][parser]") {
    CHECK(parse_create_table("CREATE TABLE [group] (a)").name == "group");
    CHECK(parse_create_table("CREATE TABLE `select` (a)").name == "select");
}

TEST_CASE("parse_create_table accepts TEMP, IF NOT EXISTS and a schema-qualified name", "[schema][parser]") {
    CHECK(parse_create_table("CREATE TABLE IF NOT EXISTS t (a)").name == "t");
    CHECK(parse_create_table("CREATE TABLE main.t (a)").name == "t");
    CHECK(parse_create_table("CREATE TABLE \"main\".\"my t\" (a)").name == "my t");
    CHECK(parse_create_table("CREATE TEMP TABLE IF NOT EXISTS temp.t (a)").name == "t");
    CHECK(parse_create_table("create temporary table t (a)").name == "t");
}

TEST_CASE("parse_create_table skips comments inside the statement", "[schema][parser]") {
    const Table table = parse_create_table(
        "CREATE TABLE t ( -- the key\n id INTEGER PRIMARY KEY, /* a name */ name TEXT NOT NULL -- trailing\n)");
    CHECK(column_names(table) == Strings{"id", "name"});
    CHECK(column(table, "id").type == "INTEGER");
    CHECK(column(table, "name").type == "TEXT");
    CHECK_FALSE(column(table, "name").nullable);
}

// --- CREATE INDEX ------------------------------------------------------------------------------

TEST_CASE("parse_create_index reads the name, table and plain columns", "[schema][parser]") {
    const Index index = parse_create_index("CREATE INDEX ix_user_email ON user (email, name)");
    CHECK(index.name == "ix_user_email");
    CHECK(index.table == "user");
    CHECK_FALSE(index.unique);
    CHECK_FALSE(index.where);
    REQUIRE(index.columns.size() == 2);
    CHECK(index.columns[0].expression == "email");
    CHECK_FALSE(index.columns[0].is_expression);
    CHECK_FALSE(index.columns[0].descending);
    CHECK_FALSE(index.columns[0].collate);
    CHECK(index.columns[1].expression == "name");
}

TEST_CASE("parse_create_index reads UNIQUE, IF NOT EXISTS and a qualified name", "[schema][parser]") {
    const Index index = parse_create_index("CREATE UNIQUE INDEX IF NOT EXISTS main.\"ix odd\" ON \"my table\" (a)");
    CHECK(index.unique);
    CHECK(index.name == "ix odd");
    CHECK(index.table == "my table");
}

TEST_CASE("parse_create_index reads COLLATE, ASC and DESC on each column", "[schema][parser]") {
    const Index index = parse_create_index("CREATE INDEX i ON t (a COLLATE NOCASE DESC, b ASC, c DESC, [d] COLLATE rtrim)");
    REQUIRE(index.columns.size() == 4);
    CHECK(index.columns[0].expression == "a");
    CHECK(index.columns[0].collate == "NOCASE");
    CHECK(index.columns[0].descending);
    CHECK_FALSE(index.columns[0].is_expression);
    CHECK(index.columns[1].expression == "b");
    CHECK_FALSE(index.columns[1].descending);
    CHECK(index.columns[2].descending);
    CHECK(index.columns[3].expression == "d");
    CHECK_FALSE(index.columns[3].is_expression);
    CHECK(index.columns[3].collate == "rtrim");
}

TEST_CASE("parse_create_index keeps expressions as their SQL text", "[schema][parser]") {
    const Index index = parse_create_index("CREATE UNIQUE INDEX ix_lower ON user (lower(email) DESC, a + b, substr(x, 1, 2))");
    REQUIRE(index.columns.size() == 3);
    CHECK(index.columns[0].expression == "lower(email)");
    CHECK(index.columns[0].is_expression);
    CHECK(index.columns[0].descending);
    CHECK(index.columns[1].expression == "a + b");
    CHECK(index.columns[1].is_expression);
    CHECK(index.columns[2].expression == "substr(x, 1, 2)");
    CHECK(index.columns[2].is_expression);
}

TEST_CASE("parse_create_index keeps a partial index's WHERE without the semicolon", "[schema][parser]") {
    const Index index = parse_create_index("CREATE INDEX i ON t (a) WHERE a IS NOT NULL AND (b > 0);");
    CHECK(index.where == "a IS NOT NULL AND (b > 0)");
    const Index multiline = parse_create_index("CREATE INDEX i ON t (a)\nWHERE deleted_at IS NULL\n");
    CHECK(multiline.where == "deleted_at IS NULL");
}

// --- Errors ------------------------------------------------------------------------------------

TEST_CASE("parse_create_table rejects truncated and garbled statements with SqlSyntaxError", "[schema][parser]") {
    const std::vector<std::string> inputs = {
        "",
        "CREATE",
        "CREATE TABLE",
        "CREATE TABLE t",
        "CREATE TABLE t (",
        "CREATE TABLE t ()",
        "CREATE TABLE t (a",
        "CREATE TABLE t (a INT,",
        "CREATE TABLE t (a INT CHECK (a > 0)",
        "CREATE TABLE t (a INT CHECK (a > 0",
        "CREATE TABLE t (a INT DEFAULT",
        "CREATE TABLE t (a INT DEFAULT -)",
        "CREATE TABLE t (a INT REFERENCES)",
        "CREATE TABLE t (a INT REFERENCES p ON)",
        "CREATE TABLE t (a INT REFERENCES p ON DELETE SET)",
        "CREATE TABLE t (a INT REFERENCES p ON DELETE EXPLODE)",
        "CREATE TABLE t (a) WITHOUT",
        "CREATE TABLE t (a) garbage",
        "CREATE TABLE t (CONSTRAINT)",
        "CREATE TABLE t (a, PRIMARY KEY)",
        "CREATE TABLE t (a, PRIMARY KEY (a",
        "CREATE TABLE t (a, FOREIGN KEY (a))",
        "CREATE TABLE t (a AS)",
        "CREATE TABLE t (a PRIMARY KEY ON CONFLICT",
        "CREATE TABLE t ('unterminated",
        "CREATE TABLE t (a /* unterminated",
        "CREATE VIEW v AS SELECT 1",
        "DROP TABLE t",
        ")(",
        "CREATE TABLE (a)",
        "CREATE TABLE t (a VARCHAR(80)",
        "CREATE TABLE t (a VARCHAR(80, b INT)",
        "CREATE TABLE t (a INT, UNIQUE (a,))",
        "CREATE TABLE t (a INT, CHECK)",
    };
    for (const auto& input : inputs) {
        INFO("input: " << input);
        CHECK_THROWS_AS(parse_create_table(input), SqlSyntaxError);
    }
}

TEST_CASE("parse_create_table reports where the statement goes wrong", "[schema][parser]") {
    const std::string sql = "CREATE TABLE t (a INT, b INT REFERENCES p ON DELETE EXPLODE)";
    try {
        parse_create_table(sql);
        FAIL("accepted " << sql);
    } catch (const SqlSyntaxError& error) {
        CHECK(error.offset == sql.find("EXPLODE"));
        CHECK_FALSE(error.message.empty());
    }
    const std::string truncated = "CREATE TABLE t (a INT";
    try {
        parse_create_table(truncated);
        FAIL("accepted " << truncated);
    } catch (const SqlSyntaxError& error) {
        CHECK(error.offset == truncated.size());
        CHECK_THAT(error.message, Catch::Contains(")"));
    }
}

TEST_CASE("parse_create_index rejects truncated and garbled statements with SqlSyntaxError", "[schema][parser]") {
    const std::vector<std::string> inputs = {
        "",
        "CREATE",
        "CREATE INDEX",
        "CREATE INDEX i",
        "CREATE INDEX i ON",
        "CREATE INDEX i ON t",
        "CREATE INDEX i ON t (",
        "CREATE INDEX i ON t ()",
        "CREATE INDEX i ON t (a",
        "CREATE INDEX i ON t (a DESC,)",
        "CREATE INDEX i ON t (lower(a)",
        "CREATE INDEX i ON t (a) WHERE",
        "CREATE INDEX i ON t (a) WHERE 'unterminated",
        "CREATE UNIQUE TABLE t (a)",
        "CREATE TABLE t (a)",
    };
    for (const auto& input : inputs) {
        INFO("input: " << input);
        CHECK_THROWS_AS(parse_create_index(input), SqlSyntaxError);
    }
}

TEST_CASE("parse_create_index rejects text after the column list other than WHERE", "[schema][parser]") {
    for (const std::string input : {"CREATE INDEX i ON t (a) garbage", "CREATE INDEX i ON t (a))"}) {
        INFO("input: " << input);
        CHECK_THROWS_AS(parse_create_index(input), SqlSyntaxError);
    }
}
