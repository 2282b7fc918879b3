// Unit tests for SQL text as SQLite reads it (src/sqlite/sqlite_dialect.hpp).
#include <catch2/catch.hpp>

#include <string>
#include <random>
#include <string_view>
#include <vector>

#include "split_oracle.hpp"
#include <sqlite3.h>

#include <cstring>

#include "sqlite/sql_lexer.hpp"
#include "sqlite/sqlite_dialect.hpp"
#include "util/text.hpp"
#include "sqlite/statement_splitter.hpp"

using dbm::ScriptStatement;

namespace {

std::vector<std::string> texts(const std::vector<ScriptStatement>& statements) {
    std::vector<std::string> out;
    for (const auto& statement : statements) out.push_back(statement.text);
    return out;
}

std::vector<ScriptStatement> split(std::string_view script) { return dbm::sqlite::dialect().split_statements(script); }

bool controls(std::string_view statement) { return dbm::sqlite::dialect().controls_transaction(statement); }

}  // namespace

// --- split_statements ------------------------------------------------------------------------

TEST_CASE("split_statements splits a script at each top-level semicolon", "[sqlite_dialect][split]") {
    const auto statements = split("CREATE TABLE a (x);\nCREATE TABLE b (y);\nDROP TABLE c;\n");
    CHECK(texts(statements) == std::vector<std::string>{"CREATE TABLE a (x);", "CREATE TABLE b (y);", "DROP TABLE c;"});
}

TEST_CASE("split_statements keeps semicolons inside string literals", "[sqlite_dialect][split]") {
    const auto statements = split("INSERT INTO t VALUES ('a;b', 'it''s; fine');\nSELECT 1;");
    CHECK(texts(statements) ==
          std::vector<std::string>{"INSERT INTO t VALUES ('a;b', 'it''s; fine');", "SELECT 1;"});
}

TEST_CASE("split_statements keeps semicolons inside quoted identifiers", "[sqlite_dialect][split]") {
    const auto statements = split("CREATE TABLE \"odd;name\" (\"c;1\" INT, [c;2] INT, `c;3` INT);\nSELECT 2;");
    CHECK(texts(statements) ==
          std::vector<std::string>{"CREATE TABLE \"odd;name\" (\"c;1\" INT, [c;2] INT, `c;3` INT);", "SELECT 2;"});
}

TEST_CASE("split_statements keeps semicolons inside comments", "[sqlite_dialect][split]") {
    const auto statements = split("SELECT 1 -- one; two\n + 1;\nSELECT /* a; b */ 2;");
    CHECK(texts(statements) == std::vector<std::string>{"SELECT 1 -- one; two\n + 1;", "SELECT /* a; b */ 2;"});
}

TEST_CASE("split_statements keeps a CREATE TRIGGER body whole", "[sqlite_dialect][split]") {
    const std::string trigger =
        "CREATE TRIGGER audit_users AFTER INSERT ON users BEGIN\n"
        "    INSERT INTO audit VALUES (new.id, 'insert;');\n"
        "    UPDATE counters SET n = n + 1;\n"
        "END;";
    const auto statements = split("CREATE TABLE audit (id, what);\n" + trigger + "\nSELECT 3;\n");
    CHECK(texts(statements) == std::vector<std::string>{"CREATE TABLE audit (id, what);", trigger, "SELECT 3;"});
}

TEST_CASE("split_statements gives the offset of each statement's first real character", "[sqlite_dialect][split]") {
    const std::string script = "  -- leading note; with a semicolon\n/* block; */ CREATE TABLE a (x);\n\n  SELECT 1;";
    const auto statements = split(script);
    REQUIRE(statements.size() == 2);
    CHECK(statements[0].offset == script.find("CREATE"));
    CHECK(statements[1].offset == script.find("SELECT"));
    CHECK(statements[0].text == "CREATE TABLE a (x);");
    for (const auto& statement : statements)
        CHECK(script.compare(statement.offset, statement.text.size(), statement.text) == 0);
}

TEST_CASE("split_statements returns a last statement that has no semicolon", "[sqlite_dialect][split]") {
    const std::string script = "SELECT 1;\n  SELECT 2\n";
    const auto statements = split(script);
    REQUIRE(statements.size() == 2);
    CHECK(statements[1].text == "SELECT 2");
    CHECK(statements[1].offset == script.find("SELECT 2"));
}

TEST_CASE("split_statements yields nothing for blank or comment-only input", "[sqlite_dialect][split]") {
    CHECK(split("").empty());
    CHECK(split("   \n\t\n").empty());
    CHECK(split("-- nothing to do; really\n").empty());
    CHECK(split("/* only; a comment */\n-- and another\n").empty());
    CHECK(texts(split("SELECT 1;\n-- trailing note; ignored\n")) == std::vector<std::string>{"SELECT 1;"});
}

TEST_CASE("split_statements yields nothing for a lone semicolon", "[sqlite_dialect][split]") {
    CHECK(split(";").empty());
    CHECK(split("  ;\n ; ").empty());
    CHECK(texts(split("SELECT 1;;\n;")) == std::vector<std::string>{"SELECT 1;"});
}

