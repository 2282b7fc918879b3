// Unit tests for reading models.yaml into the schema model (src/schema/models.hpp, SPEC §4).
#include <catch2/catch.hpp>

#include "support.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "schema/models.hpp"
#include "sqlite_schema.hpp"

using dbm::Column;
using dbm::Index;
using dbm::InputError;
using dbm::Schema;
using dbm::Table;

namespace {

using Strings = std::vector<std::string>;

Schema load(const std::string& yaml) { return sqlite_schema::parse_models_yaml(yaml, "models.yaml"); }

using test::column;
using test::index;
using test::table;

// 1-based line and column of the first occurrence of `needle` in `text`.
struct Position {
    int line;
    int column;
};

Position locate(const std::string& text, const std::string& needle, std::size_t from = 0) {
    const auto at = text.find(needle, from);
    if (at == std::string::npos) FAIL("test text has no " << needle);
    int line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < at; ++i)
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    return {line, static_cast<int>(at - line_start) + 1};
}

// The second occurrence of `needle`.
Position locate_second(const std::string& text, const std::string& needle) {
    const auto first = text.find(needle);
    REQUIRE(first != std::string::npos);
    return locate(text, needle, first + 1);
}

InputError error_of(const std::string& yaml) {
    try {
        load(yaml);
    } catch (const InputError& error) {
        return error;
    }
    FAIL("models were accepted:\n" << yaml);
    throw std::logic_error("unreachable");
}

// The error's message contains every part, and it points at `where` in models.yaml.
void check_error(const std::string& yaml, Position where, const Strings& parts) {
    const InputError error = error_of(yaml);
    INFO("message: " << error.what());
    CHECK(error.where().file == "models.yaml");
    CHECK(error.where().line == where.line);
    CHECK(error.where().column == where.column);
    for (const auto& part : parts) CHECK_THAT(std::string(error.what()), Catch::Contains(part));
    CHECK(error.exit_code() == dbm::ExitCode::bad_input);
}

const std::string& spec_example = test::spec_models_example;

// A one-table model with `columns` (indented 6) as its column lines.
std::string one_table(const std::string& columns, const std::string& table_settings = "") {
    return "tables:\n  t:\n    columns:\n" + columns + table_settings;
}

}  // namespace

// --- sql_type_for ------------------------------------------------------------------------------

TEST_CASE("sql_type_for maps generic types to the declarations SQLAlchemy emits", "[schema][models_yaml]") {
    CHECK(sqlite_schema::sql_type_for("integer") == "INTEGER");
    CHECK(sqlite_schema::sql_type_for("big_integer") == "BIGINT");
    CHECK(sqlite_schema::sql_type_for("small_integer") == "SMALLINT");
    CHECK(sqlite_schema::sql_type_for("string") == "VARCHAR");
    CHECK(sqlite_schema::sql_type_for("string(80)") == "VARCHAR(80)");
    CHECK(sqlite_schema::sql_type_for("text") == "TEXT");
    CHECK(sqlite_schema::sql_type_for("boolean") == "BOOLEAN");
    CHECK(sqlite_schema::sql_type_for("float") == "FLOAT");
    CHECK(sqlite_schema::sql_type_for("numeric(10,2)") == "NUMERIC(10, 2)");
    CHECK(sqlite_schema::sql_type_for("numeric( 10 , 2 )") == "NUMERIC(10, 2)");
    CHECK(sqlite_schema::sql_type_for("date") == "DATE");
    CHECK(sqlite_schema::sql_type_for("datetime") == "DATETIME");
    CHECK(sqlite_schema::sql_type_for("time") == "TIME");
    CHECK(sqlite_schema::sql_type_for("blob") == "BLOB");
    CHECK(sqlite_schema::sql_type_for("json") == "JSON");
}

TEST_CASE("sql_type_for uses any other type string verbatim", "[schema][models_yaml]") {
    CHECK(sqlite_schema::sql_type_for("VARCHAR(10)") == "VARCHAR(10)");
    CHECK(sqlite_schema::sql_type_for("decimal(5,2)") == "decimal(5,2)");
    CHECK(sqlite_schema::sql_type_for("UNSIGNED BIG INT") == "UNSIGNED BIG INT");
    CHECK(sqlite_schema::sql_type_for("real") == "real");
}

// --- The SPEC §4 example -----------------------------------------------------------------------

TEST_CASE("parse_models_yaml loads the SPEC example's tables and columns in order", "[schema][models_yaml]") {
    const Schema schema = load(spec_example);
    REQUIRE(schema.tables.size() == 2);
    CHECK(schema.tables[0].name == "user");
    CHECK(schema.tables[1].name == "post");
    Strings user_columns;
    for (const auto& c : schema.tables[0].columns) user_columns.push_back(c.name);
    CHECK(user_columns == Strings{"id", "username", "email", "created_at"});
    Strings post_columns;
    for (const auto& c : schema.tables[1].columns) post_columns.push_back(c.name);
    CHECK(post_columns == Strings{"id", "user_id", "title", "body"});
    CHECK_FALSE(schema.manages_views);
    CHECK_FALSE(schema.manages_triggers);
    CHECK(schema.views.empty());
    CHECK(schema.triggers.empty());
}

TEST_CASE("parse_models_yaml gives the SPEC example's user table its SQLAlchemy shape", "[schema][models_yaml]") {
    const Table& user = table(load(spec_example), "user");
    CHECK(column(user, "id").type == "INTEGER");
    CHECK_FALSE(column(user, "id").nullable);
    CHECK(column(user, "username").type == "VARCHAR(80)");
    CHECK_FALSE(column(user, "username").nullable);
    CHECK(column(user, "email").type == "VARCHAR(120)");
    CHECK(column(user, "created_at").type == "DATETIME");
    CHECK(column(user, "created_at").default_sql == "CURRENT_TIMESTAMP");
    CHECK_FALSE(column(user, "username").default_sql);
    REQUIRE(user.primary_key);
    CHECK(user.primary_key->columns == Strings{"id"});
    CHECK_FALSE(user.primary_key->autoincrement);
    REQUIRE(user.uniques.size() == 1);
    CHECK_FALSE(user.uniques[0].name);
    CHECK(user.uniques[0].columns == Strings{"username"});
    REQUIRE(user.indexes.size() == 1);
    CHECK(user.indexes[0].name == "ix_user_email");
    CHECK(user.indexes[0].table == "user");
    CHECK_FALSE(user.indexes[0].unique);
    REQUIRE(user.indexes[0].columns.size() == 1);
    CHECK(user.indexes[0].columns[0].expression == "email");
    CHECK_FALSE(user.indexes[0].columns[0].is_expression);
    CHECK(user.foreign_keys.empty());
    CHECK(user.checks.empty());
}

