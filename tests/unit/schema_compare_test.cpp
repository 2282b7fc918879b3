// Unit tests for turning two schemas into operations (src/schema/compare.hpp, SPEC §8).
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "dbm/backend.hpp"
#include "dbm/database.hpp"
#include "dbm/error.hpp"
#include "dbm/operations.hpp"
#include "schema/compare.hpp"
#include "schema/models.hpp"
#include "support.hpp"
#include "sqlite_schema.hpp"

using dbm::Schema;
using dbm::schema::Operation;
namespace ops = dbm::schema;

namespace {

using Strings = std::vector<std::string>;


Schema from_sql(const std::string& sql) {
    auto connection = dbm::open_scratch("sqlite");
    for (const auto& statement : dbm::backend_for("sqlite").dialect().split_statements(sql)) connection->execute(statement.text, {});
    return connection->introspect({});
}

Schema from_yaml(const std::string& yaml) { return sqlite_schema::parse_models_yaml(yaml, "models.yaml"); }

std::string kind(const Operation& operation) {
    static const char* const names[] = {"CreateTable",    "DropTable",          "RenameTable",      "AddColumn",
                                        "DropColumn",     "RenameColumn",       "AlterColumn",      "AddConstraint",
                                        "DropConstraint", "AlterConstraint",    "ChangeTableOption", "CreateIndex",
                                        "DropIndex",      "CreateView",         "DropView",         "CreateTrigger",
                                        "DropTrigger",    "CreateVirtualTable", "DropVirtualTable"};
    static_assert(std::variant_size_v<Operation> == 19);
    return names[operation.index()];
}

Strings kinds(const std::vector<Operation>& operations) {
    Strings out;
    for (const auto& operation : operations) out.push_back(kind(operation));
    return out;
}

Strings descriptions(const std::vector<Operation>& operations) {
    Strings out;
    for (const auto& operation : operations) out.push_back(ops::describe(operation));
    return out;
}

// The operations that turn the `current` YAML models into the `wanted` ones.
std::vector<Operation> diff(const std::string& current, const std::string& wanted) {
    return sqlite_schema::compare(from_yaml(current), from_yaml(wanted));
}

std::size_t position(const std::vector<Operation>& operations, const std::string& description) {
    for (std::size_t i = 0; i < operations.size(); ++i)
        if (ops::describe(operations[i]) == description) return i;
    FAIL("no operation '" << description << "' among:\n" << Catch::Detail::stringify(descriptions(operations)));
    throw std::logic_error("unreachable");
}

const std::string base = R"Y(tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      name: {type: string(80), nullable: false}
      note: {type: text}
)Y";

}  // namespace

// --- Equal schemas ------------------------------------------------------------------------------

TEST_CASE("compare finds no operation between identical schemas", "[schema][compare]") {
    CHECK(diff(base, base).empty());
    const Schema db = from_sql("CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT UNIQUE, CHECK (x <> ''));"
                               "CREATE TABLE b (a_id INT REFERENCES a (id) ON DELETE CASCADE);"
                               "CREATE INDEX ix_b ON b (a_id) WHERE a_id > 0;"
                               "CREATE VIEW v AS SELECT * FROM a;"
                               "CREATE TRIGGER trg AFTER INSERT ON a BEGIN SELECT 1; END;");
    CHECK(sqlite_schema::compare(db, db).empty());
}

TEST_CASE("compare finds a Flask-Migrate database equal to the matching YAML models", "[schema][compare]") {
    const Schema current = from_sql(R"(
CREATE TABLE user (
    id INTEGER NOT NULL,
    username VARCHAR(80) NOT NULL,
    email VARCHAR(120) NOT NULL,
    created_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (username)
);
CREATE INDEX ix_user_email ON user (email);
)");
    const Schema models = from_yaml(test::spec_user_models);
    const auto operations = sqlite_schema::compare(current, sqlite_schema::with_unmanaged(models, current));
    INFO(Catch::Detail::stringify(descriptions(operations)));
    CHECK(operations.empty());
}

