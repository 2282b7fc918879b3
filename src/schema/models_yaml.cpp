// models.yaml -> Schema. Every key of SPEC §4, with 1-based file:line:col errors, "did you
// mean" hints for unknown keys, and checks that every referenced table and column exists.
#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <span>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "schema/models.hpp"
#include "schema/names.hpp"
#include "schema/yaml_tree.hpp"
#include "util/text.hpp"

namespace dbm::schema {

namespace {

constexpr std::array<std::string_view, 4> top_keys = {"tables", "views", "triggers", "virtual_tables"};
// With the engine's table options (SchemaRules::table_option_keys) after them.
constexpr std::array<std::string_view, 7> table_keys = {"columns", "primary_key", "indexes", "unique", "foreign_keys",
                                                        "checks", "renamed_from"};
constexpr std::array<std::string_view, 21> column_keys = {
    "type",       "sql_type",  "nullable",     "primary_key", "autoincrement", "unique",      "index",
    "default",    "default_expr", "references", "on_delete",  "on_update",     "deferrable",  "initially",
    "check",      "collate",   "generated",    "stored",      "on_conflict",   "not_null_on_conflict", "renamed_from"};
constexpr std::array<std::string_view, 3> index_keys = {"columns", "unique", "where"};
constexpr std::array<std::string_view, 3> unique_keys = {"columns", "name", "on_conflict"};
constexpr std::array<std::string_view, 5> primary_key_keys = {"columns", "name", "on_conflict", "autoincrement",
                                                              "after_uniques"};
constexpr std::array<std::string_view, 8> foreign_key_keys = {"name",      "columns",   "references", "referred_columns",
                                                              "on_delete", "on_update", "deferrable", "initially"};
constexpr std::array<std::string_view, 2> check_keys = {"name", "check"};

struct Reference {
    std::string table;
    std::vector<std::string> columns;
    yaml::Mark mark;
};

class Loader {
public:
    Loader(std::string file, const SchemaRules& rules, yaml::ParseCache* cache)
        : file_(std::move(file)), rules_(rules), cache_(cache), option_keys_(rules.table_option_keys()) {
        table_keys_.assign(table_keys.begin(), table_keys.end());
        table_keys_.insert(table_keys_.end(), option_keys_.begin(), option_keys_.end());
    }

    // One parse of the whole text, then the tree walked.
    Schema load(std::string_view contents) {
        yaml::ParseOptions options;
        options.cache = cache_;
        const auto document = yaml::Document::parse(contents, file_, options);
        const yaml::Node root = document->root();
        Schema schema = empty_schema();
        if (!root.is_defined() || root.is_null()) return schema;
        if (!root.is_map())
            fail(root, "expected a mapping with 'tables' (and optionally 'views', 'triggers', 'virtual_tables')");
        for (const auto& entry : root.entries()) load_top_entry(entry.first, entry.second, schema);
        check_unique_names(schema);
        check_references(schema);
        return schema;
    }

    // The same schema, read a piece of the text at a time (yaml::Document::parse_each_piece):
    // on a large models file the tree of the whole was the largest thing dbm held. None
    // when the text is not cut, or on any error: load() then says which error comes first.
    std::optional<Schema> load_in_pieces(std::string_view contents) {
        yaml::ParseOptions options;
        options.min_piece_bytes = 64 * 1024;
        options.cache = cache_;
        Schema schema = empty_schema();
        try {
            const auto visit = [&](const yaml::Document& piece, std::size_t index) {
                const auto entries = piece.root().entries();
                for (std::size_t i = 0; i < entries.size(); ++i) {
                    if (index > 0 && i == 0)
                        load_tables(entries[i].second, schema);  // the restored key, continuing the tables
                    else
                        load_top_entry(entries[i].first, entries[i].second, schema);
                }
            };
            if (!yaml::Document::parse_each_piece(contents, options, visit)) return std::nullopt;
            check_unique_names(schema);
            check_references(schema);
        } catch (const InputError&) {
            return std::nullopt;
        }
        return schema;
    }

private:
    static Schema empty_schema() {
        Schema schema;
        schema.manages_views = false;
        schema.manages_triggers = false;
        schema.manages_virtual_tables = false;
        return schema;
    }

    void load_tables(const yaml::Node& tables, Schema& schema) {
        if (tables.is_null()) return;
        expect_map(tables, "'tables' must map table names to their definitions");
        for (const auto& table : tables.entries()) schema.tables.push_back(load_table(table.first, table.second));
    }

    void load_top_entry(const yaml::Node& key_node, const yaml::Node& value, Schema& schema) {
        const std::string key = known_key(key_node, top_keys, "top-level key");
        if (key == "tables") {
            load_tables(value, schema);
        } else if (key == "views") {
            schema.manages_views = true;
            if (value.is_null()) return;
            expect_map(value, "'views' must map view names to SQL");
            for (const auto& view : value.entries()) schema.views.push_back(load_view(view.first, view.second));
        } else if (key == "triggers") {
            schema.manages_triggers = true;
            if (value.is_null()) return;
            expect_map(value, "'triggers' must map trigger names to CREATE TRIGGER statements");
            for (const auto& trigger : value.entries()) schema.triggers.push_back(load_trigger(trigger.first, trigger.second));
        } else {
            schema.manages_virtual_tables = true;
            if (value.is_null()) return;
            expect_map(value, "'virtual_tables' must map names to module(arguments), e.g. fts5(body)");
            for (const auto& table : value.entries())
                schema.virtual_tables.push_back(load_virtual_table(table.first, table.second));
        }
    }

