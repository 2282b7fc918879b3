#include "sqlite/render.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "schema/compare.hpp"
#include "schema/name_index.hpp"
#include "schema/names.hpp"
#include "sqlite/sqlite_rules.hpp"
#include "schema/rename_plan.hpp"
#include "sqlite/sql_lexer.hpp"
#include "util/text.hpp"

namespace dbm::schema {

using sqlite::normalize_sql;
using sqlite::normalize_type;
using sqlite::rowid_alias;
using sqlite::same_name;
using sqlite::Affinity;
using sqlite::type_affinity;

namespace {

std::string literal(const std::string& value) { return text::quoted(value, '\''); }

// Text for a printf format: "%" stands for itself.
std::string printf_text(const std::string& text) {
    std::string out;
    for (char c : text) out += c == '%' ? std::string("%%") : std::string(1, c);
    return out;
}

std::string name_list(const std::vector<std::string>& names) {
    std::vector<std::string> quoted;
    for (const auto& name : names) quoted.push_back(sqlite_identifier(name));
    return "(" + text::join(quoted, ", ") + ")";
}

std::string constraint_prefix(const std::optional<std::string>& name) {
    return name ? "CONSTRAINT " + sqlite_identifier(*name) + " " : std::string();
}

std::string foreign_key_clause(const ForeignKey& key) {
    std::string sql = "REFERENCES " + sqlite_identifier(key.referred_table);
    if (!key.referred_columns.empty()) sql += " " + name_list(key.referred_columns);
    if (!text::iequals(key.on_delete, "NO ACTION")) sql += " ON DELETE " + key.on_delete;
    if (!text::iequals(key.on_update, "NO ACTION")) sql += " ON UPDATE " + key.on_update;
    if (key.deferrable) sql += " DEFERRABLE INITIALLY DEFERRED";
    return sql;
}

// SPEC §5's mark on a destructive step.
std::string drop_column_warning(const std::string& column, const std::string& table) {
    return fmt::format("-- WARNING: drops column {} of {} (data loss)", sqlite_identifier(column), sqlite_identifier(table));
}

// Does the SQL mention this name as an identifier?
bool mentions(const std::string& sql, const std::string& name) {
    try {
        for (const auto& token : sql::tokenize(sql))
            if (token.is_identifier() && same_name(token.name(), name))
                return true;
    } catch (const sql::SqlSyntaxError&) {
        return true;
    }
    return false;
}

// A default that ALTER TABLE ADD COLUMN accepts: a literal, NULL, TRUE or FALSE.
bool constant_default(const std::string& sql) {
    try {
        auto tokens = sql::tokenize(sql);
        if (!tokens.empty() && (tokens.front().is_symbol("-") || tokens.front().is_symbol("+")))
            tokens.erase(tokens.begin());
        if (tokens.size() != 1) return false;
        const auto& token = tokens.front();
        return token.kind == sql::TokenKind::number || token.kind == sql::TokenKind::string ||
               token.kind == sql::TokenKind::blob || token.is("NULL") || token.is("TRUE") || token.is("FALSE");
    } catch (const sql::SqlSyntaxError&) {
        return false;
    }
}

std::string conflict_suffix(const ConflictClause& clause) { return clause ? " ON CONFLICT " + *clause : std::string(); }

// The primary key is written on its column when only there it means what it says:
// AUTOINCREMENT, and a descending INTEGER key, which in a table constraint would become
// the rowid after all (lang_createtable).
bool key_on_column(const Table& table) {
    const auto& key = table.primary_key;
    if (!key || key->columns.size() != 1) return false;
    if (key->autoincrement) return true;
    const Column* column = table.find_column(key->columns.front(), sqlite::rules());
    return key->options_of(0).descending && !table.sqlite.without_rowid && column && text::iequals(column->type, "INTEGER");
}

// SQLite makes the index of a WITHOUT ROWID table's key on one INTEGER column (a table
// constraint, whatever its ASC/DESC) only at the end of CREATE TABLE, after every unique's,
// unless a unique on the same key came first: that one becomes the key where it stands.
bool key_index_made_last(const Table& table) {
    const auto& key = table.primary_key;
    if (!table.sqlite.without_rowid || !key || key->columns.size() != 1 || key_on_column(table)) return false;
    const Column* column = table.find_column(key->columns.front(), sqlite::rules());
    return column && text::iequals(column->type, "INTEGER");
}

std::string column_definition(const Column& column, const Table& table) {
    std::string sql = sqlite_identifier(column.name);
    if (!column.type.empty()) sql += " " + sqlite_type(column.type);
    if (column.generated)
        sql += fmt::format(" GENERATED ALWAYS AS ({}) {}", *column.generated, column.generated_stored ? "STORED" : "VIRTUAL");
    if (column.default_sql) sql += " DEFAULT " + *column.default_sql;
    if (column.collate) sql += " COLLATE " + sqlite_identifier(*column.collate);
    if (!column.nullable) sql += " NOT NULL" + conflict_suffix(column.not_null_conflict);
    if (key_on_column(table) && same_name(table.primary_key->columns.front(), column.name)) {
        const PrimaryKey& key = *table.primary_key;
        sql += " " + constraint_prefix(key.name) + "PRIMARY KEY";
        if (key.options_of(0).descending) sql += " DESC";
        sql += conflict_suffix(key.on_conflict);
        if (key.autoincrement) sql += " AUTOINCREMENT";
    }
    return sql;
}

// PRIMARY KEY (...) and UNIQUE (...) lists: each column with its COLLATE and DESC. When
// another key of the table has the same columns, a column's own collation is written out
// too: SQLite 3.40's re-parse of a table in ALTER TABLE RENAME (which a rebuild runs) takes
// the two keys for one otherwise, and refuses their different ON CONFLICT clauses.
std::string key_list(const KeyColumns& key, const Table& table) {
    bool twin = table.primary_key && &*table.primary_key != &key && same_names(table.primary_key->columns, key.columns, sqlite::rules());
    for (const auto& unique : table.uniques)
        if (&unique != &key && same_names(unique.columns, key.columns, sqlite::rules())) twin = true;
    std::vector<std::string> items;
    for (std::size_t i = 0; i < key.columns.size(); ++i) {
        std::string item = sqlite_identifier(key.columns[i]);
        const KeyColumnOptions& options = key.options_of(i);
        const Column* column = table.find_column(key.columns[i], sqlite::rules());
        if (options.collate)
            item += " COLLATE " + sqlite_identifier(*options.collate);
        else if (twin && column && column->collate)
            item += " COLLATE " + sqlite_identifier(*column->collate);
        if (options.descending) item += " DESC";
        items.push_back(std::move(item));
    }
    return "(" + text::join(items, ", ") + ")" + conflict_suffix(key.on_conflict);
}

// A value of the column's type for rows that had none: a column dropped and brought back
// NOT NULL without a default gets it, since its data went with the drop.
std::string placeholder_for(const Column& column) {
    switch (type_affinity(column.type)) {
    case Affinity::text: return "''";
    case Affinity::blob: return "x''";
    default: return "0";
    }
}

struct Block {
    std::vector<std::string> lines;
};

class Renderer {
public:
    Renderer(const std::vector<Operation>& operations, const Schema& from, const Schema& to)
        : operations_(operations), from_(from), to_(to), from_tables_(from.tables, sqlite::rules()),
          to_tables_(to.tables, sqlite::rules()) {
        for (const Table& table : from_.tables)
            for (const Index& index : table.indexes) standing_indexes_[text::lower(index.name)] = text::lower(table.name);
        for (const Operation& operation : operations_) {
            if (const auto* rename = std::get_if<RenameTable>(&operation)) table_renames_[text::lower(rename->from)] = rename->to;
            if (const auto* rename = std::get_if<RenameColumn>(&operation))
                column_renames_[text::lower(rename->table)][text::lower(rename->from)] = rename->to;
            if (const auto* drop = std::get_if<DropTrigger>(&operation)) dropped_triggers_.insert(text::lower(drop->trigger.name));
            if (const auto* create = std::get_if<CreateTrigger>(&operation))
                created_triggers_.insert(text::lower(create->trigger.name));
        }
        for (const Operation& operation : operations_) {
            const std::string table = altered_table(operation);
            if (table.empty() || !needs_rebuild(operation)) continue;
            rebuilt_.insert(text::lower(table));
            // Index operations may name the table by its name before or after a rename.
            rebuilt_.insert(text::lower(target_table(table).name));
            rebuilt_.insert(text::lower(source_table(table).name));
        }
    }