TEST_CASE("compare treats a rowid alias without NOT NULL as equal to a model primary key", "[schema][compare]") {
    const Schema current = from_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    const Schema models = from_yaml("tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                    "      name: {type: text}\n");
    CHECK(sqlite_schema::compare(current, models).empty());
    CHECK(sqlite_schema::compare(models, current).empty());
}

TEST_CASE("compare ignores case, spacing and quoting in types, defaults and checks", "[schema][compare]") {
    const Schema current = from_sql("CREATE TABLE t (a varchar( 80 ) DEFAULT (1 + 1), b TEXT CHECK (\"b\" <> ''), "
                                    "c BOOLEAN DEFAULT TRUE, d TEXT COLLATE nocase)");
    const Schema wanted = from_sql("CREATE TABLE \"T\" (A VARCHAR(80) DEFAULT (1+1), B text CHECK (b != ''), "
                                   "C boolean DEFAULT 1, D TEXT COLLATE NOCASE)");
    CHECK(sqlite_schema::compare(current, wanted).empty());
}

TEST_CASE("compare treats a NULL default and no default as the same", "[schema][compare]") {
    const Schema current = from_sql("CREATE TABLE t (a TEXT)");
    const Schema wanted = from_sql("CREATE TABLE t (a TEXT DEFAULT NULL)");
    CHECK(sqlite_schema::compare(current, wanted).empty());
}

// --- Tables -------------------------------------------------------------------------------------

TEST_CASE("compare creates an added table and drops a removed one", "[schema][compare]") {
    const std::string with_other = base + "  other:\n    columns:\n      x: integer\n";
    const auto added = diff(base, with_other);
    CHECK(kinds(added) == Strings{"CreateTable"});
    CHECK(std::get<ops::CreateTable>(added[0]).table.name == "other");
    const auto removed = diff(with_other, base);
    CHECK(kinds(removed) == Strings{"DropTable"});
    CHECK(std::get<ops::DropTable>(removed[0]).table.name == "other");
    CHECK(sqlite_schema::loses_data(removed[0]));
}

TEST_CASE("compare renames a table only when renamed_from says so", "[schema][compare]") {
    const std::string renamed = "tables:\n  things:\n    renamed_from: t\n" + base.substr(base.find("    columns:"));
    const auto operations = diff(base, renamed);
    REQUIRE(kinds(operations) == Strings{"RenameTable"});
    CHECK(std::get<ops::RenameTable>(operations[0]).from == "t");
    CHECK(std::get<ops::RenameTable>(operations[0]).to == "things");
}

TEST_CASE("compare never guesses a dropped and an added table with the same columns to be a rename",
          "[schema][compare]") {
    const std::string renamed = "tables:\n  things:\n" + base.substr(base.find("    columns:"));
    const auto operations = diff(base, renamed);
    CHECK(kinds(operations) == Strings{"CreateTable", "DropTable"});
}

TEST_CASE("compare ignores renamed_from when the old table is gone or the new one exists", "[schema][compare]") {
    // Already renamed: the hint names a table that no longer exists.
    const std::string renamed = "tables:\n  things:\n    renamed_from: t\n" + base.substr(base.find("    columns:"));
    CHECK(diff(renamed, renamed).empty());
}

TEST_CASE("compare renames a table and alters it under its new name in one go", "[schema][compare]") {
    const std::string renamed = "tables:\n  things:\n    renamed_from: t\n    columns:\n"
                                "      id: {type: integer, primary_key: true}\n"
                                "      name: {type: string(120), nullable: false}\n"
                                "      note: {type: text}\n";
    const auto operations = diff(base, renamed);
    REQUIRE(kinds(operations) == Strings{"RenameTable", "AlterColumn"});
    CHECK(std::get<ops::AlterColumn>(operations[1]).table == "things");
}

TEST_CASE("compare follows a table's renamed_from when the models declare the old name again: rename, then create",
          "[schema][compare]") {
    const std::string both = base + "  things:\n    renamed_from: t\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                    "      name: {type: string(80), nullable: false}\n      note: {type: text}\n";
    const auto operations = diff(base, both);
    REQUIRE(kinds(operations) == Strings{"RenameTable", "CreateTable"});
    CHECK(std::get<ops::RenameTable>(operations[0]).from == "t");
    CHECK(std::get<ops::RenameTable>(operations[0]).to == "things");
    CHECK(std::get<ops::CreateTable>(operations[1]).table.name == "t");
    // Once the database has both, the hint is spent: nothing more to do.
    CHECK(diff(both, both).empty());
}

TEST_CASE("compare keeps constraints and indexes on a renamed column without changing them", "[schema][compare]") {
    const std::string current = base + "    unique:\n      uq_note: [note]\n    indexes:\n      ix_t_note: {columns: [note]}\n";
    std::string wanted = base;
    wanted.replace(wanted.find("      note: {type: text}"), 24, "      remark: {type: text, renamed_from: note}");
    wanted += "    unique:\n      uq_note: [remark]\n    indexes:\n      ix_t_note: {columns: [remark]}\n";
    CHECK(kinds(diff(current, wanted)) == Strings{"RenameColumn"});
}

TEST_CASE("compare follows a column's renamed_from when the old column is declared again: rename, then add",
          "[schema][compare]") {
    const std::string wanted = base + "      remark: {type: text, renamed_from: note}\n";
    const auto operations = diff(base, wanted);
    REQUIRE(kinds(operations) == Strings{"RenameColumn", "AddColumn"});
    CHECK(std::get<ops::RenameColumn>(operations[0]).from == "note");
    CHECK(std::get<ops::AddColumn>(operations[1]).column.name == "note");
    CHECK(diff(wanted, wanted).empty());
}

// --- Columns ------------------------------------------------------------------------------------

TEST_CASE("compare adds and drops columns", "[schema][compare]") {
    const std::string added = base + "      extra: {type: integer}\n";
    const auto add = diff(base, added);
    REQUIRE(kinds(add) == Strings{"AddColumn"});
    CHECK(std::get<ops::AddColumn>(add[0]).table == "t");
    CHECK(std::get<ops::AddColumn>(add[0]).column.name == "extra");
    const auto drop = diff(added, base);
    REQUIRE(kinds(drop) == Strings{"DropColumn"});
    CHECK(std::get<ops::DropColumn>(drop[0]).column.name == "extra");
    CHECK(sqlite_schema::loses_data(drop[0]));
}

TEST_CASE("compare renames a column only from renamed_from, and never guesses one", "[schema][compare]") {
    std::string renamed = base;
    renamed.replace(renamed.find("      note: {type: text}"), 24, "      remark: {type: text, renamed_from: note}");
    const auto operations = diff(base, renamed);
    REQUIRE(kinds(operations) == Strings{"RenameColumn"});
    const auto& rename = std::get<ops::RenameColumn>(operations[0]);
    CHECK(rename.table == "t");
    CHECK(rename.from == "note");
    CHECK(rename.to == "remark");

    std::string unhinted = base;
    unhinted.replace(unhinted.find("      note: {type: text}"), 24, "      remark: {type: text}");
    CHECK(kinds(diff(base, unhinted)) == Strings{"DropColumn", "AddColumn"});
}

TEST_CASE("compare renames a column and alters it in one go", "[schema][compare]") {
    std::string renamed = base;
    renamed.replace(renamed.find("      note: {type: text}"), 24,
                    "      remark: {type: string(50), nullable: false, default: x, renamed_from: note}");
    const auto operations = diff(base, renamed);
    REQUIRE(kinds(operations) == Strings{"RenameColumn", "AlterColumn"});
    const auto& alter = std::get<ops::AlterColumn>(operations[1]);
    CHECK(alter.before.name == "remark");
    CHECK(alter.after.type == "VARCHAR(50)");
}

TEST_CASE("compare alters a column whose type, nullability, default or collation changes", "[schema][compare]") {
    const std::string before = "tables:\n  t:\n    columns:\n      a: {type: text}\n";
    for (const std::string after : {"{type: integer}", "{type: text, nullable: false, default: x}", "{type: text, default: x}",
                                    "{type: text, collate: NOCASE}", "{type: string(10)}"}) {
        INFO(after);
        const auto operations = diff(before, "tables:\n  t:\n    columns:\n      a: " + after + "\n");
        REQUIRE(kinds(operations) == Strings{"AlterColumn"});
        const auto& alter = std::get<ops::AlterColumn>(operations[0]);
        CHECK(alter.table == "t");
        CHECK(alter.before.name == "a");
        CHECK(alter.after.name == "a");
    }
}

TEST_CASE("compare alters a column whose generated expression changes", "[schema][compare]") {
    const std::string before = "tables:\n  t:\n    columns:\n      a: integer\n      g: {type: integer, generated: a * 2}\n";
    const std::string after = "tables:\n  t:\n    columns:\n      a: integer\n      g: {type: integer, generated: a * 3}\n";
    CHECK(kinds(diff(before, after)) == Strings{"AlterColumn"});
    const std::string stored =
        "tables:\n  t:\n    columns:\n      a: integer\n      g: {type: integer, generated: a * 2, stored: true}\n";
    CHECK(kinds(diff(before, stored)) == Strings{"AlterColumn"});
}

// --- Constraints and options ----------------------------------------------------------------------

TEST_CASE("compare reports a changed primary key as one changed constraint", "[schema][compare]") {
    const std::string before = "tables:\n  t:\n    columns:\n      a: integer\n      b: integer\n    primary_key: [a]\n";
    const std::string after = "tables:\n  t:\n    columns:\n      a: integer\n      b: integer\n    primary_key: [a, b]\n";
    const auto operations = diff(before, after);
    // b also becomes NOT NULL as a key column.
    const Strings found = kinds(operations);
    CHECK(std::count(found.begin(), found.end(), "AlterConstraint") == 1);
    CHECK(std::count(found.begin(), found.end(), "DropConstraint") == 0);
    const auto change = std::find_if(operations.begin(), operations.end(),
                                     [](const Operation& op) { return std::holds_alternative<ops::AlterConstraint>(op); });
    REQUIRE(change != operations.end());
    const auto& altered = std::get<ops::AlterConstraint>(*change);
    CHECK(std::get<dbm::PrimaryKey>(altered.before).columns == Strings{"a"});
    CHECK(std::get<dbm::PrimaryKey>(altered.after).columns == Strings{"a", "b"});
    CHECK(ops::describe(*change) == "changed primary key on 't': columns (a) -> (a, b)");
}

TEST_CASE("compare drops and adds unique constraints and changes one under another name", "[schema][compare]") {
    std::string unique = base;
    unique.replace(unique.find("nullable: false}"), 16, "nullable: false, unique: true}");
    const auto add = diff(base, unique);
    REQUIRE(kinds(add) == Strings{"AddConstraint"});
    CHECK(std::get<dbm::UniqueConstraint>(std::get<ops::AddConstraint>(add[0]).constraint).columns == Strings{"name"});
    CHECK(kinds(diff(unique, base)) == Strings{"DropConstraint"});
    const std::string renamed_constraint = base + "    unique:\n      uq_a: [name]\n";
    const std::string other_name = base + "    unique:\n      uq_b: [name]\n";
    CHECK(descriptions(diff(renamed_constraint, other_name)) ==
          Strings{"changed unique constraint 'uq_a' (name) on 't': name 'uq_a' -> 'uq_b'"});
}

TEST_CASE("compare reports a named check whose condition changed as one changed constraint", "[schema][compare]") {
    const std::string one = base + "    checks:\n      ck_name: length(name) > 0\n";
    const std::string same = base + "    checks:\n      ck_name: \"(LENGTH(\\\"name\\\")>0)\"\n";
    const std::string other = base + "    checks:\n      ck_name: length(name) > 1\n";
    CHECK(kinds(diff(base, one)) == Strings{"AddConstraint"});
    CHECK(diff(one, same).empty());
    CHECK(descriptions(diff(one, other)) ==
          Strings{"changed check constraint 'ck_name' on 't': expression (length(name) > 0) -> (length(name) > 1)"});
    CHECK(kinds(diff(one, base)) == Strings{"DropConstraint"});
    // Unnamed checks have no identity: a different condition is another check.
    const std::string unnamed = base + "    checks: [\"length(name) > 0\"]\n";
    const std::string unnamed_other = base + "    checks: [\"length(name) > 1\"]\n";
    CHECK(kinds(diff(unnamed, unnamed_other)) == Strings{"DropConstraint", "AddConstraint"});
}

TEST_CASE("compare reports a foreign key whose actions changed as one changed constraint", "[schema][compare]") {
    const std::string parent = "tables:\n  p:\n    columns:\n      id: {type: integer, primary_key: true}\n  c:\n    columns:\n";
    const std::string plain = parent + "      p_id: {type: integer}\n";
    const std::string keyed = parent + "      p_id: {type: integer, references: p.id}\n";
    const std::string cascade = parent + "      p_id: {type: integer, references: p.id, on_delete: cascade}\n";
    const std::string deferred =
        parent + "      p_id: {type: integer, references: p.id, on_delete: cascade, deferrable: true, initially: deferred}\n";
    CHECK(kinds(diff(plain, keyed)) == Strings{"AddConstraint"});
    CHECK(kinds(diff(keyed, plain)) == Strings{"DropConstraint"});
    CHECK(descriptions(diff(keyed, cascade)) ==
          Strings{"changed foreign key (p_id) -> p(id) on 'c': ON DELETE NO ACTION -> CASCADE"});
    CHECK(descriptions(diff(deferred, cascade)) ==
          Strings{"changed foreign key (p_id) -> p(id) on 'c': INITIALLY DEFERRED -> immediate"});
    // A key naming the referred table's primary key implicitly is the same key.
    const std::string implicit_keyed = parent + "      p_id: integer\n    foreign_keys:\n      fk: {columns: [p_id], references: p}\n";
    const std::string explicit_keyed =
        parent + "      p_id: integer\n    foreign_keys:\n      fk: {columns: [p_id], references: \"p(id)\"}\n";
    CHECK(diff(implicit_keyed, explicit_keyed).empty());
}

TEST_CASE("compare changes WITHOUT ROWID and STRICT as table options", "[schema][compare]") {
    const auto without = diff(base, base + "    without_rowid: true\n");
    REQUIRE(kinds(without) == Strings{"ChangeTableOption"});
    CHECK(std::get<ops::ChangeTableOption>(without[0]).option == "WITHOUT ROWID");
    CHECK(std::get<ops::ChangeTableOption>(without[0]).enabled);
    const auto with = diff(base + "    without_rowid: true\n", base);
    REQUIRE(kinds(with) == Strings{"ChangeTableOption"});
    CHECK_FALSE(std::get<ops::ChangeTableOption>(with[0]).enabled);

    const std::string strict_base = "tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n";
    const auto strict = diff(strict_base, strict_base + "    strict: true\n");
    REQUIRE(kinds(strict) == Strings{"ChangeTableOption"});
    CHECK(std::get<ops::ChangeTableOption>(strict[0]).option == "STRICT");
    CHECK(std::get<ops::ChangeTableOption>(strict[0]).enabled);
}

// --- Indexes --------------------------------------------------------------------------------------

TEST_CASE("compare creates added indexes and drops removed ones", "[schema][compare]") {
    const std::string indexed = base + "    indexes:\n      ix_t_name: {columns: [name]}\n";
    const auto add = diff(base, indexed);
    REQUIRE(kinds(add) == Strings{"CreateIndex"});
    CHECK(std::get<ops::CreateIndex>(add[0]).index.name == "ix_t_name");
    CHECK(std::get<ops::CreateIndex>(add[0]).index.table == "t");
    const auto drop = diff(indexed, base);
    REQUIRE(kinds(drop) == Strings{"DropIndex"});
    CHECK(std::get<ops::DropIndex>(drop[0]).index.name == "ix_t_name");
}

TEST_CASE("compare drops and recreates an index whose definition changes", "[schema][compare]") {
    const std::string indexed = base + "    indexes:\n      ix_t_name: {columns: [name]}\n";
    for (const std::string changed : {"{columns: [name], unique: true}", "{columns: [name], where: note IS NULL}",
                                      "{columns: [name DESC]}", "{columns: [name, note]}", "{columns: [lower(name)]}",
                                      "{columns: [name COLLATE NOCASE]}"}) {
        INFO(changed);
        const auto operations = diff(indexed, base + "    indexes:\n      ix_t_name: " + changed + "\n");
        CHECK(kinds(operations) == Strings{"DropIndex", "CreateIndex"});
    }
}

TEST_CASE("compare matches index columns and WHERE after normalisation", "[schema][compare]") {
    const Schema current = from_sql("CREATE TABLE t (a TEXT, b INT); CREATE INDEX ix ON t (lower(a), b) WHERE b <> 0");
    const Schema wanted = from_sql("CREATE TABLE t (a TEXT, b INT); CREATE INDEX ix ON t (LOWER( a ), \"b\") WHERE (b != 0)");
    CHECK(sqlite_schema::compare(current, wanted).empty());
}

// --- Ordering -------------------------------------------------------------------------------------

TEST_CASE("compare creates new tables in foreign-key order, parents first", "[schema][compare]") {
    const std::string wanted = R"Y(tables:
  grandchild:
    columns:
      child_id: {type: integer, references: child.id}
  child:
    columns:
      id: {type: integer, primary_key: true}
      parent_id: {type: integer, references: parent.id}
  parent:
    columns:
      id: {type: integer, primary_key: true}
)Y";
    const auto operations = diff("tables:\n", wanted);
    REQUIRE(kinds(operations) == Strings{"CreateTable", "CreateTable", "CreateTable"});
    CHECK(std::get<ops::CreateTable>(operations[0]).table.name == "parent");
    CHECK(std::get<ops::CreateTable>(operations[1]).table.name == "child");
    CHECK(std::get<ops::CreateTable>(operations[2]).table.name == "grandchild");
}

