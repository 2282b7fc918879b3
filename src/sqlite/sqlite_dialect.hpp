// SQL text as SQLite reads it: quoting, statement splitting, --sql script framing.
#pragma once

#include "dbm/database.hpp"

namespace dbm::sqlite {

class SqliteDialect final : public Dialect {
public:
    std::string scheme() const override { return "sqlite"; }
    std::string quote_identifier(std::string_view name) const override;
    std::string quote_literal(std::string_view value) const override;
    std::string literal_of(std::string_view expression) const override { return "quote(" + std::string(expression) + ")"; }
    std::vector<ScriptStatement> split_statements(std::string_view script) const override;
    bool controls_transaction(std::string_view statement) const override;
    std::string now_expression() const override;
    std::string parameter(std::size_t) const override { return "?"; }
    std::string own_table(std::string_view name) const override { return "main." + quote_identifier(name); }
    std::string serial_key_column(std::string_view name) const override {
        return std::string(name) + " INTEGER PRIMARY KEY";  // dbm's own column name: plain
    }
    std::string script_begin() const override;
    std::string script_usage(const std::string& database) const override;
    std::string script_check_and_commit() const override;
    std::string script_commit() const override;
    std::string render(const std::vector<schema::Operation>& operations, const Schema& from,
                       const Schema& to) const override;
    const SchemaRules& schema_rules() const override;
    std::vector<NameAt> names_in(std::string_view statement) const override;
    std::string explain_error(const std::string& message) const override;
};

const SqliteDialect& dialect();

// Position of the first character after any whitespace and SQL comments from `from`.
std::size_t skip_blanks_and_comments(std::string_view sql, std::size_t from);

}  // namespace dbm::sqlite