    SourceLocation at(const yaml::Mark& mark) const {
        if (!mark.known) return {file_, 0, 0};
        return {file_, mark.line + 1, mark.column + 1};
    }
    [[noreturn]] void fail_at(const yaml::Mark& mark, const std::string& message) const {
        throw InputError(message, at(mark));
    }
    [[noreturn]] void fail(const yaml::Node& node, const std::string& message) const { fail_at(node.mark(), message); }
    static ModelLocation location(const yaml::Node& node) {
        return {node.mark().line + 1, node.mark().column + 1};
    }

    void expect_map(const yaml::Node& node, const std::string& message) const {
        if (!node.is_map()) fail(node, message);
    }

    std::string known_key(const yaml::Node& key, std::span<const std::string_view> known, std::string_view what) const {
        const std::string name(key.scalar());
        if (std::find(known.begin(), known.end(), name) != known.end()) return name;
        // In a {flow, mapping} a comma ends the value: `type: numeric(10,2)` leaves "2)" as a key.
        if (name.find(')') != std::string::npos)
            fail(key, fmt::format("unknown {} '{}': inside {{...}} a comma ends a value; quote values that hold one, "
                                  "e.g. type: \"numeric(10,2)\"",
                                  what, name));
        const std::string hint = text::closest_match(name, known);
        fail(key, hint.empty() ? fmt::format("unknown {} '{}'", what, name)
                               : fmt::format("unknown {} '{}' (did you mean '{}'?)", what, name, hint));
    }

    std::string string_value(const yaml::Node& node, std::string_view key) const {
        if (!node.is_scalar() || node.scalar().empty()) fail(node, fmt::format("'{}' must be a non-empty string", key));
        return std::string(node.scalar());
    }

    bool bool_value(const yaml::Node& node, std::string_view key) const {
        if (node.is_scalar() && !node.quoted()) {
            const std::string value = text::lower(node.scalar());
            if (value == "true" || value == "yes") return true;
            if (value == "false" || value == "no") return false;
        }
        fail(node, fmt::format("'{}' must be true or false", key));
    }

    std::vector<std::string> name_list(const yaml::Node& node, std::string_view key) const {
        std::vector<std::string> names;
        if (node.is_scalar()) {
            names.push_back(string_value(node, key));
        } else if (node.is_sequence() && node.size() > 0) {
            for (const auto& item : node.items()) names.push_back(string_value(item, key));
        } else {
            fail(node, fmt::format("'{}' must be a column name or a non-empty list of them", key));
        }
        return names;
    }

    // An SQL numeric literal: [+-] digits [. digits] [e [+-] digits], or [+-] . digits ...
    static bool looks_like_number(std::string_view text) {
        std::size_t i = 0;
        const auto digits = [&] {
            const std::size_t start = i;
            while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
            return i > start;
        };
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
        bool mantissa = digits();
        if (i < text.size() && text[i] == '.') {
            ++i;
            mantissa = digits() || mantissa;
        }
        if (!mantissa) return false;
        if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
            ++i;
            if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
            if (!digits()) return false;
        }
        return i == text.size();
    }

    static bool looks_like_bool_or_null(std::string_view text) {
        const std::string lowered = text::lower(text);
        return lowered == "true" || lowered == "false" || lowered == "yes" || lowered == "no" || lowered == "null" ||
               lowered == "~";
    }

    // A YAML literal as an SQL literal: quoted YAML is always a string.
    std::string literal(const yaml::Node& node) const {
        if (!node.is_defined() || node.is_null()) return "NULL";
        if (!node.is_scalar()) fail(node, "'default' must be a number, a string, true, false or null");
        const std::string value(node.scalar());
        if (!node.quoted()) {
            const std::string lowered = text::lower(value);
            if (lowered == "true") return rules_.boolean_literal(true);
            if (lowered == "false") return rules_.boolean_literal(false);
            if (lowered == "null" || lowered == "~") return "NULL";
            if (looks_like_number(value)) return value;
        }
        return text::quoted(value, '\'');
    }

    std::string sql_text(const yaml::Node& node, std::string_view key) const {
        std::string value = string_value(node, key);
        try {
            rules_.check_sql(value);
        } catch (const sql::SqlSyntaxError& error) {
            fail(node, fmt::format("'{}' is not valid SQL: {}", key, error.message));
        }
        return value;
    }

    std::string action(const yaml::Node& node, std::string_view key) const {
        std::string value = text::lower(string_value(node, key));
        std::replace(value.begin(), value.end(), '_', ' ');
        for (const char* known : {"cascade", "restrict", "set null", "set default", "no action"}) {
            if (value == known) return text::upper(value);
        }
        fail(node, fmt::format("'{}' must be one of cascade, restrict, set null, set default, no action", key));
    }