TEST_CASE("compare drops removed tables in reverse foreign-key order, children first", "[schema][compare]") {
    const std::string current = R"Y(tables:
  parent:
    columns:
      id: {type: integer, primary_key: true}
  child:
    columns:
      id: {type: integer, primary_key: true}
      parent_id: {type: integer, references: parent.id}
  grandchild:
    columns:
      child_id: {type: integer, references: child.id}
)Y";
    const auto operations = diff(current, "tables:\n");
    REQUIRE(kinds(operations) == Strings{"DropTable", "DropTable", "DropTable"});
    CHECK(std::get<ops::DropTable>(operations[0]).table.name == "grandchild");
    CHECK(std::get<ops::DropTable>(operations[1]).table.name == "child");
    CHECK(std::get<ops::DropTable>(operations[2]).table.name == "parent");
}

TEST_CASE("compare keeps a self-referencing table and a cycle without looping", "[schema][compare]") {
    const std::string wanted = R"Y(tables:
  node:
    columns:
      id: {type: integer, primary_key: true}
      parent_id: {type: integer, references: node.id}
  a:
    columns:
      id: {type: integer, primary_key: true}
      b_id: {type: integer, references: b.id}
  b:
    columns:
      id: {type: integer, primary_key: true}
      a_id: {type: integer, references: a.id}
)Y";
    const auto operations = diff("tables:\n", wanted);
    CHECK(kinds(operations) == Strings{"CreateTable", "CreateTable", "CreateTable"});
}

