// The schema model: what models.yaml declares and what introspecting a database finds,
// as plain structs. Compare (src/schema/compare) works on two of these; the backend's
// Dialect renders the difference as SQL.
//
// SQL fragments (types, defaults, CHECK, WHERE, generated expressions) are kept as the
// SQL text they are declared as; the engine's SchemaRules (schema_rules.hpp) say when two
// are the same, and when two names name one object.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dbm/optional_text.hpp"

namespace dbm {

class SchemaRules;

// Where a declaration stands in models.yaml (1-based; 0 when it came from a database).
struct ModelLocation {
    int line = 0;
    int column = 0;
};

// A conflict resolution, ON CONFLICT ROLLBACK|ABORT|FAIL|IGNORE|REPLACE, in upper case; none
// means the statement's own (ABORT unless it says INSERT OR ...). SQLite only.
using ConflictClause = OptionalText;

struct Column {
    std::string name;
    std::string type;                         // declared type, e.g. "VARCHAR(80)"; "" for none
    bool nullable = true;
    ConflictClause not_null_conflict;         // NOT NULL ON CONFLICT ...
    // The rarely set ones are OptionalText (a pointer when unset): a models file of 10,000
    // tables holds 200,000 columns twice over.
    OptionalText default_sql;  // DEFAULT as SQL: 'abc', 0, CURRENT_TIMESTAMP, (1 + 1)
    OptionalText collate;      // COLLATE name
    OptionalText generated;    // GENERATED ALWAYS AS (expression): the expression
    bool generated_stored = false;
    OptionalText renamed_from;  // models only: the column's previous name
    ModelLocation declared_at;  // models only: where the column is declared
};

// How one column of a PRIMARY KEY or UNIQUE constraint is ordered and compared, where that
// differs from the column itself: PRIMARY KEY (name COLLATE NOCASE DESC).
struct KeyColumnOptions {
    std::optional<std::string> collate;  // none: the column's own collation
    bool descending = false;
    bool operator==(const KeyColumnOptions&) const = default;
};

// The parts PRIMARY KEY and UNIQUE share: the columns, their options and the conflict clause.
struct KeyColumns {
    std::vector<std::string> columns;
    std::vector<KeyColumnOptions> options;  // empty when no column has any, else one per column
    ConflictClause on_conflict;

    // The options of the i-th column (the defaults when none are kept).
    const KeyColumnOptions& options_of(std::size_t i) const;
};

// A descending single INTEGER primary key of a rowid table is not the rowid, as SQLite's
// `INTEGER PRIMARY KEY DESC` is not.
struct PrimaryKey : KeyColumns {
    std::optional<std::string> name;  // CONSTRAINT name, when given
    bool autoincrement = false;  // only for a single INTEGER column
    // How many of the table's unique constraints were made before the key's index. SQLite
    // checks a row against the newest index first, so which conflict clause acts on a row
    // that breaks several depends on it; a rebuild keeps it. Not compared: models do not
    // say it.
    std::size_t uniques_before = 0;
};

struct UniqueConstraint : KeyColumns {
    std::optional<std::string> name;
};

struct CheckConstraint {
    std::optional<std::string> name;
    std::string expression;  // without the surrounding CHECK ( )
};

struct ForeignKey {
    std::optional<std::string> name;
    std::vector<std::string> columns;
    std::string referred_table;
    std::vector<std::string> referred_columns;  // empty: the referred table's primary key
    std::string on_delete = "NO ACTION";        // upper case: NO ACTION, CASCADE, SET NULL, ...
    std::string on_update = "NO ACTION";
    bool deferrable = false;  // DEFERRABLE INITIALLY DEFERRED
};

struct IndexColumn {
    std::string expression;  // a column name, or an SQL expression
    bool is_expression = false;
    bool descending = false;
    std::optional<std::string> collate;
};

struct Index {
    std::string name;
    std::string table;
    std::vector<IndexColumn> columns;
    bool unique = false;
    std::optional<std::string> where;  // partial index condition
    ModelLocation declared_at;  // models only
};

// A table's options on SQLite (lang_createtable); other engines leave them unset.
struct SqliteTableOptions {
    bool without_rowid = false;
    bool strict = false;
};

struct Table {
    std::string name;
    std::vector<Column> columns;  // in declaration order
    std::optional<PrimaryKey> primary_key;
    std::vector<UniqueConstraint> uniques;  // in the order their indexes were made
    std::vector<CheckConstraint> checks;
    std::vector<ForeignKey> foreign_keys;
    std::vector<Index> indexes;  // CREATE INDEX ones (not those behind UNIQUE/PRIMARY KEY)
    SqliteTableOptions sqlite;
    std::optional<std::string> renamed_from;  // models only
    ModelLocation declared_at;  // models only

    // The column of that name, names compared by the engine's rules.
    const Column* find_column(const std::string& column_name, const SchemaRules& rules) const;
};

// A view or trigger is kept whole, as its CREATE statement.
struct View {
    std::string name;
    std::string sql;
};

struct Trigger {
    std::string name;
    std::string table;
    std::string sql;
};

// A virtual table (FTS5, R*Tree, any module), kept whole as its CREATE VIRTUAL TABLE
// statement. Its module owns its shadow tables: dbm never touches those.
struct VirtualTable {
    std::string name;
    std::string module;     // as written: fts5, rtree, ...
    std::string arguments;  // the text between the parentheses after the module; "" for none
    std::string sql;
};

struct Schema {
    std::vector<Table> tables;
    std::vector<View> views;
    std::vector<Trigger> triggers;
    std::vector<VirtualTable> virtual_tables;
    // Models manage views, triggers and virtual tables only when they declare such a
    // section; otherwise autogenerate leaves existing ones alone.
    bool manages_views = true;
    bool manages_triggers = true;
    bool manages_virtual_tables = true;

    const Table* find_table(const std::string& table_name, const SchemaRules& rules) const;
};

}  // namespace dbm