TEST_CASE("parse_models_yaml gives the SPEC example's post table its keys, index and check", "[schema][models_yaml]") {
    const Table& post = table(load(spec_example), "post");
    REQUIRE(post.primary_key);
    CHECK(post.primary_key->columns == Strings{"id"});
    CHECK(post.primary_key->autoincrement);
    REQUIRE(post.foreign_keys.size() == 1);
    CHECK(post.foreign_keys[0].columns == Strings{"user_id"});
    CHECK(post.foreign_keys[0].referred_table == "user");
    CHECK(post.foreign_keys[0].referred_columns == Strings{"id"});
    CHECK(post.foreign_keys[0].on_delete == "CASCADE");
    CHECK(post.foreign_keys[0].on_update == "NO ACTION");
    CHECK(column(post, "title").type == "VARCHAR(200)");
    CHECK(column(post, "title").renamed_from == "headline");
    CHECK(column(post, "body").type == "TEXT");
    CHECK(column(post, "body").nullable);
    const Index& ix = index(post, "ix_post_user_title");
    CHECK(ix.table == "post");
    CHECK_FALSE(ix.unique);
    REQUIRE(ix.columns.size() == 2);
    CHECK(ix.columns[0].expression == "user_id");
    CHECK(ix.columns[1].expression == "title");
    REQUIRE(post.checks.size() == 1);
    CHECK(post.checks[0].name == "ck_title_len");
    CHECK(post.checks[0].expression == "length(title) > 0");
}

TEST_CASE("parse_models_yaml records where each table and column is declared", "[schema][models_yaml]") {
    const Schema schema = load(spec_example);
    const Table& post = table(schema, "post");
    CHECK(post.declared_at.line == 8);
    CHECK(post.declared_at.column == 3);
    CHECK(column(post, "user_id").declared_at.line == 11);
    CHECK(column(post, "user_id").declared_at.column == 7);
    CHECK(index(post, "ix_post_user_title").declared_at.line == 15);
}

// --- Columns -----------------------------------------------------------------------------------

TEST_CASE("parse_models_yaml accepts the `name: type` shorthand for a nullable column", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      a: integer\n      b: string(10)\n")), "t");
    CHECK(column(t, "a").type == "INTEGER");
    CHECK(column(t, "a").nullable);
    CHECK(column(t, "b").type == "VARCHAR(10)");
}

TEST_CASE("parse_models_yaml keeps unknown types verbatim", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      a: {type: \"decimal(5,2)\"}\n      b: {type: MEDIUMTEXT}\n")), "t");
    CHECK(column(t, "a").type == "decimal(5,2)");
    CHECK(column(t, "b").type == "MEDIUMTEXT");
}

TEST_CASE("parse_models_yaml makes primary key columns NOT NULL unless told otherwise", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      a: {type: integer, primary_key: true}\n      b: {type: text}\n")), "t");
    CHECK_FALSE(column(t, "a").nullable);
    CHECK(column(t, "b").nullable);
    const Table& loose =
        table(load(one_table("      a: {type: text, primary_key: true, nullable: true}\n")), "t");
    CHECK(column(loose, "a").nullable);
}

TEST_CASE("parse_models_yaml turns `default` literals into SQL literals", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      zero:   {type: integer, default: 0}\n"
                                          "      quoted: {type: text, default: \"0\"}\n"
                                          "      yes:    {type: boolean, default: true}\n"
                                          "      no:     {type: boolean, default: false}\n"
                                          "      none:   {type: text, default: null}\n"
                                          "      tilde:  {type: text, default: ~}\n"
                                          "      neg:    {type: float, default: -1.5}\n"
                                          "      word:   {type: text, default: hello}\n"
                                          "      apos:   {type: text, default: \"it's\"}\n"
                                          "      sq:     {type: text, default: 'say ''hi'''}\n"
                                          "      qtrue:  {type: text, default: \"true\"}\n")),
                            "t");
    CHECK(column(t, "zero").default_sql == "0");
    CHECK(column(t, "quoted").default_sql == "'0'");
    CHECK(column(t, "yes").default_sql == "1");
    CHECK(column(t, "no").default_sql == "0");
    CHECK(column(t, "none").default_sql == "NULL");
    CHECK(column(t, "tilde").default_sql == "NULL");
    CHECK(column(t, "neg").default_sql == "-1.5");
    CHECK(column(t, "word").default_sql == "'hello'");
    CHECK(column(t, "apos").default_sql == "'it''s'");
    CHECK(column(t, "sq").default_sql == "'say ''hi'''");
    CHECK(column(t, "qtrue").default_sql == "'true'");
}

TEST_CASE("parse_models_yaml wraps a `default_expr` in parentheses unless it is one token", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      a: {type: datetime, default_expr: CURRENT_TIMESTAMP}\n"
                                          "      b: {type: integer, default_expr: 1 + 1}\n"
                                          "      c: {type: text, default_expr: \"lower('X')\"}\n"
                                          "      d: {type: integer, default_expr: \"42\"}\n")),
                            "t");
    CHECK(column(t, "a").default_sql == "CURRENT_TIMESTAMP");
    CHECK(column(t, "b").default_sql == "(1 + 1)");
    CHECK(column(t, "c").default_sql == "(lower('X'))");
    CHECK(column(t, "d").default_sql == "42");
}

TEST_CASE("parse_models_yaml reads collate, generated and stored", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      a: {type: text, collate: NOCASE}\n"
                                          "      b: {type: integer, generated: length(a)}\n"
                                          "      c: {type: integer, generated: \"length(a) * 2\", stored: true}\n")),
                            "t");
    CHECK(column(t, "a").collate == "NOCASE");
    CHECK(column(t, "b").generated == "length(a)");
    CHECK_FALSE(column(t, "b").generated_stored);
    CHECK(column(t, "c").generated == "length(a) * 2");
    CHECK(column(t, "c").generated_stored);
}

TEST_CASE("parse_models_yaml turns `index: true` into index ix_<table>_<column>", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      email: {type: text, index: true}\n")), "t");
    REQUIRE(t.indexes.size() == 1);
    CHECK(t.indexes[0].name == "ix_t_email");
    CHECK_FALSE(t.indexes[0].unique);
    CHECK(t.uniques.empty());
}