TEST_CASE("compare orders index drops before table changes before index creates", "[schema][compare]") {
    const std::string current = base + "    indexes:\n      ix_t_name: {columns: [name]}\n";
    std::string wanted = base;
    wanted.replace(wanted.find("{type: text}"), 12, "{type: string(10)}");
    wanted += "    indexes:\n      ix_t_name: {columns: [name], unique: true}\n      ix_t_note: {columns: [note]}\n";
    wanted += "  extra:\n    columns:\n      id: {type: integer, primary_key: true}\n";
    const auto operations = diff(current, wanted);
    INFO(Catch::Detail::stringify(descriptions(operations)));
    REQUIRE(operations.size() == 5);
    const auto drop = position(operations, "removed index 'ix_t_name' on 't'");
    const auto create_table = position(operations, "added table 'extra'");
    const auto alter = position(operations, "changed column 't.note': type TEXT -> VARCHAR(10)");
    const auto create_name = position(operations, "added unique index 'ix_t_name' on 't' (name)");
    const auto create_note = position(operations, "added index 'ix_t_note' on 't' (note)");
    CHECK(drop < create_table);
    CHECK(create_table < alter);
    CHECK(alter < create_name);
    CHECK(alter < create_note);
}

TEST_CASE("compare alters a table in the order renames, constraint drops, column drops, adds, changes, constraint adds",
          "[schema][compare]") {
    const std::string current = R"Y(tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      old: {type: text}
      gone: {type: text}
      typed: {type: text}
    checks:
      ck_old: old <> 'x'
)Y";
    const std::string wanted = R"Y(tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      new: {type: text, renamed_from: old}
      typed: {type: integer}
      added: {type: text}
    checks:
      ck_new: new <> 'y'
)Y";
    const auto operations = diff(current, wanted);
    CHECK(kinds(operations) ==
          Strings{"RenameColumn", "DropConstraint", "DropColumn", "AddColumn", "AlterColumn", "AddConstraint"});
}