    // `table.column` or `table(a, b)`; in a table's foreign_keys also `table` alone (its
    // primary key).
    Reference parse_reference(const yaml::Node& node, bool with_column) {
        const std::string value = string_value(node, "references");
        Reference reference{{}, {}, node.mark()};
        const auto open = value.find('(');
        if (open != std::string::npos && value.back() == ')') {
            reference.table = std::string(text::trim(value.substr(0, open)));
            reference.columns = text::split_list(value.substr(open + 1, value.size() - open - 2), ',');
        } else if (const auto dot = value.rfind('.'); with_column && dot != std::string::npos) {
            reference.table = value.substr(0, dot);
            reference.columns = {value.substr(dot + 1)};
        } else {
            reference.table = value;
        }
        if (reference.table.empty() || (with_column && reference.columns.empty()))
            fail(node, fmt::format("'references' must name table.column, not '{}'", value));
        return reference;
    }

    // ON CONFLICT ROLLBACK|ABORT|FAIL|IGNORE|REPLACE, in any case.
    std::string conflict(const yaml::Node& node, std::string_view key) const {
        const std::string value = text::lower(string_value(node, key));
        for (const char* known : {"rollback", "abort", "fail", "ignore", "replace"})
            if (value == known) return text::upper(value);
        fail(node, fmt::format("'{}' must be one of rollback, abort, fail, ignore, replace", key));
    }

    // deferrable + initially, as SQL (and SQLAlchemy) say them: only DEFERRABLE INITIALLY
    // DEFERRED defers the check to COMMIT.
    bool deferred(const std::optional<yaml::Node>& deferrable, const std::optional<yaml::Node>& initially) const {
        const bool is_deferrable = deferrable && bool_value(*deferrable, "deferrable");
        if (!initially) return false;
        const std::string when = text::lower(string_value(*initially, "initially"));
        if (when != "deferred" && when != "immediate") fail(*initially, "'initially' must be deferred or immediate");
        if (when == "deferred" && !is_deferrable)
            fail(*initially, "'initially: deferred' needs 'deferrable: true'");
        return when == "deferred";
    }

    // One entry of a key or index list: a column of the table by its name as declared, or
    // SQL as CREATE INDEX takes it (a quoted name or an expression, then COLLATE and
    // ASC/DESC), read by the engine's grammar.
    IndexColumn index_entry(const std::string& entry, const Table& table, const yaml::Node& node, std::string_view key) const {
        if (const Column* column = table.find_column(entry, rules_)) return {column->name, false, false, std::nullopt};
        try {
            return rules_.read_index_column(entry);
        } catch (const sql::SqlSyntaxError& error) {
            fail(node, fmt::format("cannot read '{}' in '{}': {}", entry, key, error.message));
        }
    }

    // Column names, each optionally with COLLATE and ASC/DESC (`name COLLATE NOCASE DESC`),
    // as a PRIMARY KEY or UNIQUE list takes them.
    KeyColumns key_columns(const yaml::Node& node, std::string_view key, const Table& table) const {
        KeyColumns columns;
        bool any = false;
        for (const std::string& entry : name_list(node, key)) {
            const IndexColumn column = index_entry(entry, table, node, key);
            if (column.is_expression)
                fail(node, fmt::format("'{}' takes column names, not the expression '{}'", key, column.expression));
            columns.columns.push_back(column.expression);
            columns.options.push_back({column.collate, column.descending});
            any = any || column.collate || column.descending;
        }
        if (!any) columns.options.clear();
        return columns;
    }

    // A key given as a list of columns, or as {columns, name, on_conflict} (a primary key
    // also with autoincrement, given back in `autoincrement`); `what` names it in errors.
    KeyColumns key_constraint(const yaml::Node& node, std::string_view key, std::optional<std::string>& name,
                              const std::string& what, const Table& table,
                              std::optional<yaml::Node>* autoincrement = nullptr,
                              std::optional<yaml::Node>* after_uniques = nullptr) {
        if (!node.is_map()) return key_columns(node, key, table);
        KeyColumns columns;
        std::optional<yaml::Node> columns_node, conflict_node;
        for (const auto& entry : node.entries()) {
            const std::string setting = autoincrement ? known_key(entry.first, primary_key_keys, "primary key setting")
                                                      : known_key(entry.first, unique_keys, "unique constraint setting");
            if (setting == "columns") columns_node = entry.second;
            if (setting == "name") name = string_value(entry.second, "name");
            if (setting == "on_conflict") conflict_node = entry.second;
            if (setting == "autoincrement") *autoincrement = entry.second;
            if (setting == "after_uniques") *after_uniques = entry.second;
        }
        if (!columns_node) fail(node, fmt::format("{} needs 'columns'", name ? what + " '" + *name + "'" : what));
        columns = key_columns(*columns_node, key, table);
        if (conflict_node) columns.on_conflict = conflict(*conflict_node, "on_conflict");
        return columns;
    }