    std::string render() {
        std::set<std::string> done;  // rebuilt tables already written
        std::set<std::string> columns_renamed;  // tables whose column renames are written
        bool tables_renamed = false;
        for (const Operation& operation : operations_) {
            const std::string table = altered_table(operation);
            if (!table.empty() && rebuilt_.count(text::lower(table))) {
                if (!done.insert(text::lower(table)).second) continue;
                // Columns are renamed in place before the rebuild, in either direction: SQLite
                // then rewrites the views and triggers that name them, and the rebuild copies
                // columns whose names already match the target.
                if (columns_renamed.insert(text::lower(table)).second) render_column_renames(table);
                rebuild(table);
                continue;
            }
            // Renames are written together: one may need the name another frees.
            if (std::holds_alternative<RenameTable>(operation)) {
                if (!tables_renamed) render_table_renames();
                tables_renamed = true;
                continue;
            }
            if (std::holds_alternative<RenameColumn>(operation)) {
                if (columns_renamed.insert(text::lower(table)).second) render_column_renames(table);
                continue;
            }
            render_operation(operation);
        }
        std::string sql;
        for (std::size_t i = 0; i < blocks_.size(); ++i) {
            if (i) sql += '\n';
            for (const auto& line : blocks_[i].lines) sql += line + "\n";
        }
        return sql;
    }

private:
    void emit(std::vector<std::string> lines) { blocks_.push_back({std::move(lines)}); }