// --- Views and triggers ---------------------------------------------------------------------------

TEST_CASE("compare leaves views and triggers alone when the models do not manage them", "[schema][compare]") {
    const Schema current = from_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);"
                                    "CREATE VIEW v AS SELECT name FROM t;"
                                    "CREATE TRIGGER trg AFTER INSERT ON t BEGIN SELECT 1; END;");
    const Schema models = from_yaml("tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                                    "      name: {type: text}\n");
    CHECK(sqlite_schema::compare(current, sqlite_schema::with_unmanaged(models, current)).empty());
    CHECK(sqlite_schema::compare(current, models).empty());
}

TEST_CASE("with_unmanaged keeps current views, and triggers of tables the models keep", "[schema][compare]") {
    const Schema current = from_sql("CREATE TABLE t (a); CREATE TABLE gone (a); CREATE TABLE old_name (a);"
                                    "CREATE VIEW v AS SELECT a FROM t;"
                                    "CREATE TRIGGER trg_t AFTER INSERT ON t BEGIN SELECT 1; END;"
                                    "CREATE TRIGGER trg_gone AFTER INSERT ON gone BEGIN SELECT 1; END;"
                                    "CREATE TRIGGER trg_old AFTER INSERT ON old_name BEGIN SELECT 1; END;");
    const Schema models = from_yaml("tables:\n  t:\n    columns:\n      a: integer\n"
                                    "  new_name:\n    renamed_from: old_name\n    columns:\n      a: integer\n");
    const Schema wanted = sqlite_schema::with_unmanaged(models, current);
    REQUIRE(wanted.views.size() == 1);
    CHECK(wanted.views[0].name == "v");
    Strings triggers;
    for (const auto& trigger : wanted.triggers) triggers.push_back(trigger.name);
    std::sort(triggers.begin(), triggers.end());
    CHECK(triggers == Strings{"trg_old", "trg_t"});
}

