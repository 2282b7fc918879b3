// What a schema means on SQLite (the SchemaRules of dbm/schema_rules.hpp): names compare
// without regard to ASCII case, BINARY is the default collation, a single INTEGER PRIMARY
// KEY is the rowid, WITHOUT ROWID and STRICT are table options, and SQL fragments compare
// by SQLite's tokens. The free functions are the same rules for the SQLite backend's own
// code (render, introspect).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dbm/schema_rules.hpp"

namespace dbm::sqlite {

class SqliteRules final : public SchemaRules {
public:
    bool same_name(std::string_view a, std::string_view b) const override;
    std::string name_key(std::string_view name) const override;
    std::optional<std::string> reserved_name(std::string_view name) const override;
    std::string normalize_type(std::string_view type) const override;
    std::string normalize_sql(std::string_view sql) const override;
    std::string collation_key(const std::optional<std::string>& collate) const override;
    const Column* row_key_alias(const Table& table) const override;
    std::vector<schema::Operation> table_option_changes(const Table& current, const Table& wanted) const override;
    std::vector<std::string> table_option_keys() const override;
    void set_table_option(Table& table, std::string_view key, bool on) const override;
    std::vector<std::string> table_options_set(const Table& table) const override;
    std::optional<TableProblem> check_table(const Table& table) const override;
    bool can_autoincrement(const Column& column) const override;
    bool virtual_table_holds_rows(const VirtualTable& table) const override;
    bool rebuilds_table(const schema::Operation& operation) const override;
    std::string rename_in_sql(const std::string& sql, const NameMap& renames) const override;
    std::string declared_type(std::string_view generic) const override;
    std::string generic_type(const std::string& declared) const override;
    bool is_type_name(std::string_view type) const override;
    std::string boolean_literal(bool value) const override { return value ? "1" : "0"; }
    std::string sample_literal(const Column& column) const override;
    std::string default_expression(std::string_view expression) const override;
    DefaultValue read_default(const std::string& default_sql) const override;
    void check_sql(std::string_view sql) const override;
    bool is_create_statement(std::string_view sql) const override;
    IndexColumn read_index_column(std::string_view entry) const override;
    std::string trigger_table(std::string_view create_trigger) const override;
    VirtualTable read_virtual_table(std::string_view create_virtual_table) const override;
    std::string create_view_prefix(const std::string& name) const override;
    std::string create_virtual_table_prefix(const std::string& name) const override;
};

const SqliteRules& rules();

// "varchar ( 80 )" -> "VARCHAR(80)"; "NUMERIC(10, 2)" -> "NUMERIC(10,2)".
std::string normalize_type(std::string_view type);

// Expressions, defaults, CHECK and WHERE clauses, whole CREATE VIEW/TRIGGER statements:
// tokens joined by single spaces, names lower-cased and unquoted, TRUE/FALSE as 1/0,
// "==" as "=", "<>" as "!=", outer parentheses around the whole removed.
std::string normalize_sql(std::string_view sql);

// A declared type's affinity, by SQLite's rules in their order (datatype3.html, 3.1).
enum class Affinity { integer, text, blob, real, numeric };
Affinity type_affinity(std::string_view declared_type);

// SQLite compares names without regard to ASCII case.
bool same_name(std::string_view a, std::string_view b);

// The single-column INTEGER primary key that is SQLite's rowid, if the table has one.
const Column* rowid_alias(const Table& table);

// The content= table of an external-content FTS4/FTS5 table, which holds the rows (the
// index holds none of its own): dropping the index loses nothing.
std::optional<std::string> external_content_of(const VirtualTable& table);

// The SQLite declaration for a generic type: integer -> INTEGER, string(80) ->
// VARCHAR(80), numeric(10,2) -> NUMERIC(10, 2), ...; anything else as written.
std::string sql_type_for(std::string_view generic);

}  // namespace dbm::sqlite