    // Every table rename, each to a name free by then: a chain from its free end, a cycle
    // (a swap) through a temporary name, recorded in a comment (rename_plan.hpp).
    void render_table_renames() {
        std::vector<std::pair<std::string, std::string>> renames;
        for (const Operation& operation : operations_)
            if (const auto* rename = std::get_if<RenameTable>(&operation)) renames.emplace_back(rename->from, rename->to);
        std::vector<std::string> taken;  // tables, views, indexes and triggers share one namespace
        for (const Schema* schema : {&from_, &to_}) {
            for (const Table& table : schema->tables) {
                taken.push_back(table.name);
                for (const Index& index : table.indexes) taken.push_back(index.name);
            }
            for (const View& view : schema->views) taken.push_back(view.name);
            for (const Trigger& trigger : schema->triggers) taken.push_back(trigger.name);
            for (const VirtualTable& table : schema->virtual_tables) taken.push_back(table.name);
        }
        std::vector<std::vector<std::pair<std::string, std::string>>> cycles;
        const auto steps = rename_steps(renames, taken, sqlite::rules(), &cycles);
        std::vector<std::string> lines;
        for (const auto& cycle : cycles) lines.push_back(rename_cycle_comment("", cycle));
        for (const auto& [from, to] : steps)
            lines.push_back(fmt::format("ALTER TABLE {} RENAME TO {};", sqlite_identifier(from), sqlite_identifier(to)));
        NameMap moved;
        for (const auto& [from, to] : renames) moved[text::lower(from)] = text::lower(to);
        for (auto& [index, table] : standing_indexes_)
            if (const auto it = moved.find(table); it != moved.end()) table = it->second;
        emit(std::move(lines));
    }

    void render_column_renames(const std::string& table) {
        std::vector<std::pair<std::string, std::string>> renames;
        for (const Operation& operation : operations_) {
            const auto* rename = std::get_if<RenameColumn>(&operation);
            if (rename && same_name(rename->table, table)) renames.emplace_back(rename->from, rename->to);
        }
        if (renames.empty()) return;
        std::vector<std::string> taken;
        for (const Table* definition : {&source_table(table), &target_table(table)})
            for (const Column& column : definition->columns) taken.push_back(column.name);
        std::vector<std::vector<std::pair<std::string, std::string>>> cycles;
        const auto steps = rename_steps(renames, taken, sqlite::rules(), &cycles);
        std::vector<std::string> lines;
        for (const auto& cycle : cycles) lines.push_back(rename_cycle_comment(table, cycle));
        for (const auto& [from, to] : steps)
            lines.push_back(fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {};", sqlite_identifier(table),
                                        sqlite_identifier(from), sqlite_identifier(to)));
        emit(std::move(lines));
    }