TEST_CASE("with_unmanaged keeps the models' own views and triggers when they manage them", "[schema][compare]") {
    const Schema current = from_sql("CREATE TABLE t (a INTEGER); CREATE VIEW v AS SELECT a FROM t;"
                                    "CREATE TRIGGER trg AFTER INSERT ON t BEGIN SELECT 1; END;");
    const Schema models = from_yaml("tables:\n  t:\n    columns:\n      a: integer\nviews:\ntriggers:\n");
    const Schema wanted = sqlite_schema::with_unmanaged(models, current);
    CHECK(wanted.views.empty());
    CHECK(wanted.triggers.empty());
    Strings found = kinds(sqlite_schema::compare(current, wanted));
    std::sort(found.begin(), found.end());
    CHECK(found == Strings{"DropTrigger", "DropView"});
}

TEST_CASE("compare creates, drops and replaces managed views and triggers", "[schema][compare]") {
    const Schema current = from_sql("CREATE TABLE t (a INT);"
                                    "CREATE VIEW v_same AS SELECT a FROM t;"
                                    "CREATE VIEW v_changed AS SELECT a FROM t;"
                                    "CREATE VIEW v_gone AS SELECT a FROM t;"
                                    "CREATE TRIGGER trg_gone AFTER INSERT ON t BEGIN SELECT 1; END;");
    const Schema wanted = from_sql("CREATE TABLE t (a INT);"
                                   "CREATE VIEW v_same AS select \"a\" from t;"
                                   "CREATE VIEW v_changed AS SELECT a + 1 AS a FROM t;"
                                   "CREATE VIEW v_new AS SELECT 1;"
                                   "CREATE TRIGGER trg_new AFTER DELETE ON t BEGIN SELECT 2; END;");
    const auto operations = sqlite_schema::compare(current, wanted);
    const Strings described = descriptions(operations);
    INFO(Catch::Detail::stringify(described));
    CHECK(operations.size() == 6);
    const auto drop_changed = position(operations, "removed view 'v_changed'");
    const auto drop_gone = position(operations, "removed view 'v_gone'");
    const auto drop_trigger = position(operations, "removed trigger 'trg_gone' on 't'");
    const auto create_changed = position(operations, "added view 'v_changed'");
    const auto create_new = position(operations, "added view 'v_new'");
    const auto create_trigger = position(operations, "added trigger 'trg_new' on 't'");
    CHECK(std::max({drop_changed, drop_gone, drop_trigger}) < std::min({create_changed, create_new, create_trigger}));
}

