// Which statements the SQLite connection watches as whole-table copies (rows copied of the
// total on a terminal): a rebuild's INSERT ... SELECT from one table, and nothing that
// reads another number of rows.
#include <catch2/catch.hpp>

#include "sqlite/row_copy.hpp"

using dbm::sqlite::whole_table_copy;

TEST_CASE("a rebuild's copy statement names its source table", "[row-copy]") {
    const auto copy = whole_table_copy(R"(INSERT INTO "_dbm_new_user" (rowid, "id", "name") SELECT rowid, "id", "name" FROM "user";)");
    REQUIRE(copy);
    CHECK(copy->source == "user");
    CHECK(copy->source_sql == "\"user\"");

    const auto qualified = whole_table_copy("insert or replace into main.t2 select a, (select max(b) from other) from main.t1 as old");
    REQUIRE(qualified);
    CHECK(qualified->source == "t1");
    CHECK(qualified->source_sql == "main.t1");

    const auto replace = whole_table_copy("REPLACE INTO t2 (a) SELECT a FROM [odd name] x");
    REQUIRE(replace);
    CHECK(replace->source == "odd name");
    CHECK(replace->source_sql == "[odd name]");

    CHECK(whole_table_copy("INSERT INTO t2 SELECT * FROM t1 -- copy\n;")->source == "t1");
}

TEST_CASE("statements that do not copy every row of one table are not watched", "[row-copy]") {
    for (const char* sql : {
             "INSERT INTO t2 SELECT a FROM t1 WHERE a > 1",
             "INSERT INTO t2 SELECT a FROM t1 JOIN t3 USING (a)",
             "INSERT INTO t2 SELECT a FROM t1, t3",
             "INSERT INTO t2 SELECT DISTINCT a FROM t1",
             "INSERT INTO t2 SELECT a FROM t1 GROUP BY a",
             "INSERT INTO t2 SELECT a FROM t1 UNION SELECT a FROM t3",
             "INSERT INTO t2 SELECT a FROM t1 LIMIT 10",
             "INSERT INTO t2 SELECT a FROM t1 ORDER BY a",
             "INSERT INTO t2 SELECT a FROM t1 INDEXED BY ix",
             "INSERT INTO t2 SELECT a FROM t1 WHERE true ON CONFLICT DO NOTHING",
             "INSERT INTO t2 SELECT a FROM (SELECT a FROM t1)",
             "INSERT INTO t2 SELECT 1",
             "INSERT INTO t2 VALUES (1)",
             "INSERT INTO t2 DEFAULT VALUES",
             "WITH c AS (SELECT a FROM t1) INSERT INTO t2 SELECT a FROM c",
             "INSERT INTO t2 SELECT a FROM t1; DROP TABLE t1",
             "UPDATE t1 SET a = 1",
             "SELECT a FROM t1",
             "INSERT INTO t2 SELECT 'unterminated FROM t1",
             "",
         }) {
        INFO(sql);
        CHECK_FALSE(whole_table_copy(sql));
    }
}