TEST_CASE("parse_models_yaml turns `unique: true` into an unnamed UNIQUE constraint", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      email: {type: text, unique: true}\n")), "t");
    REQUIRE(t.uniques.size() == 1);
    CHECK_FALSE(t.uniques[0].name);
    CHECK(t.uniques[0].columns == Strings{"email"});
    CHECK(t.indexes.empty());
}

TEST_CASE("parse_models_yaml turns `unique` plus `index` into a unique index, not a constraint", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      email: {type: text, unique: true, index: true}\n")), "t");
    REQUIRE(t.indexes.size() == 1);
    CHECK(t.indexes[0].name == "ix_t_email");
    CHECK(t.indexes[0].unique);
    CHECK(t.uniques.empty());
}

TEST_CASE("parse_models_yaml turns `references` into a foreign key with upper-case actions", "[schema][models_yaml]") {
    const Schema schema = load(R"Y(tables:
  parent:
    columns:
      id: {type: integer, primary_key: true}
  child:
    columns:
      a: {type: integer, references: parent.id, on_delete: set_null, on_update: Cascade}
      b: {type: integer, references: parent.id, on_delete: no action}
      c: {type: integer, references: parent(id), on_delete: set default}
)Y");
    const Table& child = table(schema, "child");
    REQUIRE(child.foreign_keys.size() == 3);
    CHECK(child.foreign_keys[0].columns == Strings{"a"});
    CHECK(child.foreign_keys[0].referred_table == "parent");
    CHECK(child.foreign_keys[0].referred_columns == Strings{"id"});
    CHECK(child.foreign_keys[0].on_delete == "SET NULL");
    CHECK(child.foreign_keys[0].on_update == "CASCADE");
    CHECK(child.foreign_keys[1].on_delete == "NO ACTION");
    CHECK(child.foreign_keys[2].referred_columns == Strings{"id"});
    CHECK(child.foreign_keys[2].on_delete == "SET DEFAULT");
}

TEST_CASE("parse_models_yaml turns a column `check` into an unnamed table check", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      qty: {type: integer, check: qty >= 0}\n")), "t");
    REQUIRE(t.checks.size() == 1);
    CHECK_FALSE(t.checks[0].name);
    CHECK(t.checks[0].expression == "qty >= 0");
}

TEST_CASE("parse_models_yaml reads renamed_from on tables and columns", "[schema][models_yaml]") {
    const Table& t = table(load("tables:\n  people:\n    renamed_from: persons\n    columns:\n"
                                "      full_name: {type: text, renamed_from: name}\n"),
                           "people");
    CHECK(t.renamed_from == "persons");
    CHECK(column(t, "full_name").renamed_from == "name");
}

// --- Table settings ----------------------------------------------------------------------------

TEST_CASE("parse_models_yaml reads a composite primary key and makes its columns NOT NULL", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      a: {type: integer}\n      b: {type: text}\n      c: {type: text}\n",
                                          "    primary_key: [b, a]\n")),
                           "t");
    REQUIRE(t.primary_key);
    CHECK(t.primary_key->columns == Strings{"b", "a"});
    CHECK_FALSE(t.primary_key->autoincrement);
    CHECK_FALSE(column(t, "a").nullable);
    CHECK_FALSE(column(t, "b").nullable);
    CHECK(column(t, "c").nullable);
}

TEST_CASE("parse_models_yaml reads indexes with unique, where and expressions", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      email: {type: text}\n      name: {type: text}\n",
                                          "    indexes:\n"
                                          "      ix_lower_email: {columns: [lower(email)], unique: true, where: email IS NOT NULL}\n"
                                          "      ix_name_desc: {columns: [name DESC, email COLLATE NOCASE]}\n"
                                          "      ix_single: {columns: name}\n")),
                           "t");
    REQUIRE(t.indexes.size() == 3);
    const Index& lower = index(t, "ix_lower_email");
    CHECK(lower.unique);
    CHECK(lower.table == "t");
    CHECK(lower.where == "email IS NOT NULL");
    REQUIRE(lower.columns.size() == 1);
    CHECK(lower.columns[0].expression == "lower(email)");
    CHECK(lower.columns[0].is_expression);
    const Index& desc = index(t, "ix_name_desc");
    CHECK_FALSE(desc.unique);
    CHECK_FALSE(desc.where);
    REQUIRE(desc.columns.size() == 2);
    CHECK(desc.columns[0].expression == "name");
    CHECK(desc.columns[0].descending);
    CHECK_FALSE(desc.columns[0].is_expression);
    CHECK(desc.columns[1].expression == "email");
    CHECK(desc.columns[1].collate == "NOCASE");
    const Index& single = index(t, "ix_single");
    REQUIRE(single.columns.size() == 1);
    CHECK(single.columns[0].expression == "name");
}

TEST_CASE("parse_models_yaml reads named unique constraints in both forms", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      a: {type: text}\n      b: {type: text}\n",
                                          "    unique:\n      uq_ab: [a, b]\n      uq_b: {columns: [b]}\n")),
                           "t");
    REQUIRE(t.uniques.size() == 2);
    CHECK(t.uniques[0].name == "uq_ab");
    CHECK(t.uniques[0].columns == Strings{"a", "b"});
    CHECK(t.uniques[1].name == "uq_b");
    CHECK(t.uniques[1].columns == Strings{"b"});
}

TEST_CASE("parse_models_yaml reads named composite foreign keys", "[schema][models_yaml]") {
    const Schema schema = load(R"Y(tables:
  p:
    columns:
      x: {type: integer}
      y: {type: integer}
    primary_key: [x, y]
  c:
    columns:
      a: {type: integer}
      b: {type: integer}
    foreign_keys:
      fk_inline: {columns: [a, b], references: "p(x, y)", on_delete: cascade}
      fk_listed: {columns: [b, a], references: p, referred_columns: [x, y], on_update: restrict}
      fk_implicit: {columns: [a, b], references: p}
)Y");
    const Table& c = table(schema, "c");
    REQUIRE(c.foreign_keys.size() == 3);
    CHECK(c.foreign_keys[0].name == "fk_inline");
    CHECK(c.foreign_keys[0].columns == Strings{"a", "b"});
    CHECK(c.foreign_keys[0].referred_table == "p");
    CHECK(c.foreign_keys[0].referred_columns == Strings{"x", "y"});
    CHECK(c.foreign_keys[0].on_delete == "CASCADE");
    CHECK(c.foreign_keys[1].name == "fk_listed");
    CHECK(c.foreign_keys[1].columns == Strings{"b", "a"});
    CHECK(c.foreign_keys[1].referred_table == "p");
    CHECK(c.foreign_keys[1].referred_columns == Strings{"x", "y"});
    CHECK(c.foreign_keys[1].on_update == "RESTRICT");
    CHECK(c.foreign_keys[2].referred_columns.empty());
}