// --- check_operations and inverse -----------------------------------------------------------------

TEST_CASE("check_operations rejects a NOT NULL column without default added to an existing table",
          "[schema][compare]") {
    const std::string wanted = base + "      code: {type: text, nullable: false}\n";
    const auto operations = diff(base, wanted);
    try {
        ops::check_operations(operations, "models.yaml");
        FAIL("check_operations accepted a NOT NULL column without default");
    } catch (const dbm::InputError& error) {
        CHECK(error.where().file == "models.yaml");
        CHECK(error.where().line == 7);
        CHECK(error.where().column == 7);
        CHECK_THAT(std::string(error.what()), Catch::Contains("t.code"));
        CHECK_THAT(std::string(error.what()), Catch::Contains("default"));
    }
}

TEST_CASE("check_operations accepts NOT NULL columns with a default, nullable ones and new tables",
          "[schema][compare]") {
    CHECK_NOTHROW(ops::check_operations(diff(base, base + "      code: {type: text, nullable: false, default: x}\n"),
                                        "models.yaml"));
    CHECK_NOTHROW(ops::check_operations(diff(base, base + "      code: {type: text}\n"), "models.yaml"));
    CHECK_NOTHROW(ops::check_operations(
        diff(base, base + "  other:\n    columns:\n      code: {type: text, nullable: false}\n"), "models.yaml"));
    CHECK_NOTHROW(ops::check_operations(
        diff(base, base + "      code: {type: integer, nullable: false, generated: id * 2}\n"), "models.yaml"));
}