    Column load_column(Table& table, const yaml::Node& key, const yaml::Node& node, std::vector<std::string>& primary_key) {
        Column column;
        column.name = key.scalar();
        column.declared_at = location(key);
        if (column.name.empty()) fail(key, fmt::format("a column of table '{}' needs a name", table.name));
        if (node.is_scalar()) {  // shorthand: `name: integer`
            column.type = rules_.declared_type(node.scalar());
            return column;
        }
        if (!node.is_map()) fail(node, fmt::format("column '{}' must be a mapping of its settings, e.g. {{type: text}}", column.name));
        std::optional<bool> nullable;
        bool is_key = false, unique = false, index = false, autoincrement = false, has_type = false;
        std::optional<std::string> default_literal, default_expr;
        std::optional<yaml::Node> stored_node, on_delete_node, on_update_node, autoincrement_node, deferrable_node,
            initially_node, conflict_node, not_null_conflict_node, type_node;
        std::optional<Reference> reference;
        for (const auto& entry : node.entries()) {
            const std::string setting = known_key(entry.first, column_keys, "column setting");
            const yaml::Node& value = entry.second;
            if (setting == "type" || setting == "sql_type") {
                if (type_node) fail(entry.first, fmt::format("column '{}' has both 'type' and 'sql_type'; keep one", column.name));
                type_node = value;
                has_type = true;
                if (setting == "sql_type" && value.is_scalar() && value.quoted()) {
                    column.type = value.scalar();  // as declared, even none
                } else if (!value.is_scalar() || value.scalar().empty() ||
                           (!value.quoted() && (looks_like_number(value.scalar()) || looks_like_bool_or_null(value.scalar())))) {
                    fail(value, fmt::format("the type of column '{}' must be a string such as integer, text or "
                                            "string(80)",
                                            column.name));
                } else {
                    column.type = setting == "type" ? rules_.declared_type(value.scalar()) : value.scalar();
                    // Pasted into CREATE TABLE, a type that is not one would become a constraint.
                    if (setting == "type" && !rules_.is_type_name(column.type))
                        fail(value, fmt::format("the type of column '{}' is not a type: '{}' (nullable, default, "
                                                "references... are settings of their own; sql_type takes a declared "
                                                "type exactly as written)",
                                                column.name, value.scalar()));
                }
            } else if (setting == "nullable") {
                nullable = bool_value(value, setting);
            } else if (setting == "primary_key") {
                is_key = bool_value(value, setting);
            } else if (setting == "autoincrement") {
                autoincrement = bool_value(value, setting);
                autoincrement_node = value;
            } else if (setting == "unique") {
                unique = bool_value(value, setting);
            } else if (setting == "index") {
                index = bool_value(value, setting);
            } else if (setting == "default") {
                default_literal = literal(value);
            } else if (setting == "default_expr") {
                default_expr = sql_text(value, setting);
            } else if (setting == "references") {
                reference = parse_reference(value, true);
            } else if (setting == "on_delete") {
                on_delete_node = value;
            } else if (setting == "on_update") {
                on_update_node = value;
            } else if (setting == "deferrable") {
                deferrable_node = value;
            } else if (setting == "initially") {
                initially_node = value;
            } else if (setting == "check") {
                table.checks.push_back({std::nullopt, sql_text(value, setting)});
            } else if (setting == "collate") {
                column.collate = string_value(value, setting);
            } else if (setting == "generated") {
                column.generated = sql_text(value, setting);
            } else if (setting == "stored") {
                stored_node = value;
                column.generated_stored = bool_value(value, setting);
            } else if (setting == "on_conflict") {
                conflict_node = value;
            } else if (setting == "not_null_on_conflict") {
                not_null_conflict_node = value;
            } else {
                column.renamed_from = string_value(value, setting);
            }
        }
        if (!has_type) fail(key, fmt::format("column '{}' needs a type", column.name));
        if (default_literal && default_expr)
            fail(key, fmt::format("column '{}' has both 'default' and 'default_expr'; keep one", column.name));
        if (default_literal) column.default_sql = default_literal;
        if (default_expr) {
            column.default_sql = rules_.default_expression(*default_expr);
        }
        if (stored_node && !column.generated) fail(*stored_node, "'stored' needs 'generated'");
        if (column.generated && column.default_sql) fail(key, fmt::format("generated column '{}' cannot have a default", column.name));
        const std::optional<yaml::Node> needs_reference =
            on_delete_node ? on_delete_node : on_update_node ? on_update_node : deferrable_node ? deferrable_node : initially_node;
        if (needs_reference && !reference)
            fail(*needs_reference, "'on_delete', 'on_update', 'deferrable' and 'initially' need 'references'");
        if (reference) {
            ForeignKey foreign_key;
            foreign_key.columns = {column.name};
            foreign_key.referred_table = reference->table;
            foreign_key.referred_columns = reference->columns;
            if (on_delete_node) foreign_key.on_delete = action(*on_delete_node, "on_delete");
            if (on_update_node) foreign_key.on_update = action(*on_update_node, "on_update");
            foreign_key.deferrable = deferred(deferrable_node, initially_node);
            table.foreign_keys.push_back(std::move(foreign_key));
            references_.push_back({table.name, std::move(*reference)});
        }
        column.nullable = nullable.value_or(!is_key);
        // Checked against the column's nullability once the table's primary key is known.
        if (not_null_conflict_node) column.not_null_conflict = conflict(*not_null_conflict_node, "not_null_on_conflict");
        if (nullable) explicit_nullable_.push_back(column.name);
        if (is_key) {
            primary_key.push_back(column.name);
            key_uniques_before_ = table.uniques.size();
        }
        if (autoincrement) {
            if (!is_key || !rules_.can_autoincrement(column))
                fail(*autoincrement_node, fmt::format("'autoincrement' needs an integer primary key column; '{}' is not one",
                                                      column.name));
            autoincrement_column_ = column.name;
            autoincrement_mark_ = autoincrement_node->mark();
        }
        if (conflict_node) {
            // ON CONFLICT belongs to a PRIMARY KEY or UNIQUE constraint; an index has none.
            if (is_key == (unique && !index))
                fail(*conflict_node, fmt::format("'on_conflict' of column '{}' needs either primary_key or unique (not "
                                                 "both, and not index); write other keys in the table's 'unique'",
                                                 column.name));
            if (is_key)
                column_key_conflict_ = conflict(*conflict_node, "on_conflict");
        }
        // As SQLAlchemy: unique + index is a unique index named ix_<table>_<column>;
        // unique alone an unnamed UNIQUE constraint; index alone a plain index.
        if (index) {
            Index created;
            created.name = fmt::format("ix_{}_{}", table.name, column.name);
            created.table = table.name;
            created.columns.push_back({column.name, false, false, std::nullopt});
            created.unique = unique;
            created.declared_at = column.declared_at;
            table.indexes.push_back(std::move(created));
        } else if (unique) {
            UniqueConstraint constraint;
            constraint.columns = {column.name};
            if (conflict_node) constraint.on_conflict = conflict(*conflict_node, "on_conflict");
            table.uniques.push_back(std::move(constraint));
        }
        return column;
    }