    // A per-table operation names the table as the database calls it when it runs. Its
    // definitions may be under the name it had before a rename (`from`) or will have after
    // one (`to`), depending on the direction: look both ways.
    const Table& target_table(const std::string& name) const {
        if (const Table* table = to_tables_.find(name)) return *table;
        const auto it = table_renames_.find(text::lower(name));
        if (it != table_renames_.end())
            if (const Table* table = to_tables_.find(it->second)) return *table;
        throw std::logic_error("render: no target definition for table " + name);
    }

    const Table& source_table(const std::string& name) const {
        for (const auto& [old_name, renamed] : table_renames_)
            if (same_name(renamed, name))
                if (const Table* table = from_tables_.find(old_name)) return *table;
        if (const Table* table = from_tables_.find(name)) return *table;
        throw std::logic_error("render: no source definition for table " + name);
    }

    const NameMap& column_renames(const std::string& table) const {
        static const NameMap none;
        const auto it = column_renames_.find(text::lower(table));
        return it == column_renames_.end() ? none : it->second;
    }

    bool added_in_place_with_key(const std::string& table, const ForeignKey& key) const {
        if (key.columns.size() != 1) return false;
        return std::any_of(operations_.begin(), operations_.end(), [&](const Operation& operation) {
            const auto* add = std::get_if<AddColumn>(&operation);
            return add && same_name(add->table, table) && same_name(add->column.name, key.columns.front()) &&
                   addable_in_place(add->column, target_table(table));
        });
    }

    bool addable_in_place(const Column& column, const Table& table) const {
        if (table.primary_key && contains_name(table.primary_key->columns, column.name, sqlite::rules())) return false;
        for (const auto& unique : table.uniques)
            if (contains_name(unique.columns, column.name, sqlite::rules())) return false;
        if (column.generated_stored) return false;
        if (column.default_sql && !constant_default(*column.default_sql)) return false;
        if (!column.nullable && (!column.default_sql || normalize_sql(*column.default_sql) == "null") && !column.generated)
            return false;
        return true;
    }

    bool droppable_in_place(const Column& column, const std::string& table_name) const {
        const Table& table = source_table(table_name);
        const std::string& old_name = column.name;
        if (table.primary_key && contains_name(table.primary_key->columns, old_name, sqlite::rules())) return false;
        for (const auto& unique : table.uniques)
            if (contains_name(unique.columns, old_name, sqlite::rules())) return false;
        for (const auto& key : table.foreign_keys)
            if (contains_name(key.columns, old_name, sqlite::rules())) return false;
        for (const auto& check : table.checks)
            if (mentions(check.expression, old_name)) return false;
        for (const auto& other : table.columns)
            if (other.generated && mentions(*other.generated, old_name)) return false;
        return true;
    }

    bool needs_rebuild(const Operation& operation) const {
        if (std::holds_alternative<RenameColumn>(operation)) return false;
        if (const auto* add = std::get_if<AddColumn>(&operation)) return !addable_in_place(add->column, target_table(add->table));
        if (const auto* drop = std::get_if<DropColumn>(&operation)) return !droppable_in_place(drop->column, drop->table);
        if (const auto* add = std::get_if<AddConstraint>(&operation)) {
            const auto* key = std::get_if<ForeignKey>(&add->constraint);
            return !(key && added_in_place_with_key(add->table, *key));
        }
        return true;
    }