TEST_CASE("parse_models_yaml reads named checks, without_rowid and strict", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      id: {type: integer, primary_key: true}\n      qty: {type: integer}\n",
                                          "    checks:\n      ck_qty: qty > 0\n      ck_id: \"id <> 0\"\n"
                                          "    without_rowid: true\n    strict: true\n")),
                           "t");
    REQUIRE(t.checks.size() == 2);
    CHECK(t.checks[0].name == "ck_qty");
    CHECK(t.checks[0].expression == "qty > 0");
    CHECK(t.checks[1].name == "ck_id");
    CHECK(t.sqlite.without_rowid);
    CHECK(t.sqlite.strict);
    const Table& plain = table(load(one_table("      a: integer\n")), "t");
    CHECK_FALSE(plain.sqlite.without_rowid);
    CHECK_FALSE(plain.sqlite.strict);
}

TEST_CASE("parse_models_yaml reads autoincrement on a single integer primary key", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      id: {type: integer, primary_key: true, autoincrement: true}\n")), "t");
    REQUIRE(t.primary_key);
    CHECK(t.primary_key->autoincrement);
}

// --- Views and triggers ------------------------------------------------------------------------

TEST_CASE("parse_models_yaml wraps a bare SELECT view into CREATE VIEW", "[schema][models_yaml]") {
    const Schema schema = load(spec_example + "views:\n  recent_posts: SELECT id, title FROM post\n"
                                              "  full: CREATE VIEW full AS SELECT * FROM user\n");
    CHECK(schema.manages_views);
    CHECK_FALSE(schema.manages_triggers);
    REQUIRE(schema.views.size() == 2);
    CHECK(schema.views[0].name == "recent_posts");
    CHECK_THAT(schema.views[0].sql, Catch::StartsWith("CREATE VIEW"));
    CHECK_THAT(schema.views[0].sql, Catch::Contains("recent_posts"));
    CHECK_THAT(schema.views[0].sql, Catch::EndsWith("AS SELECT id, title FROM post"));
    CHECK(schema.views[1].sql == "CREATE VIEW full AS SELECT * FROM user");
}

TEST_CASE("parse_models_yaml takes a trigger's table from its ON clause", "[schema][models_yaml]") {
    const Schema schema = load(spec_example + R"Y(triggers:
  trg_touch: |
    CREATE TRIGGER trg_touch AFTER UPDATE OF title ON "post"
    BEGIN
      UPDATE user SET created_at = created_at WHERE id = new.user_id;
    END
)Y");
    CHECK(schema.manages_triggers);
    CHECK_FALSE(schema.manages_views);
    REQUIRE(schema.triggers.size() == 1);
    CHECK(schema.triggers[0].name == "trg_touch");
    CHECK(schema.triggers[0].table == "post");
    CHECK_THAT(schema.triggers[0].sql, Catch::StartsWith("CREATE TRIGGER trg_touch"));
}

TEST_CASE("parse_models_yaml manages views and triggers when their section is present, even empty",
          "[schema][models_yaml]") {
    const Schema both = load(spec_example + "views:\ntriggers: {}\n");
    CHECK(both.manages_views);
    CHECK(both.manages_triggers);
    CHECK(both.views.empty());
    CHECK(both.triggers.empty());
    const Schema none = load(spec_example);
    CHECK_FALSE(none.manages_views);
    CHECK_FALSE(none.manages_triggers);
}

TEST_CASE("parse_models_yaml reads an empty file as an empty schema", "[schema][models_yaml]") {
    const Schema schema = load("");
    CHECK(schema.tables.empty());
    CHECK_FALSE(schema.manages_views);
    CHECK_FALSE(schema.manages_triggers);
    CHECK(load("tables:\n").tables.empty());
}

// --- Errors --------------------------------------------------------------------------------------

TEST_CASE("parse_models_yaml reports malformed YAML at its line", "[schema][models_yaml]") {
    const std::string yaml = "tables:\n  t:\n    columns:\n      a: {type: integer\n      b: text\n";
    const InputError error = error_of(yaml);
    CHECK(error.where().file == "models.yaml");
    CHECK(error.where().line >= 4);
    CHECK(error.where().column >= 1);
    CHECK(std::string(error.what()).size() > 0);

    const std::string unclosed = "tables:\n  t:\n    columns: [a\n";
    const InputError second = error_of(unclosed);
    CHECK(second.where().line >= 3);

    const std::string indented = "tables:\n  t:\n    columns:\n      a: integer\n     b: text\n";
    const InputError third = error_of(indented);
    CHECK(third.where().line == 5);
    CHECK(third.where().column >= 1);
}

TEST_CASE("parse_models_yaml rejects a document that is not a mapping", "[schema][models_yaml]") {
    check_error("- a\n- b\n", {1, 1}, {"tables"});
}

TEST_CASE("parse_models_yaml rejects an unknown top-level key with a did-you-mean hint", "[schema][models_yaml]") {
    const std::string yaml = "tabels:\n  t:\n    columns:\n      a: integer\n";
    check_error(yaml, {1, 1}, {"unknown", "'tabels'", "did you mean 'tables'"});
}

TEST_CASE("parse_models_yaml rejects an unknown table key with a did-you-mean hint", "[schema][models_yaml]") {
    const std::string yaml = one_table("      a: integer\n", "    indexs:\n      ix: {columns: [a]}\n");
    check_error(yaml, locate(yaml, "indexs"), {"'indexs'", "did you mean 'indexes'"});
}

TEST_CASE("parse_models_yaml rejects an unknown column key with a did-you-mean hint", "[schema][models_yaml]") {
    const std::string yaml = one_table("      a: integer\n      b: {type: text, nulable: false}\n");
    check_error(yaml, locate(yaml, "nulable"), {"'nulable'", "did you mean 'nullable'"});
}

TEST_CASE("parse_models_yaml rejects an unknown index key with a did-you-mean hint", "[schema][models_yaml]") {
    const std::string yaml = one_table("      a: integer\n", "    indexes:\n      ix_a: {colums: [a]}\n");
    check_error(yaml, locate(yaml, "colums"), {"'colums'", "did you mean 'columns'"});
}

TEST_CASE("parse_models_yaml rejects an unknown foreign-key key with a did-you-mean hint", "[schema][models_yaml]") {
    const std::string yaml =
        one_table("      a: integer\n", "    foreign_keys:\n      fk_a: {columns: [a], refrences: t, on_delete: cascade}\n");
    check_error(yaml, locate(yaml, "refrences"), {"'refrences'", "did you mean 'references'"});
}

