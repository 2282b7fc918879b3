// What a schema means on one engine (SPEC §10): how names compare, when two SQL fragments
// are the same, what a generic type declares, which table options exist and what they
// require. The engine-neutral schema layer (models, comparison, operations) asks these
// questions and never answers them itself; each backend's Dialect hands out its answers
// (Dialect::schema_rules), SQLite's in src/sqlite/sqlite_rules.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dbm/operations.hpp"
#include "dbm/schema.hpp"

namespace dbm {

namespace sql {
// SQL text the engine's grammar cannot read, and the byte offset where reading stopped.
struct SqlSyntaxError {
    std::string message;
    std::size_t offset;
};
}  // namespace sql

// Renames of tables or columns: name_key(old name) -> new name.
using NameMap = std::map<std::string, std::string>;

// A rule of the engine that a table of the models breaks, and where.
struct TableProblem {
    std::string message;
    ModelLocation at;  // the column's, or {0, 0} for the table's own declaration
};

// A column DEFAULT as a models file writes it back: a number, a string, or an expression.
struct DefaultValue {
    enum class Kind { number, string, expression } kind;
    std::string text;  // the number or the string's value as written; the expression without outer ( )
};

class SchemaRules {
public:
    virtual ~SchemaRules() = default;

    // Names: whether two name one object (SQLite: ASCII case ignored), and a key that is
    // equal for exactly such names (for maps).
    virtual bool same_name(std::string_view a, std::string_view b) const = 0;
    virtual std::string name_key(std::string_view name) const = 0;
    // Why a table cannot take a name the engine keeps for itself (SQLite: sqlite_...); none
    // when it can.
    virtual std::optional<std::string> reserved_name(std::string_view name) const = 0;

    // SQL fragments as the engine reads them: equal results mean the same declaration.
    virtual std::string normalize_type(std::string_view type) const = 0;
    virtual std::string normalize_sql(std::string_view sql) const = 0;
    // The collation a column, key or index column compares with: its own, else the default.
    virtual std::string collation_key(const std::optional<std::string>& collate) const = 0;
    // The column that is the engine's own row key under another name, and so never NULL
    // whatever its declaration says (SQLite's rowid alias); none when the table has none.
    virtual const Column* row_key_alias(const Table& table) const = 0;

    // Engine table options (SQLite: WITHOUT ROWID, STRICT): the changes from one table to
    // another, the options a models file sets, and the ones a table has set.
    virtual std::vector<schema::Operation> table_option_changes(const Table& current, const Table& wanted) const = 0;
    virtual std::vector<std::string> table_option_keys() const = 0;
    virtual void set_table_option(Table& table, std::string_view key, bool on) const = 0;
    virtual std::vector<std::string> table_options_set(const Table& table) const = 0;
    // A rule of the engine the table breaks (a STRICT column type, WITHOUT ROWID without a
    // key); none when it keeps them.
    virtual std::optional<TableProblem> check_table(const Table& table) const = 0;
    // Whether a column can be AUTOINCREMENT: the engine's integer key type.
    virtual bool can_autoincrement(const Column& column) const = 0;
    // Whether dropping the virtual table loses rows (an external-content full-text index
    // holds none of its own).
    virtual bool virtual_table_holds_rows(const VirtualTable& table) const = 0;
    // Whether the engine makes a change by copying the whole table (SQLite's rebuild):
    // `lint` weighs such a change by the table's rows.
    virtual bool rebuilds_table(const schema::Operation& operation) const = 0;

    // The SQL with names renamed token by token, as the engine's own RENAME rewrites the
    // views and triggers that name them.
    virtual std::string rename_in_sql(const std::string& sql, const NameMap& renames) const = 0;

    // Models: a generic type's declaration (string(80) -> VARCHAR(80); anything else as
    // written) and back (empty when the declaration is no generic type exactly).
    virtual std::string declared_type(std::string_view generic) const = 0;
    virtual std::string generic_type(const std::string& declared) const = 0;
    // Whether text reads as a column's type, not as constraints.
    virtual bool is_type_name(std::string_view type) const = 0;
    virtual std::string boolean_literal(bool value) const = 0;
    // A literal any column of this declared type takes (a STRICT one too), for the made-up
    // rows a generated revision is proven on.
    virtual std::string sample_literal(const Column& column) const = 0;
    // DEFAULT's SQL for an expression, parenthesised where the grammar needs it.
    virtual std::string default_expression(std::string_view expression) const = 0;
    virtual DefaultValue read_default(const std::string& default_sql) const = 0;
    // Throw sql::SqlSyntaxError for text the engine cannot read.
    virtual void check_sql(std::string_view sql) const = 0;
    // Whether the SQL is a CREATE statement (else a models file gives only its body).
    virtual bool is_create_statement(std::string_view sql) const = 0;
    // One entry of an index or key list: a quoted name or an expression, then COLLATE and
    // ASC/DESC.
    virtual IndexColumn read_index_column(std::string_view entry) const = 0;
    // The table a CREATE TRIGGER statement is ON.
    virtual std::string trigger_table(std::string_view create_trigger) const = 0;
    virtual VirtualTable read_virtual_table(std::string_view create_virtual_table) const = 0;
    // How a CREATE VIEW / CREATE VIRTUAL TABLE statement starts, for a models file that
    // gives only the body.
    virtual std::string create_view_prefix(const std::string& name) const = 0;
    virtual std::string create_virtual_table_prefix(const std::string& name) const = 0;
};

}  // namespace dbm