    // A section that is a mapping of names to items, or a list of items each optionally
    // with a `name` (for the unnamed constraints a database may hold).
    // load_item(name, item, where): `where` is the node errors about the item point at (its
    // name, or the item in a list).
    template <typename Load>
    void each_item(const yaml::Node& section, std::string_view what, Load load_item) {
        if (section.is_map()) {
            for (const auto& entry : section.entries()) {
                if (entry.first.scalar().empty()) fail(entry.first, fmt::format("a {} needs a name", what));
                load_item(std::optional<std::string>(entry.first.scalar()), entry.second, entry.first);
            }
        } else if (section.is_sequence()) {
            for (const auto& item : section.items()) load_item(std::optional<std::string>(), item, item);
        } else if (!section.is_null()) {
            fail(section, fmt::format("'{}' must map names to definitions, or list them", what));
        }
    }

    Table load_table(const yaml::Node& key, const yaml::Node& node) {
        Table table;
        table.name = key.scalar();
        table.declared_at = location(key);
        if (table.name.empty()) fail(key, "a table needs a name");
        expect_map(node, fmt::format("table '{}' must be a mapping with 'columns'", table.name));
        std::vector<std::string> column_keys_declared;
        // Keys and indexes name columns, so they are read once every column is known.
        std::optional<yaml::Node> table_key_node, unique_node, indexes_node;
        autoincrement_column_.reset();
        column_key_conflict_.reset();
        key_uniques_before_ = 0;
        explicit_nullable_.clear();
        // Where columns, unique and primary_key stand in the table's mapping: SQLite checks a
        // row against the newest key first, and the order written is the order of creation.
        std::size_t position = 0, columns_at = 0, unique_at = 0, key_at = 0;
        for (const auto& entry : node.entries()) {
            const std::string setting = known_key(entry.first, table_keys_, "table setting");
            const yaml::Node& value = entry.second;
            ++position;
            if (setting == "columns") columns_at = position;
            if (setting == "unique") unique_at = position;
            if (setting == "primary_key") key_at = position;
            if (setting == "columns") {
                if (!value.is_map() || value.size() == 0)
                    fail(value, fmt::format("'columns' of table '{}' must map column names to their settings", table.name));
                table.columns.reserve(table.columns.size() + value.size());  // no spare capacity kept
                for (const auto& column : value.entries()) {
                    if (table.find_column(std::string(column.first.scalar()), rules_))
                        fail(column.first, fmt::format("duplicate column '{}' in table '{}'", column.first.scalar(), table.name));
                    table.columns.push_back(load_column(table, column.first, column.second, column_keys_declared));
                }
            } else if (setting == "primary_key") {
                table_key_node = value;
            } else if (setting == "indexes") {
                indexes_node = value;
            } else if (setting == "unique") {
                unique_node = value;
            } else if (setting == "foreign_keys") {
                each_item(value, "foreign key",
                          [&](std::optional<std::string> name, const yaml::Node& item, const yaml::Node& where) {
                              table.foreign_keys.push_back(load_foreign_key(table, std::move(name), item, where));
                          });
            } else if (setting == "checks") {
                each_item(value, "check", [&](std::optional<std::string> name, const yaml::Node& item, const yaml::Node&) {
                    table.checks.push_back(load_check(std::move(name), item));
                });
            } else if (setting == "renamed_from") {
                table.renamed_from = string_value(value, setting);
            } else {
                rules_.set_table_option(table, setting, bool_value(value, setting));
            }
        }
        if (table.columns.empty()) fail(key, fmt::format("table '{}' needs 'columns'", table.name));
        const std::size_t column_uniques = table.uniques.size();
        if (unique_node) {
            each_item(*unique_node, "unique", [&](std::optional<std::string> name, const yaml::Node& item, const yaml::Node&) {
                UniqueConstraint unique;
                const std::string what = name ? "unique constraint" : "a unique constraint of table '" + table.name + "'";
                static_cast<KeyColumns&>(unique) = key_constraint(item, "unique", name, what, table);
                unique.name = std::move(name);
                column_checks_.push_back({table.name, unique.columns, item.mark()});
                table.uniques.push_back(std::move(unique));
            });
        }
        // A unique section written before the columns comes first.
        if (unique_at < columns_at)
            std::rotate(table.uniques.begin(), table.uniques.begin() + static_cast<std::ptrdiff_t>(column_uniques),
                        table.uniques.end());
        const std::size_t section_uniques = table.uniques.size() - column_uniques;
        if (indexes_node) {
            if (!indexes_node->is_map())
                fail(*indexes_node, "'indexes' must map index names to {columns: [...]}; every index needs a name");
            for (const auto& index : indexes_node->entries()) table.indexes.push_back(load_index(table, index.first, index.second));
        }
        if (table_key_node) {
            if (!column_keys_declared.empty())
                fail(*table_key_node, fmt::format("table '{}' declares its primary key twice: in 'primary_key' and on "
                                                  "columns",
                                                  table.name));
            PrimaryKey key_constraint;
            std::optional<std::string> name;
            std::optional<yaml::Node> autoincrement, after_uniques;
            static_cast<KeyColumns&>(key_constraint) =
                this->key_constraint(*table_key_node, "primary_key", name, "the primary key of table '" + table.name + "'",
                                     table, &autoincrement, &after_uniques);
            key_constraint.name = std::move(name);
            if (autoincrement && bool_value(*autoincrement, "autoincrement")) {
                const Column* column =
                    key_constraint.columns.size() == 1 ? table.find_column(key_constraint.columns.front(), rules_) : nullptr;
                if (!column || !rules_.can_autoincrement(*column) || !key_constraint.options.empty())
                    fail(*autoincrement, "'autoincrement' needs a single-column integer primary key");
                key_constraint.autoincrement = true;
            }
            column_checks_.push_back({table.name, key_constraint.columns, table_key_node->mark()});
            // Primary key columns are NOT NULL unless the model says otherwise.
            for (auto& column : table.columns)
                if (contains_name(key_constraint.columns, column.name, rules_) && !contains_name(explicit_nullable_, column.name, rules_))
                    column.nullable = false;
            key_constraint.uniques_before =
                (columns_at < key_at ? column_uniques : 0) + (unique_node && unique_at < key_at ? section_uniques : 0);
            // Said outright where the layout cannot say it (inspect writes it then).
            if (after_uniques) {
                const std::string count(after_uniques->scalar());
                if (!after_uniques->is_scalar() || count.empty() || count.find_first_not_of("0123456789") != std::string::npos ||
                    std::stoul(count) > table.uniques.size())
                    fail(*after_uniques, fmt::format("'after_uniques' must be a count of the table's {} unique constraints",
                                                     table.uniques.size()));
                key_constraint.uniques_before = std::stoul(count);
            }
            table.primary_key = std::move(key_constraint);
        } else if (!column_keys_declared.empty()) {
            PrimaryKey key_constraint;
            key_constraint.columns = column_keys_declared;
            key_constraint.uniques_before = key_uniques_before_ + (unique_node && unique_at < columns_at ? section_uniques : 0);
            table.primary_key = std::move(key_constraint);
        }
        for (const Column& column : table.columns)
            if (column.not_null_conflict && column.nullable)
                throw InputError(fmt::format("column '{}' has 'not_null_on_conflict' but is not NOT NULL (nullable: false)",
                                             column.name),
                                 {file_, column.declared_at.line, column.declared_at.column});
        if (column_key_conflict_) table.primary_key->on_conflict = column_key_conflict_;
        if (autoincrement_column_) {
            if (table.primary_key->columns.size() != 1)
                fail_at(autoincrement_mark_, "'autoincrement' needs a single-column integer primary key");
            table.primary_key->autoincrement = true;
        }
        if (const auto problem = rules_.check_table(table))
            throw InputError(problem->message, {file_, problem->at.line, problem->at.column});
        for (auto& index : table.indexes) index.table = table.name;
        return table;
    }