TEST_CASE("parse_models_yaml rejects an unknown key without a hint when nothing is close", "[schema][models_yaml]") {
    const std::string yaml = one_table("      a: {type: text, zzzzzzzz: 1}\n");
    const InputError error = error_of(yaml);
    CHECK(error.where().line == locate(yaml, "zzzzzzzz").line);
    CHECK(error.where().column == locate(yaml, "zzzzzzzz").column);
    CHECK_THAT(std::string(error.what()), Catch::Contains("'zzzzzzzz'"));
    CHECK_THAT(std::string(error.what()), !Catch::Contains("did you mean"));
}

TEST_CASE("parse_models_yaml rejects a type that is not a string", "[schema][models_yaml]") {
    const std::string number = one_table("      a: {type: 5}\n");
    check_error(number, locate(number, "5}"), {"type", "'a'", "string"});
    const std::string list = one_table("      a: {type: [a]}\n");
    check_error(list, locate(list, "[a]"), {"type", "'a'", "string"});
    const std::string map = one_table("      a:\n        type: {x: 1}\n");
    check_error(map, locate(map, "{x: 1}"), {"type", "string"});
}

TEST_CASE("parse_models_yaml rejects a column without a type", "[schema][models_yaml]") {
    const std::string yaml = one_table("      a: integer\n      b: {nullable: false}\n");
    check_error(yaml, locate(yaml, "b:"), {"'b'", "type"});
}

TEST_CASE("parse_models_yaml rejects a boolean setting that is not true or false", "[schema][models_yaml]") {
    const std::string yaml = one_table("      a: {type: text, nullable: maybe}\n");
    check_error(yaml, locate(yaml, "maybe"), {"'nullable'", "true or false"});
    const std::string quoted = one_table("      a: {type: text, unique: \"yes\"}\n");
    check_error(quoted, locate(quoted, "\"yes\""), {"'unique'", "true or false"});
}

TEST_CASE("parse_models_yaml rejects both default and default_expr on one column", "[schema][models_yaml]") {
    const std::string yaml = one_table("      a: integer\n      b: {type: integer, default: 1, default_expr: 1 + 1}\n");
    check_error(yaml, locate(yaml, "b:"), {"'b'", "'default'", "'default_expr'"});
}

TEST_CASE("parse_models_yaml rejects stored without generated", "[schema][models_yaml]") {
    const std::string yaml = one_table("      a: {type: integer, stored: true}\n");
    check_error(yaml, locate(yaml, "true"), {"'stored'", "'generated'"});
}

TEST_CASE("parse_models_yaml rejects on_delete and on_update without references", "[schema][models_yaml]") {
    const std::string yaml = one_table("      a: {type: integer, on_delete: cascade}\n");
    check_error(yaml, locate(yaml, "cascade"), {"on_delete", "'references'"});
    const std::string update = one_table("      a: {type: integer, on_update: restrict}\n");
    check_error(update, locate(update, "restrict"), {"on_update", "'references'"});
}

TEST_CASE("parse_models_yaml rejects an unknown foreign-key action", "[schema][models_yaml]") {
    const std::string yaml = R"Y(tables:
  p:
    columns:
      id: {type: integer, primary_key: true}
  c:
    columns:
      p_id: {type: integer, references: p.id, on_delete: explode}
)Y";
    check_error(yaml, locate(yaml, "explode"), {"'on_delete'", "cascade", "set null"});
}

TEST_CASE("parse_models_yaml rejects references to an unknown table with a did-you-mean hint", "[schema][models_yaml]") {
    const std::string yaml = R"Y(tables:
  user:
    columns:
      id: {type: integer, primary_key: true}
  post:
    columns:
      user_id: {type: integer, references: usr.id}
)Y";
    check_error(yaml, locate(yaml, "usr.id"), {"unknown table 'usr'", "did you mean 'user'"});
}

TEST_CASE("parse_models_yaml rejects references to an unknown column", "[schema][models_yaml]") {
    const std::string yaml = R"Y(tables:
  user:
    columns:
      id: {type: integer, primary_key: true}
  post:
    columns:
      user_id: {type: integer, references: user.idd}
)Y";
    check_error(yaml, locate(yaml, "user.idd"), {"unknown column 'idd'", "'user'", "did you mean 'id'"});
}

TEST_CASE("parse_models_yaml rejects a foreign key to unknown referred columns", "[schema][models_yaml]") {
    const std::string yaml = R"Y(tables:
  p:
    columns:
      x: {type: integer, primary_key: true}
  c:
    columns:
      a: {type: integer}
    foreign_keys:
      fk_a: {columns: [a], references: "p(nope)"}
)Y";
    check_error(yaml, locate(yaml, "\"p(nope)\""), {"unknown column 'nope'", "'p'"});
}

TEST_CASE("parse_models_yaml rejects index columns that do not exist", "[schema][models_yaml]") {
    const std::string yaml = one_table("      email: text\n", "    indexes:\n      ix_t: {columns: [emial]}\n");
    check_error(yaml, locate(yaml, "[emial]"), {"unknown column 'emial'", "'t'", "did you mean 'email'"});
}

TEST_CASE("parse_models_yaml rejects unique columns that do not exist", "[schema][models_yaml]") {
    const std::string yaml = one_table("      email: text\n", "    unique:\n      uq_t: [nope]\n");
    check_error(yaml, locate(yaml, "[nope]"), {"unknown column 'nope'", "'t'"});
}

TEST_CASE("parse_models_yaml rejects primary_key columns that do not exist", "[schema][models_yaml]") {
    const std::string yaml = one_table("      a: integer\n", "    primary_key: [a, b]\n");
    check_error(yaml, locate(yaml, "[a, b]"), {"unknown column 'b'", "'t'"});
}

TEST_CASE("parse_models_yaml rejects foreign key columns that do not exist", "[schema][models_yaml]") {
    const std::string yaml = R"Y(tables:
  p:
    columns:
      id: {type: integer, primary_key: true}
  c:
    columns:
      a: {type: integer}
    foreign_keys:
      fk_a: {columns: [b], references: p}
)Y";
    check_error(yaml, locate(yaml, "[b]"), {"unknown column 'b'", "'c'"});
}

TEST_CASE("parse_models_yaml rejects a duplicate column, also in another case", "[schema][models_yaml]") {
    const std::string exact = one_table("      a: integer\n      a: text\n");
    check_error(exact, locate_second(exact, "a:"), {"duplicate key 'a' in tables.t.columns"});
    const std::string cased = one_table("      name: integer\n      Name: text\n");
    check_error(cased, locate(cased, "Name:"), {"duplicate column 'Name'", "'t'"});
}