    void render_operation(const Operation& operation) {
        if (const auto* op = std::get_if<CreateTable>(&operation)) {
            std::vector<std::string> lines;
            for (const Index& index : op->table.indexes) free_index_name(index, lines);
            lines.push_back(create_table_sql(op->table, op->table.name));
            for (const Index& index : op->table.indexes) lines.push_back(create_index_sql(index));
            // A table that comes back (the downgrade of a drop) brings back the triggers the
            // models leave alone; managed ones have their own CreateTrigger.
            for (const Trigger& trigger : to_.triggers)
                if (same_name(trigger.table, op->table.name) && !created_triggers_.count(text::lower(trigger.name)))
                    lines.push_back(std::string(text::trim(trigger.sql)) + ";");
            emit(std::move(lines));
        } else if (const auto* op = std::get_if<DropTable>(&operation)) {
            forget_indexes_of(op->table.name);
            emit({fmt::format("-- WARNING: drops table {} and every row in it (data loss)", sqlite_identifier(op->table.name)),
                  fmt::format("DROP TABLE {};", sqlite_identifier(op->table.name))});
        } else if (const auto* op = std::get_if<AddColumn>(&operation)) {
            std::string definition = column_definition(op->column, target_table(op->table));
            for (const ForeignKey& key : target_table(op->table).foreign_keys)
                if (key.columns.size() == 1 && same_name(key.columns.front(), op->column.name))
                    definition += " " + foreign_key_clause(key);
            emit({fmt::format("ALTER TABLE {} ADD COLUMN {};", sqlite_identifier(op->table), definition)});
        } else if (const auto* op = std::get_if<DropColumn>(&operation)) {
            emit({drop_column_warning(op->column.name, op->table),
                  fmt::format("ALTER TABLE {} DROP COLUMN {};", sqlite_identifier(op->table), sqlite_identifier(op->column.name))});
        } else if (std::holds_alternative<AddConstraint>(operation)) {
            // A foreign key on a column added in place: written into its ADD COLUMN.
        } else if (const auto* op = std::get_if<CreateIndex>(&operation)) {
            if (!rebuilt_.count(text::lower(op->index.table))) {
                std::vector<std::string> lines;
                free_index_name(op->index, lines);
                lines.push_back(create_index_sql(op->index));
                emit(std::move(lines));
            }
        } else if (const auto* op = std::get_if<DropIndex>(&operation)) {
            if (!rebuilt_.count(text::lower(op->index.table)) && !table_dropped(op->index.table) &&
                standing_indexes_.erase(text::lower(op->index.name)))
                emit({fmt::format("DROP INDEX {};", sqlite_identifier(op->index.name))});
        } else if (const auto* op = std::get_if<CreateView>(&operation)) {
            emit({std::string(text::trim(op->view.sql)) + ";"});
        } else if (const auto* op = std::get_if<DropView>(&operation)) {
            emit({fmt::format("DROP VIEW {};", sqlite_identifier(op->view.name))});
        } else if (const auto* op = std::get_if<CreateTrigger>(&operation)) {
            emit({std::string(text::trim(op->trigger.sql)) + ";"});
        } else if (const auto* op = std::get_if<DropTrigger>(&operation)) {
            emit({fmt::format("DROP TRIGGER {};", sqlite_identifier(op->trigger.name))});
        } else if (const auto* op = std::get_if<CreateVirtualTable>(&operation)) {
            std::vector<std::string> lines{std::string(text::trim(op->table.sql)) + ";"};
            // An external content index starts empty: fill it from its table.
            if (sqlite::external_content_of(op->table))
                lines.push_back(fmt::format("INSERT INTO {0} ({0}) VALUES ('rebuild');", sqlite_identifier(op->table.name)));
            emit(std::move(lines));
        } else if (const auto* op = std::get_if<DropVirtualTable>(&operation)) {
            std::vector<std::string> lines;
            if (loses_data(operation, sqlite::rules()))
                lines.push_back(fmt::format("-- WARNING: drops virtual table {} and the data its module keeps (data loss)",
                                            sqlite_identifier(op->table.name)));
            lines.push_back(fmt::format("DROP TABLE {};", sqlite_identifier(op->table.name)));
            emit(std::move(lines));
        }
    }

    // A NOT NULL column without a default that no old column fills: the rows already there
    // need a value (the rowid alias takes its own).
    static bool needs_placeholder(const Column& column, const Column* alias) {
        return !column.nullable && !column.default_sql && !column.generated && !(alias && same_name(alias->name, column.name));
    }

    // Index names are the database's, not a table's: one moving to another table must be
    // freed (dropped where it stands) before it is made again there.
    void free_index_name(const Index& index, std::vector<std::string>& lines) {
        const auto standing = standing_indexes_.find(text::lower(index.name));
        if (standing != standing_indexes_.end() && standing->second != text::lower(index.table))
            lines.push_back(fmt::format("DROP INDEX {};", sqlite_identifier(index.name)));
        standing_indexes_[text::lower(index.name)] = text::lower(index.table);
    }

