// The schema layer asks every engine question through SchemaRules: with the rules of an
// engine unlike SQLite (names compared exactly, its own type names, no table options), the
// same models reader, writer and comparison give that engine's answers. Links no backend.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <string>

#include "dbm/error.hpp"
#include "dbm/schema_rules.hpp"
#include "schema/compare.hpp"
#include "schema/models.hpp"
#include "util/text.hpp"

namespace {

using dbm::Schema;
namespace schema = dbm::schema;

// An engine that compares names exactly, declares string(n) as "character varying(n)",
// has no table options and no row key alias, and reads SQL fragments by their words.
class ExactRules final : public dbm::SchemaRules {
public:
    bool same_name(std::string_view a, std::string_view b) const override { return a == b; }
    std::string name_key(std::string_view name) const override { return std::string(name); }
    std::optional<std::string> reserved_name(std::string_view name) const override {
        if (name.starts_with("pg_")) return "names beginning with 'pg_' are the engine's";
        return std::nullopt;
    }
    std::string normalize_type(std::string_view type) const override { return words(type, true); }
    std::string normalize_sql(std::string_view sql) const override { return words(sql, false); }
    std::string collation_key(const std::optional<std::string>& collate) const override { return collate.value_or("C"); }
    const dbm::Column* row_key_alias(const dbm::Table&) const override { return nullptr; }
    std::vector<schema::Operation> table_option_changes(const dbm::Table&, const dbm::Table&) const override { return {}; }
    std::vector<std::string> table_option_keys() const override { return {}; }
    void set_table_option(dbm::Table&, std::string_view, bool) const override {}
    std::vector<std::string> table_options_set(const dbm::Table&) const override { return {}; }
    std::optional<dbm::TableProblem> check_table(const dbm::Table&) const override { return std::nullopt; }
    bool can_autoincrement(const dbm::Column& column) const override { return normalize_type(column.type) == "INTEGER"; }
    bool virtual_table_holds_rows(const dbm::VirtualTable&) const override { return true; }
    bool rebuilds_table(const dbm::schema::Operation&) const override { return false; }
    std::string rename_in_sql(const std::string& sql, const dbm::NameMap&) const override { return sql; }
    std::string declared_type(std::string_view generic) const override {
        const std::string type(dbm::text::trim(generic));
        if (type.starts_with("string(")) return "character varying" + type.substr(6);
        if (type == "integer") return "INTEGER";
        if (type == "text") return "TEXT";
        return type;
    }
    std::string generic_type(const std::string& declared) const override {
        if (declared.starts_with("character varying(")) return "string" + declared.substr(17);
        if (declared == "INTEGER") return "integer";
        if (declared == "TEXT") return "text";
        return {};
    }
    bool is_type_name(std::string_view type) const override { return !type.empty() && type.find("NULL") == std::string::npos; }
    std::string boolean_literal(bool value) const override { return value ? "TRUE" : "FALSE"; }
    std::string sample_literal(const dbm::Column&) const override { return "1"; }
    std::string default_expression(std::string_view expression) const override { return "(" + std::string(expression) + ")"; }
    dbm::DefaultValue read_default(const std::string& sql) const override {
        if (sql.size() >= 2 && sql.front() == '(' && sql.back() == ')')
            return {dbm::DefaultValue::Kind::expression, sql.substr(1, sql.size() - 2)};
        if (sql.size() >= 2 && sql.front() == '\'') return {dbm::DefaultValue::Kind::string, sql.substr(1, sql.size() - 2)};
        return {dbm::DefaultValue::Kind::number, sql};
    }
    void check_sql(std::string_view sql) const override {
        if (std::count(sql.begin(), sql.end(), '\'') % 2) throw dbm::sql::SqlSyntaxError{"unterminated string", sql.size()};
    }
    bool is_create_statement(std::string_view sql) const override { return sql.starts_with("CREATE"); }
    dbm::IndexColumn read_index_column(std::string_view entry) const override {
        return {std::string(entry), true, false, std::nullopt};
    }
    std::string trigger_table(std::string_view) const override { return "t"; }
    dbm::VirtualTable read_virtual_table(std::string_view sql) const override { return {"v", "m", "", std::string(sql)}; }
    std::string create_view_prefix(const std::string& name) const override { return "CREATE VIEW " + name + " AS "; }
    std::string create_virtual_table_prefix(const std::string& name) const override { return "CREATE VT " + name + " "; }

private:
    // Words joined by single spaces; types in upper case.
    static std::string words(std::string_view sql, bool upper) {
        std::string out;
        for (const std::string& word : dbm::text::split_list(std::string(sql), ' ')) {
            if (word.empty()) continue;
            if (!out.empty()) out += ' ';
            out += upper ? dbm::text::upper(word) : word;
        }
        return out;
    }
};

const ExactRules rules;

Schema models(const std::string& yaml) { return schema::parse_models_yaml(yaml, "models.yaml", rules); }

std::vector<std::string> described(const std::vector<schema::Operation>& operations) {
    std::vector<std::string> lines;
    for (const auto& operation : operations) lines.push_back(schema::describe(operation));
    return lines;
}

}  // namespace

TEST_CASE("the models reader declares types and literals as the engine's rules say", "[schema][rules]") {
    const Schema schema = models(R"Y(tables:
  person:
    columns:
      id: {type: integer, primary_key: true}
      name: {type: string(80), nullable: false, default: true}
)Y");
    REQUIRE(schema.tables.size() == 1);
    const dbm::Table& person = schema.tables[0];
    CHECK(person.columns[1].type == "character varying(80)");
    CHECK(person.columns[1].default_sql == "TRUE");
    CHECK(person.find_column("name", rules) != nullptr);
    CHECK(person.find_column("NAME", rules) == nullptr);  // exact names on this engine
}

TEST_CASE("table options are the engine's: one without them refuses SQLite's", "[schema][rules]") {
    try {
        models("tables:\n  t:\n    columns:\n      id: {type: integer}\n    without_rowid: true\n");
        FAIL("without_rowid was accepted");
    } catch (const dbm::InputError& error) {
        CHECK(std::string(error.what()).find("unknown table setting 'without_rowid'") != std::string::npos);
        CHECK(error.where().line == 5);
    }
}

TEST_CASE("comparison names tables and columns by the engine's rules", "[schema][rules]") {
    const Schema lower = models("tables:\n  user:\n    columns:\n      id: {type: integer}\n");
    const Schema upper = models("tables:\n  User:\n    columns:\n      id: {type: integer}\n");
    CHECK(schema::compare(lower, lower, rules).empty());
    // Exact names: "User" is another table than "user" here (on SQLite it would be the same).
    CHECK(described(schema::compare(lower, upper, rules)) ==
          std::vector<std::string>{"added table 'User'", "removed table 'user'"});
    const Schema renamed_column = models("tables:\n  user:\n    columns:\n      ID: {type: integer}\n");
    CHECK(described(schema::compare(lower, renamed_column, rules)) ==
          std::vector<std::string>{"removed column 'user.id'", "added column 'user.ID'"});
}

TEST_CASE("the models writer writes back what the reader reads, under the engine's rules", "[schema][rules]") {
    const Schema schema = models(R"Y(tables:
  person:
    columns:
      id: {type: integer, primary_key: true}
      name: {type: string(80), nullable: false, default: 'anon'}
      score: {type: integer, default_expr: 1 + 1}
)Y");
    const std::string yaml = schema::write_models_yaml(schema, rules);
    CHECK(yaml.find("type: string(80)") != std::string::npos);
    CHECK(schema::compare(schema, models(yaml), rules).empty());
}