    Index load_index(const Table& table, const yaml::Node& key, const yaml::Node& node) {
        const std::string name(key.scalar());
        if (name.empty()) fail(key, fmt::format("an index of table '{}' needs a name", table.name));
        if (!node.is_map()) fail(node, fmt::format("index '{}' must be a mapping with 'columns'", name));
        std::vector<std::string> columns;
        bool unique = false;
        std::optional<std::string> where;
        yaml::Node columns_node;
        for (const auto& entry : node.entries()) {
            const std::string setting = known_key(entry.first, index_keys, "index setting");
            if (setting == "columns") {
                columns = name_list(entry.second, "columns");
                columns_node = entry.second;
            } else if (setting == "unique") {
                unique = bool_value(entry.second, setting);
            } else {
                where = sql_text(entry.second, setting);
            }
        }
        if (columns.empty()) fail(key, fmt::format("index '{}' needs 'columns'", name));
        Index index;
        for (const std::string& entry : columns) index.columns.push_back(index_entry(entry, table, columns_node, "columns"));
        index.name = name;
        index.table = table.name;
        index.unique = unique;
        index.where = where;
        index.declared_at = location(key);
        std::vector<std::string> plain;
        for (const auto& column : index.columns)
            if (!column.is_expression) plain.push_back(column.expression);
        column_checks_.push_back({table.name, plain, columns_node.mark()});
        return index;
    }