    void forget_indexes_of(const std::string& table) {
        std::erase_if(standing_indexes_, [&](const auto& entry) { return entry.second == text::lower(table); });
    }

    bool table_dropped(const std::string& name) const {
        return std::any_of(operations_.begin(), operations_.end(), [&](const Operation& operation) {
            const auto* drop = std::get_if<DropTable>(&operation);
            return drop && same_name(drop->table.name, name);
        });
    }

    // The 12-step rebuild of SQLITE-NOTES.md, steps 3-9 (the migrator does the rest).
    // `name` is the table's name in the database at this point of the migration.
    void rebuild(const std::string& name) {
        const Table& definition = target_table(name);
        const Table& before = source_table(name);
        const NameMap& renames = column_renames(name);
        Table source = before;
        for (Column& column : source.columns) column.name = renamed(renames, column.name, sqlite::rules());
        const std::string table = sqlite_identifier(name);
        const std::string new_name = "_dbm_new_" + name;
        const std::string new_table = sqlite_identifier(new_name);

        std::vector<std::string> lines{fmt::format("-- Rebuild {}: ALTER TABLE cannot make all of these changes in SQLite:", table)};
        for (const Operation& operation : operations_)
            if (same_name(altered_table(operation), name) && !std::holds_alternative<RenameColumn>(operation))
                lines.push_back("--   " + describe(operation));
        lines.push_back("-- Every row is copied with its rowid; indexes and triggers are recreated.");
        for (const Operation& operation : operations_) {
            const auto* drop = std::get_if<DropColumn>(&operation);
            if (drop && same_name(drop->table, name))
                lines.push_back(drop_column_warning(drop->column.name, name));
        }
        const Column* alias = rowid_alias(definition);
        for (const Column& column : definition.columns) {
            if (!source.find_column(column.name, sqlite::rules()) && needs_placeholder(column, alias))
                lines.push_back(fmt::format("-- WARNING: column {} comes back NOT NULL without its data: every row gets {}",
                                            sqlite_identifier(column.name), placeholder_for(column)));
        }
        for (const Column& column : definition.columns) {
            const Column* previous = source.find_column(column.name, sqlite::rules());
            if (column.nullable || !previous || !previous->nullable || (alias && same_name(alias->name, column.name))) continue;
            lines.push_back(fmt::format("-- Preflight: {} becomes NOT NULL; stop here, with the count, if a row holds NULL.",
                                        sqlite_identifier(column.name)));
            lines.push_back(fmt::format(
                "SELECT CASE WHEN n > 0 THEN json_extract('{{}}', printf({}, n)) END FROM (SELECT count(*) AS n FROM {} WHERE {} IS NULL);",
                literal(fmt::format("preflight: %d row(s) of {} hold NULL in {}, which becomes NOT NULL; fill them first",
                                    printf_text(table), printf_text(sqlite_identifier(column.name)))),
                table, sqlite_identifier(column.name)));
        }
        lines.push_back(create_table_sql(definition, new_name));
        std::vector<std::string> columns, values;
        for (const Column& column : definition.columns) {
            if (column.generated) continue;
            if (source.find_column(column.name, sqlite::rules())) {
                columns.push_back(sqlite_identifier(column.name));
                values.push_back(sqlite_identifier(column.name));
            } else if (needs_placeholder(column, alias)) {
                columns.push_back(sqlite_identifier(column.name));
                values.push_back(placeholder_for(column));
            }
        }
        const bool copied_alias = alias && source.find_column(alias->name, sqlite::rules());
        if (!source.sqlite.without_rowid && !definition.sqlite.without_rowid && !copied_alias) {
            // A column may take the name rowid (or _rowid_, oid): the rowid is then reached
            // by another of its names, in both tables.
            for (const char* rowid : {"rowid", "_rowid_", "oid"}) {
                if (source.find_column(rowid, sqlite::rules()) || definition.find_column(rowid, sqlite::rules())) continue;
                columns.insert(columns.begin(), rowid);
                values.insert(values.begin(), rowid);
                break;
            }
        }
        if (!columns.empty())
            lines.push_back(fmt::format("INSERT INTO {} ({}) SELECT {} FROM {};", new_table, text::join(columns, ", "),
                                        text::join(values, ", "), table));
        if (source.primary_key && source.primary_key->autoincrement && definition.primary_key &&
            definition.primary_key->autoincrement) {
            // Keep the AUTOINCREMENT counter, or ids of deleted rows could come back.
            lines.push_back(fmt::format("DELETE FROM sqlite_sequence WHERE name = {};", literal(new_name)));
            lines.push_back(fmt::format("INSERT INTO sqlite_sequence (name, seq) SELECT {}, seq FROM sqlite_sequence WHERE name = {};",
                                       literal(new_name), literal(name)));
        }
        // Views and triggers elsewhere name the table: with legacy_alter_table the rename
        // leaves them as they are, pointing at the new table once it has the old name.
        lines.push_back("PRAGMA legacy_alter_table = ON;");
        forget_indexes_of(name);
        forget_indexes_of(before.name);
        lines.push_back(fmt::format("DROP TABLE {};", table));
        lines.push_back(fmt::format("ALTER TABLE {} RENAME TO {};", new_table, table));
        lines.push_back("PRAGMA legacy_alter_table = OFF;");
        for (Index index : definition.indexes) {
            index.table = name;
            free_index_name(index, lines);
            lines.push_back(create_index_sql(index));
        }
        // The table's triggers went with DROP TABLE: recreate them under today's names.
        NameMap trigger_renames = renames;
        if (!same_name(before.name, name)) trigger_renames[text::lower(before.name)] = name;
        for (const Trigger& trigger : from_.triggers) {
            if (!same_name(trigger.table, before.name) || dropped_triggers_.count(text::lower(trigger.name))) continue;
            lines.push_back(std::string(text::trim(sqlite::rules().rename_in_sql(trigger.sql, trigger_renames))) + ";");
        }
        emit(std::move(lines));
    }

