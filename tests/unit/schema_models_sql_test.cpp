// Unit tests for models given as plain SQL (parse_models_sql in src/schema/models.hpp).
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "dbm/error.hpp"
#include "schema/compare.hpp"
#include "schema/models.hpp"
#include "sqlite/sqlite_backend.hpp"
#include "sqlite_schema.hpp"

using dbm::InputError;
using dbm::Schema;
using dbm::Table;
using dbm::sqlite::parse_models_sql;

namespace {

using Strings = std::vector<std::string>;

InputError error_of(const std::string& sql) {
    try {
        parse_models_sql(sql, "schema.sql");
    } catch (const InputError& error) {
        return error;
    }
    FAIL("SQL models were accepted:\n" << sql);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("parse_models_sql loads tables, indexes, views and triggers", "[schema][models_sql]") {
    const Schema schema = parse_models_sql(R"(
-- The application's schema.
CREATE TABLE user (
    id INTEGER NOT NULL,
    email VARCHAR(120) NOT NULL COLLATE NOCASE,
    created_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (email)
);
CREATE TABLE post (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    CONSTRAINT ck_title CHECK (length(title) > 0)
);
CREATE INDEX ix_post_title ON post (title) WHERE title <> '';
CREATE VIEW titles AS SELECT title FROM post;
CREATE TRIGGER trg_post AFTER INSERT ON post BEGIN
    UPDATE user SET created_at = created_at WHERE id = new.user_id;
END;
)",
                                           "schema.sql")
                              .schema;
    CHECK(schema.manages_views);
    CHECK(schema.manages_triggers);
    REQUIRE(schema.tables.size() == 2);
    const Table* user = schema.find_table("user", dbm::sqlite::rules());
    const Table* post = schema.find_table("post", dbm::sqlite::rules());
    REQUIRE(user);
    REQUIRE(post);
    REQUIRE(user->primary_key);
    CHECK(user->primary_key->columns == Strings{"id"});
    REQUIRE(user->find_column("email", dbm::sqlite::rules()));
    CHECK(user->find_column("email", dbm::sqlite::rules())->type == "VARCHAR(120)");
    CHECK(user->find_column("email", dbm::sqlite::rules())->collate == "NOCASE");
    CHECK_FALSE(user->find_column("email", dbm::sqlite::rules())->nullable);
    REQUIRE(user->uniques.size() == 1);
    CHECK(user->uniques[0].columns == Strings{"email"});
    REQUIRE(post->primary_key);
    CHECK(post->primary_key->autoincrement);
    REQUIRE(post->foreign_keys.size() == 1);
    CHECK(post->foreign_keys[0].referred_table == "user");
    CHECK(post->foreign_keys[0].on_delete == "CASCADE");
    REQUIRE(post->checks.size() == 1);
    CHECK(post->checks[0].name == "ck_title");
    REQUIRE(post->indexes.size() == 1);
    CHECK(post->indexes[0].name == "ix_post_title");
    CHECK(post->indexes[0].where == "title <> ''");
    REQUIRE(schema.views.size() == 1);
    CHECK(schema.views[0].name == "titles");
    REQUIRE(schema.triggers.size() == 1);
    CHECK(schema.triggers[0].name == "trg_post");
    CHECK(schema.triggers[0].table == "post");
}

TEST_CASE("parse_models_sql gives the same schema however the SQL is spelled", "[schema][models_sql]") {
    const Schema a = parse_models_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'x');", "a.sql").schema;
    const Schema b = parse_models_sql("create table \"t\" (\n  \"id\" integer primary key,\n  name text default 'x' not null\n)",
                                      "b.sql").schema;
    CHECK(sqlite_schema::compare(a, b).empty());
    CHECK(sqlite_schema::compare(b, a).empty());
}

TEST_CASE("parse_models_sql reads an empty file as an empty schema that manages views and triggers",
          "[schema][models_sql]") {
    const Schema schema = parse_models_sql("-- nothing yet\n", "schema.sql").schema;
    CHECK(schema.tables.empty());
    CHECK(schema.manages_views);
    CHECK(schema.manages_triggers);
}

TEST_CASE("parse_models_sql reports an SQL error at the failing statement's line and column", "[schema][models_sql]") {
    const InputError error = error_of("CREATE TABLE a (x);\n\n  CREATE TABLE b (y INT,);\nCREATE TABLE c (z);\n");
    CHECK(error.where().file == "schema.sql");
    CHECK(error.where().line == 3);
    CHECK(error.where().column == 3);
    CHECK_THAT(std::string(error.what()), Catch::Contains("syntax error"));
    CHECK(error.exit_code() == dbm::ExitCode::bad_input);
}