    ForeignKey load_foreign_key(const Table& table, std::optional<std::string> name, const yaml::Node& node,
                                const yaml::Node& where) {
        ForeignKey foreign_key;
        const std::string shown = name ? "'" + *name + "'" : std::string("of table '") + table.name + "'";
        if (!node.is_map()) fail(node, fmt::format("foreign key {} must be a mapping with columns and references", shown));
        std::optional<Reference> reference;
        std::vector<std::string> referred_columns;
        std::optional<yaml::Node> deferrable_node, initially_node;
        yaml::Node columns_node;
        for (const auto& entry : node.entries()) {
            const std::string setting = known_key(entry.first, foreign_key_keys, "foreign key setting");
            if (setting == "name") {
                if (name) fail(entry.first, "a foreign key named by its key needs no 'name'");
                name = string_value(entry.second, setting);
            } else if (setting == "columns") {
                foreign_key.columns = name_list(entry.second, "columns");
                columns_node = entry.second;
            } else if (setting == "references") {
                reference = parse_reference(entry.second, false);
            } else if (setting == "referred_columns") {
                referred_columns = name_list(entry.second, "referred_columns");
            } else if (setting == "on_delete") {
                foreign_key.on_delete = action(entry.second, setting);
            } else if (setting == "on_update") {
                foreign_key.on_update = action(entry.second, setting);
            } else if (setting == "deferrable") {
                deferrable_node = entry.second;
            } else {
                initially_node = entry.second;
            }
        }
        foreign_key.name = name;
        if (foreign_key.columns.empty() || !reference)
            fail(where, fmt::format("foreign key {} needs 'columns' and 'references'", shown));
        if (!referred_columns.empty()) reference->columns = referred_columns;
        foreign_key.referred_table = reference->table;
        foreign_key.referred_columns = reference->columns;
        foreign_key.deferrable = deferred(deferrable_node, initially_node);
        if (!foreign_key.referred_columns.empty() && foreign_key.referred_columns.size() != foreign_key.columns.size())
            fail(where, fmt::format("foreign key {} has {} columns but refers to {}", shown, foreign_key.columns.size(),
                                    foreign_key.referred_columns.size()));
        column_checks_.push_back({table.name, foreign_key.columns, columns_node.mark()});
        references_.push_back({table.name, std::move(*reference)});
        return foreign_key;
    }

    // `name: SQL` in a mapping; in a list, `SQL` alone or {name, check}.
    CheckConstraint load_check(std::optional<std::string> name, const yaml::Node& node) {
        if (!node.is_map()) return {std::move(name), sql_text(node, "checks")};
        if (name) fail(node, fmt::format("check '{}' must be SQL text", *name));
        CheckConstraint check;
        for (const auto& entry : node.entries()) {
            const std::string setting = known_key(entry.first, check_keys, "check setting");
            if (setting == "name") check.name = string_value(entry.second, setting);
            if (setting == "check") check.expression = sql_text(entry.second, "check");
        }
        if (check.expression.empty()) fail(node, "a check needs 'check': its SQL condition");
        return check;
    }

    View load_view(const yaml::Node& key, const yaml::Node& node) {
        const std::string name(key.scalar());
        std::string sql = sql_text(node, "views");
        if (!rules_.is_create_statement(sql)) sql = rules_.create_view_prefix(name) + sql;
        return {name, sql};
    }

    Trigger load_trigger(const yaml::Node& key, const yaml::Node& node) {
        const std::string name(key.scalar());
        const std::string sql = sql_text(node, "triggers");
        try {
            return {name, rules_.trigger_table(sql), sql};
        } catch (const sql::SqlSyntaxError& error) {
            fail(node, fmt::format("trigger '{}' must be a whole CREATE TRIGGER statement: {}", name, error.message));
        }
    }

    // `module(arguments)`, or a whole CREATE VIRTUAL TABLE statement.
    VirtualTable load_virtual_table(const yaml::Node& key, const yaml::Node& node) {
        const std::string name(key.scalar());
        std::string sql = sql_text(node, "virtual_tables");
        if (!rules_.is_create_statement(sql)) sql = rules_.create_virtual_table_prefix(name) + sql;
        try {
            VirtualTable table = rules_.read_virtual_table(sql);
            if (!rules_.same_name(table.name, name))
                fail(node, fmt::format("virtual table '{}' is declared as creating '{}'", name, table.name));
            table.name = name;
            return table;
        } catch (const sql::SqlSyntaxError& error) {
            fail(node, fmt::format("virtual table '{}' must be module(arguments), e.g. fts5(body), or a CREATE VIRTUAL "
                                   "TABLE statement: {}",
                                   name, error.message));
        }
    }