    const std::vector<Operation>& operations_;
    const Schema& from_;
    const Schema& to_;
    NameIndex<Table> from_tables_;
    NameIndex<Table> to_tables_;
    NameMap table_renames_;
    std::map<std::string, NameMap> column_renames_;
    std::set<std::string> dropped_triggers_;
    std::set<std::string> created_triggers_;
    std::set<std::string> rebuilt_;
    std::map<std::string, std::string> standing_indexes_;  // index name -> its table now (lower case)
    std::vector<Block> blocks_;
};

}  // namespace

std::string sqlite_identifier(const std::string& name) { return sql::identifier(name); }

std::string sqlite_type(const std::string& type) {
    // Written as is when SQLite reads it back as the same type: names that are no keyword,
    // then at most one parenthesised list of one or two signed numbers. Otherwise quoted,
    // which SQLite undoes (a type "NOT NULL" must not become a constraint). SQLite drops a
    // trailing ALWAYS from a long type, so a type ending so is quoted too.
    std::vector<sql::Token> tokens;
    try {
        tokens = sql::tokenize(type);
    } catch (const sql::SqlSyntaxError&) {
        return text::quoted(type, '"');
    }
    std::size_t i = 0;
    const auto is_plain_word = [&](const sql::Token& token) {
        return token.kind == sql::TokenKind::word &&
               !sql::is_keyword(token.text);
    };
    while (i < tokens.size() && is_plain_word(tokens[i])) ++i;
    // A comment kept in the type (SQLite keeps the text as written) would swallow what
    // follows it on the line.
    bool plain = i > 0 && !text::lower(type).ends_with("always") && type.find("--") == std::string::npos &&
                 type.find("/*") == std::string::npos;
    if (plain && i < tokens.size()) {
        plain = tokens[i++].is_symbol("(");
        for (int numbers = 1; plain; ++numbers) {
            if (i < tokens.size() && (tokens[i].is_symbol("+") || tokens[i].is_symbol("-"))) ++i;
            plain = i < tokens.size() && tokens[i++].kind == sql::TokenKind::number;
            if (!plain || !(i < tokens.size() && tokens[i].is_symbol(",") && numbers < 2)) break;
            ++i;
        }
        plain = plain && i + 1 == tokens.size() && tokens[i].is_symbol(")");
    }
    return plain ? type : text::quoted(type, '"');
}