TEST_CASE("parse_models_yaml rejects a duplicate table, ignoring case", "[schema][models_yaml]") {
    const std::string yaml = "tables:\n  user:\n    columns:\n      a: integer\n  User:\n    columns:\n      b: integer\n";
    check_error(yaml, locate(yaml, "User:"), {"duplicate table 'User'", "line 2"});
}

TEST_CASE("parse_models_yaml rejects an index name used on two tables", "[schema][models_yaml]") {
    const std::string yaml = R"Y(tables:
  a:
    columns:
      x: integer
    indexes:
      ix_shared: {columns: [x]}
  b:
    columns:
      y: integer
    indexes:
      ix_shared: {columns: [y]}
)Y";
    check_error(yaml, locate_second(yaml, "ix_shared"), {"duplicate index name 'ix_shared'", "'a'"});
}

TEST_CASE("parse_models_yaml rejects an explicit index that clashes with an `index: true` name", "[schema][models_yaml]") {
    const std::string yaml = R"Y(tables:
  t:
    columns:
      x: {type: integer, index: true}
    indexes:
      ix_t_x: {columns: [x]}
)Y";
    const InputError error = error_of(yaml);
    CHECK_THAT(std::string(error.what()), Catch::Contains("duplicate index name 'ix_t_x'"));
    CHECK(error.where().line == 6);
}

TEST_CASE("parse_models_yaml rejects indexes given as a list without names", "[schema][models_yaml]") {
    const std::string yaml = one_table("      a: integer\n", "    indexes:\n      - {columns: [a]}\n");
    check_error(yaml, locate(yaml, "- {columns"), {"'indexes'", "name"});
}

TEST_CASE("parse_models_yaml rejects autoincrement on a column that is not an integer primary key",
          "[schema][models_yaml]") {
    const std::string text_key = one_table("      id: {type: text, primary_key: true, autoincrement: true}\n");
    check_error(text_key, locate(text_key, "true}"), {"'autoincrement'", "'id'", "integer primary key"});
    const std::string not_key = one_table("      id: {type: integer, autoincrement: true}\n");
    check_error(not_key, locate(not_key, "true}"), {"'autoincrement'", "'id'"});
}

TEST_CASE("parse_models_yaml rejects autoincrement on a composite primary key", "[schema][models_yaml]") {
    const std::string yaml = one_table("      a: {type: integer, primary_key: true, autoincrement: true}\n"
                                       "      b: {type: integer, primary_key: true}\n");
    check_error(yaml, locate(yaml, "true}"), {"'autoincrement'", "single-column"});
}

TEST_CASE("parse_models_yaml rejects a strict table with a type STRICT does not allow", "[schema][models_yaml]") {
    const std::string yaml = one_table("      id: {type: integer, primary_key: true}\n      name: {type: string(80)}\n",
                                       "    strict: true\n");
    check_error(yaml, locate(yaml, "name:"), {"strict", "'name'", "VARCHAR(80)"});
}

TEST_CASE("parse_models_yaml accepts a strict table with INT, INTEGER, REAL, TEXT, BLOB and ANY", "[schema][models_yaml]") {
    const std::string yaml = one_table("      a: {type: integer}\n      b: {type: text}\n      c: {type: blob}\n"
                                       "      d: {type: real}\n      e: {type: INT}\n      f: {type: any}\n",
                                       "    strict: true\n");
    CHECK(table(load(yaml), "t").sqlite.strict);
}

TEST_CASE("parse_models_yaml rejects without_rowid without a primary key", "[schema][models_yaml]") {
    const std::string yaml = "tables:\n  plain:\n    columns:\n      a: integer\n    without_rowid: true\n";
    check_error(yaml, locate(yaml, "plain:"), {"'plain'", "without_rowid", "primary key"});
}

TEST_CASE("parse_models_yaml rejects a primary key declared both on columns and on the table", "[schema][models_yaml]") {
    const std::string yaml =
        one_table("      a: {type: integer, primary_key: true}\n      b: integer\n", "    primary_key: [a, b]\n");
    check_error(yaml, locate(yaml, "[a, b]"), {"primary key twice"});
}

TEST_CASE("parse_models_yaml rejects a table without columns", "[schema][models_yaml]") {
    const std::string yaml = "tables:\n  empty:\n    checks:\n      ck: 1\n";
    check_error(yaml, locate(yaml, "empty:"), {"'empty'", "'columns'"});
}

TEST_CASE("parse_models_yaml rejects a trigger that is not a CREATE TRIGGER statement", "[schema][models_yaml]") {
    const std::string yaml = spec_example + "triggers:\n  trg: UPDATE post SET title = 'x'\n";
    check_error(yaml, locate(yaml, "UPDATE post"), {"trigger 'trg'", "CREATE TRIGGER"});
}

TEST_CASE("parse_models_yaml rejects SQL text the tokenizer cannot read", "[schema][models_yaml]") {
    const std::string yaml = one_table("      a: {type: text, check: \"a <> 'x\"}\n");
    check_error(yaml, locate(yaml, "\"a <>"), {"'check'", "not valid SQL"});
}

TEST_CASE("parse_models_yaml keeps an explicit nullable: true on a column of a table-level primary key",
          "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      a: {type: text, nullable: true}\n      b: {type: text}\n",
                                          "    primary_key: [a, b]\n")),
                           "t");
    CHECK(column(t, "a").nullable);
    CHECK_FALSE(column(t, "b").nullable);
}

TEST_CASE("parse_models_yaml reads exponent numbers in `default` as numbers", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      a: {type: float, default: 1e3}\n      b: {type: float, default: -2.5E-3}\n"
                                          "      c: {type: float, default: .5}\n")),
                           "t");
    CHECK(column(t, "a").default_sql.value_or("<none>") == "1e3");
    CHECK(column(t, "b").default_sql.value_or("<none>") == "-2.5E-3");
    CHECK(column(t, "c").default_sql.value_or("<none>") == ".5");
}

TEST_CASE("parse_models_yaml rejects a boolean or null type", "[schema][models_yaml]") {
    const std::string boolean = one_table("      a: {type: true}\n");
    check_error(boolean, locate(boolean, "true"), {"type", "'a'", "string"});
    const std::string null = one_table("      a: {type: ~}\n");
    check_error(null, locate(null, "~"), {"type", "'a'", "string"});
}

