// migrate --lang cpp (core/program_autogenerate): op calls only when replaying them reaches
// the models exactly, else the rendered SQL, each statement in an op.execute.
#include <catch2/catch.hpp>

#include <string>

#include "core/program_autogenerate.hpp"
#include "schema/compare.hpp"
#include "schema/models.hpp"
#include "sqlite/sqlite_dialect.hpp"

using namespace dbm;

namespace {

Schema models(const std::string& yaml) {
    return schema::parse_models_yaml(yaml, "models.yaml", sqlite::dialect().schema_rules());
}

ProgramSource upgrade(const Schema& from, const Schema& to) {
    const Dialect& dialect = sqlite::dialect();
    return program_source(schema::compare(from, to, dialect.schema_rules()), from, to, dialect);
}

const char* person = "tables:\n  person:\n    columns:\n      id: {type: integer, primary_key: true}\n";

}  // namespace

TEST_CASE("program_source writes op calls with C++ literals and the SQL they run", "[program-autogenerate]") {
    const Schema from = models(person);
    const Schema to = models(std::string(person) +
                             "      \"say \\\"hi\\\"\": {type: string(20), default: \"a\\\\b\\n\"}\n"
                             "      total: {type: integer, nullable: false, default_expr: \"1 + 1\"}\n"
                             "    indexes:\n      ix_total: {columns: [total], unique: true}\n");
    const ProgramSource source = upgrade(from, to);
    INFO(source.body);
    CHECK(source.op_calls);
    // Quotes, backslashes and newlines escaped; the DEFAULT's parentheses left to the engine.
    CHECK(source.body ==
          "    op.add_column(\"person\", dbm::Column{.name = \"say \\\"hi\\\"\", .type = \"string(20)\", .default_sql = "
          "\"'a\\\\b\\n'\"});\n"
          "    op.add_column(\"person\", dbm::Column{.name = \"total\", .type = \"integer\", .nullable = false, "
          ".default_sql = \"1 + 1\"});\n"
          "    op.create_index(\"ix_total\", \"person\", {\"total\"}, true);\n");
    CHECK(source.sql.find("ALTER TABLE") != std::string::npos);
    CHECK(source.sql.find("DEFAULT (1 + 1)") != std::string::npos);
    CHECK(source.sql.find("CREATE UNIQUE INDEX") != std::string::npos);
}

TEST_CASE("program_source falls back to the rendered SQL when an op call would lose a clause", "[program-autogenerate]") {
    const Schema from = models(person);
    const auto fallback = [&](const std::string& extra) {
        const ProgramSource source = upgrade(from, models(std::string(person) + extra));
        INFO(extra << "\n" << source.body);
        CHECK_FALSE(source.op_calls);
        CHECK(source.body.find("op.execute(R\"sql") != std::string::npos);
        CHECK(source.body.find("op.add_column") == std::string::npos);
        return source;
    };
    fallback("      email: {type: text, collate: NOCASE}\n");
    fallback("      email: {type: text}\n    indexes:\n      ix_lower: {columns: [\"lower(email)\"]}\n");
    fallback("      email: {type: text}\n    indexes:\n      ix_part: {columns: [email], where: \"email IS NOT NULL\"}\n");
    fallback("      email: {type: text}\n    checks:\n      ck_email: \"length(email) > 3\"\n");
    fallback("      parent_id: {type: integer, references: person.id}\n");
    fallback("views:\n  v: SELECT 1\n");
    // A statement holding the raw string's end gets another delimiter.
    const ProgramSource quoted = fallback("      email: {type: text, collate: NOCASE, default: \")sql\\\"\"}\n");
    CHECK(quoted.body.find("R\"sql1(") != std::string::npos);
}

TEST_CASE("program_source says renames, drops and type changes as op calls", "[program-autogenerate]") {
    const Schema from = models(std::string(person) + "      name: {type: string(40)}\n"
                                                     "    indexes:\n      ix_name: {columns: [name]}\n");
    const Schema to = models("tables:\n  people:\n    renamed_from: person\n    columns:\n"
                             "      id: {type: integer, primary_key: true}\n"
                             "      full_name: {type: text, renamed_from: name, nullable: false}\n");
    const ProgramSource source = upgrade(from, to);
    INFO(source.body);
    CHECK(source.op_calls);
    CHECK(source.body.find("op.rename_table(\"person\", \"people\");") != std::string::npos);
    CHECK(source.body.find("op.rename_column(\"people\", \"name\", \"full_name\");") != std::string::npos);
    CHECK(source.body.find("op.alter_column(\"people\", \"full_name\", {.type = \"text\", .nullable = false});") !=
          std::string::npos);
    CHECK(source.body.find("op.drop_index(\"ix_name\");") != std::string::npos);
}