TEST_CASE("inverse of an operation undoes it", "[schema][compare]") {
    dbm::Table table;
    table.name = "t";
    dbm::Column column;
    column.name = "c";
    dbm::Column other = column;
    other.type = "TEXT";
    dbm::Index index;
    index.name = "ix";
    index.table = "t";
    CHECK(kind(ops::inverse(ops::CreateTable{table})) == "DropTable");
    CHECK(kind(ops::inverse(ops::DropTable{table})) == "CreateTable");
    const auto rename = std::get<ops::RenameTable>(ops::inverse(ops::RenameTable{"a", "b"}));
    CHECK(rename.from == "b");
    CHECK(rename.to == "a");
    CHECK(kind(ops::inverse(ops::AddColumn{"t", column})) == "DropColumn");
    CHECK(kind(ops::inverse(ops::DropColumn{"t", column})) == "AddColumn");
    const auto column_rename = std::get<ops::RenameColumn>(ops::inverse(ops::RenameColumn{"t", "a", "b"}));
    CHECK(column_rename.from == "b");
    CHECK(column_rename.to == "a");
    const auto alter = std::get<ops::AlterColumn>(ops::inverse(ops::AlterColumn{"t", column, other}));
    CHECK(alter.before.type == "TEXT");
    CHECK(alter.after.type.empty());
    CHECK(kind(ops::inverse(ops::AddConstraint{"t", dbm::CheckConstraint{std::nullopt, "1"}})) == "DropConstraint");
    CHECK(kind(ops::inverse(ops::DropConstraint{"t", dbm::CheckConstraint{std::nullopt, "1"}})) == "AddConstraint");
    const auto option = std::get<ops::ChangeTableOption>(ops::inverse(ops::ChangeTableOption{"t", "STRICT", true}));
    CHECK(option.option == "STRICT");
    CHECK_FALSE(option.enabled);
    CHECK(kind(ops::inverse(ops::CreateIndex{index})) == "DropIndex");
    CHECK(kind(ops::inverse(ops::DropIndex{index})) == "CreateIndex");
    CHECK(kind(ops::inverse(ops::CreateView{{"v", "CREATE VIEW v AS SELECT 1"}})) == "DropView");
    CHECK(kind(ops::inverse(ops::DropView{{"v", "CREATE VIEW v AS SELECT 1"}})) == "CreateView");
    CHECK(kind(ops::inverse(ops::CreateTrigger{{"g", "t", "CREATE TRIGGER g ..."}})) == "DropTrigger");
    CHECK(kind(ops::inverse(ops::DropTrigger{{"g", "t", "CREATE TRIGGER g ..."}})) == "CreateTrigger");
}

TEST_CASE("inverse of an operation list is the inverted list in reverse order", "[schema][compare]") {
    std::string wanted = base;
    wanted.replace(wanted.find("      note: {type: text}"), 24, "      remark: {type: text, renamed_from: note}");
    wanted += "      extra: {type: integer}\n  other:\n    columns:\n      x: integer\n";
    const auto operations = diff(base, wanted);
    REQUIRE(kinds(operations) == Strings{"CreateTable", "RenameColumn", "AddColumn"});
    const auto undo = ops::inverse(operations);
    CHECK(kinds(undo) == Strings{"DropColumn", "RenameColumn", "DropTable"});
    CHECK(std::get<ops::RenameColumn>(undo[1]).from == "remark");
    CHECK(std::get<ops::RenameColumn>(undo[1]).to == "note");
    CHECK(std::get<ops::DropTable>(undo[2]).table.name == "other");
    // Inverting twice gives the original operations back.
    CHECK(descriptions(ops::inverse(undo)) == descriptions(operations));
}

TEST_CASE("compare of a current schema against its own inverse target gives the inverse operations",
          "[schema][compare]") {
    std::string wanted = base;
    wanted.replace(wanted.find("{type: text}"), 12, "{type: integer}");
    wanted += "  other:\n    columns:\n      x: integer\n";
    const auto forward = diff(base, wanted);
    Strings backward = descriptions(diff(wanted, base));
    Strings undone = descriptions(ops::inverse(forward));
    std::sort(backward.begin(), backward.end());
    std::sort(undone.begin(), undone.end());
    CHECK(backward == undone);
}