// --- controls_transaction --------------------------------------------------------------------

TEST_CASE("controls_transaction recognises statements that open or end a transaction",
          "[sqlite_dialect][transaction]") {
    for (const char* statement : {"BEGIN", "BEGIN;", "BEGIN IMMEDIATE;", "begin exclusive transaction", "COMMIT;",
                                  "commit transaction", "END", "END TRANSACTION;", "ROLLBACK;", "rollback",
                                  "ROLLBACK TRANSACTION;", "VACUUM;", "vacuum main"}) {
        INFO(statement);
        CHECK(controls(statement));
    }
}

TEST_CASE("controls_transaction looks past leading comments and blanks", "[sqlite_dialect][transaction]") {
    CHECK(controls("-- finish the work\nCOMMIT;"));
    CHECK(controls("/* open */  BEGIN IMMEDIATE;"));
    CHECK(controls("\n\t  ROLLBACK;"));
    CHECK_FALSE(controls("-- BEGIN\nSELECT 1;"));
}

TEST_CASE("controls_transaction leaves savepoints and ordinary statements alone", "[sqlite_dialect][transaction]") {
    for (const char* statement :
         {"ROLLBACK TO sp;", "rollback to sp", "ROLLBACK TRANSACTION TO SAVEPOINT sp;", "ROLLBACK TO SAVEPOINT sp",
          "SAVEPOINT sp;", "RELEASE sp;", "RELEASE SAVEPOINT sp", "SELECT 'BEGIN';", "CREATE TABLE t (x);",
          "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET x = 1; END;", "UPDATE t SET x = 'COMMIT'"}) {
        INFO(statement);
        CHECK_FALSE(controls(statement));
    }
}

// --- quoting ---------------------------------------------------------------------------------

TEST_CASE("quote_identifier wraps a name in double quotes and doubles embedded ones", "[sqlite_dialect][quote]") {
    const auto& dialect = dbm::sqlite::dialect();
    CHECK(dialect.quote_identifier("users") == "\"users\"");
    CHECK(dialect.quote_identifier("my \"odd\" table") == "\"my \"\"odd\"\" table\"");
    CHECK(dialect.quote_identifier("it's") == "\"it's\"");
}

TEST_CASE("quote_literal wraps a value in single quotes and doubles embedded ones", "[sqlite_dialect][quote]") {
    const auto& dialect = dbm::sqlite::dialect();
    CHECK(dialect.quote_literal("abc") == "'abc'");
    CHECK(dialect.quote_literal("it's") == "'it''s'");
    CHECK(dialect.quote_literal("''") == "''''''");
    CHECK(dialect.quote_literal("say \"hi\"") == "'say \"hi\"'");
    CHECK(dialect.quote_literal("") == "''");
}

TEST_CASE("split_statements ends statements exactly where sqlite3_complete does", "[sqlite_dialect][split]") {
    std::mt19937 random(7);
    const auto pick = [&](std::size_t count) { return static_cast<std::size_t>(random() % count); };
    for (int round = 0; round < 3000; ++round) {
        const std::string script = test::split_script(pick, 1 + pick(30));
        INFO(script);
        CHECK(dbm::sqlite::statement_ends(script) == test::statement_ends_by_sqlite(script));
    }
}

TEST_CASE("split_statements takes time linear in the script, however many semicolons its strings hold",
          "[sqlite_dialect][split]") {
    // One INSERT of 20,000 rows with ';' in every string: each ';' made the old splitter
    // look again at all the text before it.
    std::string script = "INSERT INTO t VALUES ";
    for (int i = 0; i < 20000; ++i) script += (i ? ", " : "") + std::string("('a;b;c;d')");
    script += ";\nSELECT 1;";
    const auto statements = split(script);
    REQUIRE(statements.size() == 2);
    CHECK(statements[1].text == "SELECT 1;");
}

TEST_CASE("the SQL layer's keyword list is SQLite's own", "[sqlite_dialect][keywords]") {
    // sql::is_keyword decides which names are written bare; it must agree with the library.
    CHECK(dbm::sql::keyword_count() == static_cast<std::size_t>(sqlite3_keyword_count()));
    for (int i = 0; i < sqlite3_keyword_count(); ++i) {
        const char* name = nullptr;
        int length = 0;
        REQUIRE(sqlite3_keyword_name(i, &name, &length) == SQLITE_OK);
        const std::string keyword(name, static_cast<std::size_t>(length));
        INFO(keyword);
        CHECK(dbm::sql::is_keyword(keyword));
        CHECK(dbm::sql::is_keyword(dbm::text::lower(keyword)));
    }
    for (const char* word : {"user", "name", "created_at", "rowid", "x"}) {
        INFO(word);
        CHECK(dbm::sql::is_keyword(word) == (sqlite3_keyword_check(word, static_cast<int>(std::strlen(word))) != 0));
    }
}