std::string create_table_sql(const Table& table, const std::string& name) {
    // The key and the unique constraints in the order their indexes were made, which is the
    // order SQLite checks them in (newest first). A key written on its column is made as
    // the columns are read: the uniques made before it go on earlier columns where they can.
    const std::size_t uniques_before =
        table.primary_key ? std::min(table.primary_key->uniques_before, table.uniques.size()) : 0;
    std::vector<std::size_t> inline_unique(table.columns.size(), table.uniques.size());  // column -> unique
    std::size_t inlined = 0;
    if (key_on_column(table)) {
        std::size_t next = 0;
        const auto key_column = std::find_if(table.columns.begin(), table.columns.end(), [&](const Column& column) {
            return same_name(column.name, table.primary_key->columns.front());
        });
        const auto key_at = static_cast<std::size_t>(key_column - table.columns.begin());
        for (; inlined < uniques_before; ++inlined) {
            const UniqueConstraint& unique = table.uniques[inlined];
            if (unique.columns.size() != 1 || !unique.options.empty()) break;
            std::size_t at = next;
            while (at < key_at && !same_name(table.columns[at].name, unique.columns.front())) ++at;
            if (at >= key_at) break;
            inline_unique[at] = inlined;
            next = at + 1;
        }
    }
    std::vector<std::string> items;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        std::string item = column_definition(table.columns[c], table);
        if (inline_unique[c] < table.uniques.size()) {
            const UniqueConstraint& unique = table.uniques[inline_unique[c]];
            item += " " + constraint_prefix(unique.name) + "UNIQUE" + conflict_suffix(unique.on_conflict);
        }
        items.push_back(std::move(item));
    }
    for (std::size_t i = inlined; i <= table.uniques.size(); ++i) {
        if (i == uniques_before && i < table.uniques.size() && key_index_made_last(table)) {
            // A stand-in unique, with the key's columns and order, puts the key's index here.
            KeyColumns stand_in = *table.primary_key;
            stand_in.on_conflict.reset();
            items.push_back("UNIQUE " + key_list(stand_in, table));
        }
        if (i == uniques_before && table.primary_key && !key_on_column(table))
            items.push_back(constraint_prefix(table.primary_key->name) + "PRIMARY KEY " + key_list(*table.primary_key, table));
        if (i < table.uniques.size())
            items.push_back(constraint_prefix(table.uniques[i].name) + "UNIQUE " + key_list(table.uniques[i], table));
    }
    for (const auto& check : table.checks) items.push_back(constraint_prefix(check.name) + "CHECK (" + check.expression + ")");
    for (const auto& key : table.foreign_keys)
        items.push_back(constraint_prefix(key.name) + "FOREIGN KEY " + name_list(key.columns) + " " + foreign_key_clause(key));
    std::string sql = "CREATE TABLE " + sqlite_identifier(name) + " (\n";
    for (std::size_t i = 0; i < items.size(); ++i) sql += "    " + items[i] + (i + 1 < items.size() ? ",\n" : "\n");
    sql += ")";
    std::vector<std::string> options;
    if (table.sqlite.without_rowid) options.emplace_back("WITHOUT ROWID");
    if (table.sqlite.strict) options.emplace_back("STRICT");
    if (!options.empty()) sql += " " + text::join(options, ", ");
    return sql + ";";
}

std::string create_index_sql(const Index& index) {
    std::vector<std::string> columns;
    for (const IndexColumn& column : index.columns) {
        std::string item = column.is_expression ? column.expression : sqlite_identifier(column.expression);
        if (column.collate) item += " COLLATE " + sqlite_identifier(*column.collate);
        if (column.descending) item += " DESC";
        columns.push_back(std::move(item));
    }
    std::string sql = fmt::format("CREATE {}INDEX {} ON {} ({})", index.unique ? "UNIQUE " : "", sqlite_identifier(index.name),
                                  sqlite_identifier(index.table), text::join(columns, ", "));
    if (index.where) sql += " WHERE " + *index.where;
    return sql + ";";
}

std::string render_sqlite(const std::vector<Operation>& operations, const Schema& from, const Schema& to) {
    return Renderer(operations, from, to).render();
}

}  // namespace dbm::schema