    void check_unique_names(const Schema& schema) const {
        std::map<std::string, const Table*> tables;
        std::map<std::string, const Table*> index_owners;  // index names are shared by the whole database
        for (const Table& table : schema.tables) {
            const auto [first, inserted] = tables.emplace(rules_.name_key(table.name), &table);
            if (!inserted)
                throw InputError(fmt::format("duplicate table '{}' (first declared at line {})", table.name,
                                             first->second->declared_at.line),
                                 {file_, table.declared_at.line, table.declared_at.column});
            for (const Index& index : table.indexes) {
                const auto [owner, fresh] = index_owners.emplace(rules_.name_key(index.name), &table);
                if (!fresh)
                    throw InputError(fmt::format("duplicate index name '{}' (also on table '{}'); index names are "
                                                 "shared by the whole database",
                                                 index.name, owner->second->name),
                                     {file_, index.declared_at.line, index.declared_at.column});
            }
        }
    }

    void check_references(const Schema& schema) const {
        std::vector<std::string_view> table_names;
        for (const Table& table : schema.tables) table_names.push_back(table.name);
        for (const auto& check : column_checks_) {
            const Table* table = schema.find_table(check.table, rules_);
            for (const auto& column : check.columns)
                if (!table->find_column(column, rules_)) fail_at(check.mark, unknown_column(*table, column));
        }
        for (const auto& [from_table, reference] : references_) {
            const Table* referred = schema.find_table(reference.table, rules_);
            if (!referred) {
                const std::string hint = text::closest_match(reference.table, table_names);
                fail_at(reference.mark, hint.empty() ? fmt::format("references unknown table '{}'", reference.table)
                                                     : fmt::format("references unknown table '{}' (did you mean '{}'?)",
                                                                   reference.table, hint));
            }
            for (const auto& column : reference.columns)
                if (!referred->find_column(column, rules_)) fail_at(reference.mark, "references " + unknown_column(*referred, column));
            check_parent_key(*referred, reference);
        }
    }

    // SQLite enforces a foreign key only to a parent key that is the primary key or unique
    // (foreignkeys.html, 3): any other makes every write to either table fail with "foreign
    // key mismatch".
    void check_parent_key(const Table& parent, const Reference& reference) const {
        const auto same_set = [this](std::vector<std::string> a, std::vector<std::string> b) {
            for (auto* names : {&a, &b})
                for (auto& name : *names) name = rules_.name_key(name);
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
            return a == b;
        };
        if (reference.columns.empty()) {
            if (!parent.primary_key)
                fail_at(reference.mark, fmt::format("references the primary key of '{}', which has none; name the "
                                                    "referred columns",
                                                    parent.name));
            return;
        }
        if (parent.primary_key && same_set(parent.primary_key->columns, reference.columns)) return;
        for (const auto& unique : parent.uniques)
            if (same_set(unique.columns, reference.columns)) return;
        for (const auto& index : parent.indexes) {
            if (!index.unique || index.where) continue;
            std::vector<std::string> columns;
            for (const auto& column : index.columns)
                if (!column.is_expression) columns.push_back(column.expression);
            if (columns.size() == index.columns.size() && same_set(columns, reference.columns)) return;
        }
        fail_at(reference.mark,
                fmt::format("references {}({}), which is neither the primary key nor unique in '{}': SQLite cannot "
                            "enforce such a key (every write fails with 'foreign key mismatch'); make it unique",
                            parent.name, text::join(reference.columns, ", "), parent.name));
    }

    static std::string unknown_column(const Table& table, const std::string& column) {
        std::vector<std::string_view> names;
        for (const Column& existing : table.columns) names.push_back(existing.name);
        const std::string hint = text::closest_match(column, names);
        return hint.empty() ? fmt::format("unknown column '{}' in table '{}'", column, table.name)
                            : fmt::format("unknown column '{}' in table '{}' (did you mean '{}'?)", column, table.name, hint);
    }

    struct ColumnCheck {
        std::string table;
        std::vector<std::string> columns;
        yaml::Mark mark;
    };

    std::string file_;
    const SchemaRules& rules_;
    yaml::ParseCache* cache_;
    std::vector<std::string> option_keys_;
    std::vector<std::string_view> table_keys_;  // table_keys, then option_keys_
    std::vector<std::pair<std::string, Reference>> references_;
    std::vector<ColumnCheck> column_checks_;
    std::optional<std::string> autoincrement_column_;
    ConflictClause column_key_conflict_;  // on_conflict of the table's column primary key
    std::size_t key_uniques_before_ = 0;  // column uniques declared before the column primary key
    std::vector<std::string> explicit_nullable_;  // columns of the table being read that say nullable
    yaml::Mark autoincrement_mark_;
};

}  // namespace

Schema parse_models_yaml(std::string_view contents, const std::string& file, const SchemaRules& rules,
                         yaml::ParseCache* cache) {
    if (auto schema = Loader(file, rules, cache).load_in_pieces(contents)) return std::move(*schema);
    return Loader(file, rules, cache).load(contents);
}

}  // namespace dbm::schema