TEST_CASE("parse_models_yaml rejects a column reference without a column", "[schema][models_yaml]") {
    const std::string yaml = R"Y(tables:
  user:
    columns:
      id: {type: integer, primary_key: true}
  post:
    columns:
      user_id: {type: integer, references: user}
)Y";
    check_error(yaml, locate(yaml, "user}"), {"'references'", "table.column", "'user'"});
}

TEST_CASE("parse_models_yaml rejects a foreign key whose column counts differ", "[schema][models_yaml]") {
    const std::string yaml = R"Y(tables:
  p:
    columns:
      x: {type: integer}
      y: {type: integer}
  c:
    columns:
      a: {type: integer}
      b: {type: integer}
    foreign_keys:
      fk_ab: {columns: [a, b], references: "p(x)"}
)Y";
    check_error(yaml, locate(yaml, "fk_ab"), {"'fk_ab'", "2 columns", "1"});
}

TEST_CASE("parse_models_yaml rejects a foreign key without references", "[schema][models_yaml]") {
    const std::string yaml = one_table("      a: integer\n", "    foreign_keys:\n      fk_a: {columns: [a]}\n");
    check_error(yaml, locate(yaml, "fk_a"), {"'fk_a'", "'references'"});
}

TEST_CASE("parse_models_yaml rejects columns given as a list", "[schema][models_yaml]") {
    const std::string yaml = "tables:\n  t:\n    columns:\n      - a\n      - b\n";
    check_error(yaml, locate(yaml, "- a"), {"'columns'", "'t'"});
}

TEST_CASE("parse_models_yaml rejects tables given as a list", "[schema][models_yaml]") {
    const std::string yaml = "tables:\n  - t\n";
    check_error(yaml, locate(yaml, "- t"), {"'tables'"});
}

TEST_CASE("parse_models_yaml rejects a view whose SQL the tokenizer cannot read", "[schema][models_yaml]") {
    const std::string yaml = spec_example + "views:\n  v: \"SELECT 'x FROM post\"\n";
    check_error(yaml, locate(yaml, "\"SELECT"), {"not valid SQL"});
}

TEST_CASE("parse_models_yaml rejects a table declared twice with the same name", "[schema][models_yaml]") {
    const std::string yaml = "tables:\n  user:\n    columns:\n      a: integer\n  user:\n    columns:\n      b: integer\n";
    check_error(yaml, locate_second(yaml, "user:"), {"duplicate key 'user' in tables", "line 2"});
}

TEST_CASE("a unique constraint written as a mapping without columns is refused, not a crash (found by fuzzing)",
          "[schema][models_yaml]") {
    const std::string yaml = "tables:\n  a:\n    columns:\n      x: integer\n    unique:\n      uq: {}\n";
    const InputError error = error_of(yaml);
    CHECK(std::string(error.what()) == "unique constraint 'uq' needs 'columns'");
    CHECK(error.where().line == 6);
}

TEST_CASE("parse_models_yaml rejects an unknown unique-constraint key with a did-you-mean hint", "[schema][models_yaml]") {
    const std::string yaml = "tables:\n  a:\n    columns:\n      x: integer\n    unique:\n      uq: {colums: [x]}\n";
    check_error(yaml, {6, 12}, {"unknown unique constraint setting 'colums' (did you mean 'columns'?)"});
}

TEST_CASE("parse_models_yaml rejects a column or an index with an empty name", "[schema][models_yaml]") {
    check_error("tables:\n  a:\n    columns:\n      \"\": integer\n", {4, 7}, {"a column of table 'a' needs a name"});
    check_error("tables:\n  a:\n    columns:\n      x: integer\n    indexes:\n      '': {columns: [x]}\n", {6, 7},
                {"an index of table 'a' needs a name"});
}

TEST_CASE("parse_models_yaml follows YAML anchors and aliases", "[schema][models_yaml]") {
    const Schema schema = load(
        "tables:\n  a:\n    columns:\n      id: &key {type: integer, nullable: false}\n      other: *key\n"
        "      label: &text text\n      note: *text\n");
    REQUIRE(schema.tables.size() == 1);
    const auto& columns = schema.tables[0].columns;
    REQUIRE(columns.size() == 4);
    CHECK(columns[1].type == "INTEGER");
    CHECK_FALSE(columns[1].nullable);
    CHECK(columns[3].type == "TEXT");
}

TEST_CASE("parse_models_yaml rejects an alias inside the node it refers to", "[schema][models_yaml]") {
    const std::string yaml = "tables:\n  a: &t\n    columns:\n      id: *t\n";
    check_error(yaml, locate(yaml, "*t"), {"an alias cannot refer to a node that contains it"});
}

TEST_CASE("parse_models_yaml reads only the first of several YAML documents", "[schema][models_yaml]") {
    const Schema schema = load("tables:\n  a:\n    columns:\n      id: integer\n---\nnot: models\n");
    REQUIRE(schema.tables.size() == 1);
    CHECK(schema.tables[0].name == "a");
}

TEST_CASE("whatever yaml-cpp throws while reading models is a located InputError", "[schema][models_yaml]") {
    const InputError error = error_of("tables:\n  a:\n    columns: {x: integer\n");
    CHECK(error.where().file == "models.yaml");
    CHECK(error.where().line > 0);
}

// --- Clauses SQLite acts on (issue #8) --------------------------------------------------------

TEST_CASE("parse_models_yaml reads ON CONFLICT for a column's key, unique and NOT NULL", "[schema][models_yaml]") {
    const Schema schema = load(one_table("      key: {type: text, nullable: false, unique: true, on_conflict: replace, "
                                         "not_null_on_conflict: ignore}\n      id: {type: integer, primary_key: true, "
                                         "on_conflict: fail}\n"));
    const Table& t = table(schema, "t");
    REQUIRE(t.uniques.size() == 1);
    CHECK(t.uniques[0].on_conflict == "REPLACE");
    CHECK(column(t, "key").not_null_conflict == "IGNORE");
    REQUIRE(t.primary_key);
    CHECK(t.primary_key->on_conflict == "FAIL");
}

TEST_CASE("parse_models_yaml refuses ON CONFLICT clauses without their constraint", "[schema][models_yaml]") {
    std::string yaml = one_table("      a: {type: text, on_conflict: replace}\n");
    check_error(yaml, locate(yaml, "replace"), {"'on_conflict' of column 'a' needs either primary_key or unique"});
    yaml = one_table("      a: {type: text, not_null_on_conflict: replace}\n");
    check_error(yaml, locate(yaml, "a:"), {"column 'a' has 'not_null_on_conflict' but is not NOT NULL"});
    yaml = one_table("      a: {type: text, unique: true, on_conflict: sometimes}\n");
    check_error(yaml, locate(yaml, "sometimes"), {"'on_conflict' must be one of rollback, abort, fail, ignore, replace"});
}