TEST_CASE("parse_models_sql reports a statement that fails when run, not only a syntax error", "[schema][models_sql]") {
    const InputError error = error_of("CREATE TABLE a (x);\nCREATE INDEX ix ON missing (x);\n");
    CHECK(error.where().line == 2);
    CHECK(error.where().column == 1);
    CHECK_THAT(std::string(error.what()), Catch::Contains("missing"));
}

TEST_CASE("parse_models_sql reports a duplicate table at the second statement", "[schema][models_sql]") {
    const InputError error = error_of("CREATE TABLE a (x);\nCREATE TABLE b (y); CREATE TABLE a (z);\n");
    CHECK(error.where().line == 2);
    CHECK(error.where().column == 21);
    CHECK_THAT(std::string(error.what()), Catch::Contains("already exists"));
}

TEST_CASE("parse_models_sql skips SQLite's own tables as .schema prints them, with a warning", "[schema][models_sql]") {
    const auto models = parse_models_sql("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);\n"
                                         "CREATE TABLE sqlite_sequence(name,seq);\nCREATE TABLE sqlite_stat1(tbl,idx,stat);\n",
                                         "schema.sql");
    REQUIRE(models.schema.tables.size() == 1);
    CHECK(models.schema.tables[0].name == "t");
    REQUIRE(models.warnings.size() == 2);
    CHECK(models.warnings[0] ==
          "schema.sql:2:1: warning: skipped CREATE TABLE sqlite_sequence: SQLite makes and keeps that table itself");
    CHECK_THAT(models.warnings[1], Catch::StartsWith("schema.sql:3:1: warning: skipped CREATE TABLE sqlite_stat1"));
}

TEST_CASE("parse_models_sql warns of temporary objects, which are not part of the schema", "[schema][models_sql]") {
    const auto models = parse_models_sql("CREATE TEMP TABLE scratch (x);\n", "schema.sql");
    CHECK(models.schema.tables.empty());
    REQUIRE(models.warnings.size() == 1);
    CHECK_THAT(models.warnings[0], Catch::Contains("schema.sql:1:1: warning: temporary scratch"));
}

TEST_CASE("parse_models_sql reads virtual tables and leaves out their shadow tables", "[schema][models_sql]") {
    const auto models = parse_models_sql(
        "CREATE TABLE doc (id INTEGER PRIMARY KEY, body TEXT);\n"
        "CREATE VIRTUAL TABLE doc_fts USING fts5(body, content='doc', content_rowid='id');\n"
        "CREATE TABLE IF NOT EXISTS 'doc_fts_data'(id INTEGER PRIMARY KEY, block BLOB);\n"
        "CREATE VIRTUAL TABLE places USING rtree(id, min_x, max_x);\n",
        "schema.sql");
    REQUIRE(models.schema.tables.size() == 1);
    CHECK(models.schema.tables[0].name == "doc");
    REQUIRE(models.schema.virtual_tables.size() == 2);
    CHECK(models.schema.virtual_tables[0].name == "doc_fts");
    CHECK(models.schema.virtual_tables[0].module == "fts5");
    CHECK(models.schema.virtual_tables[0].arguments == "body, content='doc', content_rowid='id'");
    CHECK(models.schema.virtual_tables[1].module == "rtree");
    CHECK(models.warnings.empty());
}

TEST_CASE("parse_models_sql takes renames from -- @renamed from= comments on a column's or a table's line",
          "[schema][models_sql]") {
    const auto models = parse_models_sql("CREATE TABLE person ( -- @renamed from=people\n"
                                         "  id INTEGER PRIMARY KEY,\n"
                                         "  full_name TEXT, -- @renamed from=name\n"
                                         "  \"e mail\" TEXT -- @renamed from=\"old \"\"mail\"\"\"\n"
                                         ");\n"
                                         "CREATE TABLE note (text TEXT DEFAULT '-- @renamed from=nothing');\n"
                                         "-- @renamed from=stray\n",
                                         "schema.sql");
    const Table* person = models.schema.find_table("person", dbm::sqlite::rules());
    REQUIRE(person);
    CHECK(person->renamed_from == "people");
    CHECK(person->find_column("full_name", dbm::sqlite::rules())->renamed_from == "name");
    CHECK(person->find_column("e mail", dbm::sqlite::rules())->renamed_from == "old \"mail\"");
    CHECK_FALSE(person->find_column("id", dbm::sqlite::rules())->renamed_from);
    const Table* note = models.schema.find_table("note", dbm::sqlite::rules());
    REQUIRE(note);
    CHECK_FALSE(note->renamed_from);
    CHECK_FALSE(note->find_column("text", dbm::sqlite::rules())->renamed_from);
    REQUIRE(models.warnings.size() == 1);
    CHECK_THAT(models.warnings[0], Catch::StartsWith("schema.sql:7:1: warning: '@renamed from=stray'"));
}