TEST_CASE("parse_models_yaml reads deferrable and initially as SQL says them", "[schema][models_yaml]") {
    const std::string parent = "tables:\n  p:\n    columns:\n      id: {type: integer, primary_key: true}\n  c:\n    columns:\n";
    const auto deferred_of = [&](const std::string& settings) {
        return table(load(parent + "      p_id: {type: integer, references: p.id" + settings + "}\n"), "c").foreign_keys.at(0).deferrable;
    };
    CHECK(deferred_of(", deferrable: true, initially: deferred"));
    CHECK_FALSE(deferred_of(", deferrable: true"));
    CHECK_FALSE(deferred_of(", deferrable: true, initially: immediate"));
    CHECK_FALSE(deferred_of(""));
    const std::string yaml = parent + "      p_id: {type: integer, references: p.id, initially: deferred}\n";
    check_error(yaml, locate(yaml, "deferred}"), {"'initially: deferred' needs 'deferrable: true'"});
}

TEST_CASE("parse_models_yaml reads key lists with COLLATE and DESC, and lists of unnamed constraints",
          "[schema][models_yaml]") {
    const Schema schema = load(one_table("      name: {type: text}\n      \"odd name\": {type: text}\n",
                                         "    primary_key: [name DESC, odd name]\n"
                                         "    unique:\n      - [name COLLATE NOCASE]\n      - {name: uq, columns: [odd name], "
                                         "on_conflict: ignore}\n"
                                         "    checks:\n      - length(name) > 0\n      - {name: ck, check: name != ''}\n"));
    const Table& t = table(schema, "t");
    REQUIRE(t.primary_key);
    CHECK(t.primary_key->columns == Strings{"name", "odd name"});
    CHECK(t.primary_key->options_of(0).descending);
    CHECK_FALSE(t.primary_key->options_of(1).descending);
    REQUIRE(t.uniques.size() == 2);
    CHECK(t.uniques[0].options_of(0).collate == "NOCASE");
    CHECK_FALSE(t.uniques[0].name);
    CHECK(t.uniques[1].name == "uq");
    CHECK(t.uniques[1].on_conflict == "IGNORE");
    REQUIRE(t.checks.size() == 2);
    CHECK_FALSE(t.checks[0].name);
    CHECK(t.checks[1].name == "ck");
}

TEST_CASE("parse_models_yaml takes sql_type exactly as written, without the generic mapping", "[schema][models_yaml]") {
    const Table& t = table(load(one_table("      a: {sql_type: string}\n      b: {sql_type: \"\"}\n      c: {type: string}\n")), "t");
    CHECK(column(t, "a").type == "string");
    CHECK(column(t, "b").type.empty());
    CHECK(column(t, "c").type == "VARCHAR");
}

TEST_CASE("parse_models_yaml refuses a foreign key to columns that are neither the key nor unique", "[schema][models_yaml]") {
    const std::string yaml = "tables:\n  p:\n    columns:\n      id: {type: integer, primary_key: true}\n      name: text\n"
                             "  c:\n    columns:\n      p_name: {type: text, references: p.name}\n";
    check_error(yaml, locate(yaml, "p.name"), {"references p(name), which is neither the primary key nor unique in 'p'"});
    const std::string unique = "tables:\n  p:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                               "      name: {type: text, unique: true}\n"
                               "  c:\n    columns:\n      p_name: {type: text, references: p.name}\n";
    CHECK_NOTHROW(load(unique));
}

TEST_CASE("parse_models_yaml reads virtual tables as module(arguments) or a whole statement", "[schema][models_yaml]") {
    const Schema schema = load("tables: {}\nvirtual_tables:\n  doc_fts: \"fts5(body, content='doc')\"\n"
                               "  places: CREATE VIRTUAL TABLE places USING rtree(id, a, b)\n");
    CHECK(schema.manages_virtual_tables);
    REQUIRE(schema.virtual_tables.size() == 2);
    CHECK(schema.virtual_tables[0].module == "fts5");
    CHECK(schema.virtual_tables[0].arguments == "body, content='doc'");
    CHECK(schema.virtual_tables[1].name == "places");
    CHECK_FALSE(load("tables: {}\n").manages_virtual_tables);
}

TEST_CASE("parse_models_yaml refuses a key given twice in any mapping, at the second", "[schema][models_yaml]") {
    check_error("tables:\n  a:\n    columns:\n      id: integer\n  a:\n    columns:\n      x: text\n", {5, 3},
                {"duplicate key 'a'", "first at line 2"});
    check_error(one_table("      id: {type: integer, type: text}\n"), {4, 27}, {"duplicate key 'type' in tables.t.columns.id"});
    check_error(one_table("      id: integer\n", "    strict: true\n    strict: false\n"), {6, 5}, {"duplicate key 'strict'"});
    check_error("tables:\n  a:\n    columns: {id: integer}\ntables:\n  b:\n    columns: {id: integer}\n", {4, 1},
                {"duplicate key 'tables'"});
    // The same text however it is quoted.
    check_error(one_table("      \"1x\": integer\n      '1x': text\n"), {5, 7}, {"duplicate key '1x'"});
    // Long mappings are checked through a hash, short ones key by key: both find the second
    // of two keys, whether it comes first among the keys after the 16th or last of 40.
    for (const int keys : {16, 17, 40}) {
        std::string columns;
        for (int i = 0; i < keys; ++i) columns += fmt::format("      c{}: integer\n", i);
        INFO(keys);
        check_error(one_table(columns + "      c0: text\n"), {4 + keys, 7}, {"duplicate key 'c0' in tables.t.columns", "first at line 4"});
        check_error(one_table(columns + fmt::format("      c{}: text\n", keys - 1)), {4 + keys, 7},
                    {fmt::format("duplicate key 'c{}'", keys - 1), fmt::format("first at line {}", 3 + keys)});
    }
}

TEST_CASE("parse_models_yaml says why a file nested past the parser's limit is refused", "[schema][models_yaml]") {
    const std::string deep = one_table("      id: " + std::string(10000, '[') + std::string(10000, ']') + "\n");
    const InputError error = error_of(deep);
    CHECK_THAT(std::string(error.what()), Catch::Contains("nested more than") && Catch::Contains("levels deep"));
    CHECK_THAT(std::string(error.what()), !Catch::Contains("bad file"));
    CHECK(error.where().line == 4);
}
