// Schema -> models.yaml (SPEC §11: `dbm inspect`, and `dbm init` adopting a database). The
// text reads back (parse_models_yaml) as a schema that compare() finds equal to this one:
// every clause that changes behaviour is written, in the shortest form the reader takes
// for it (a column's `primary_key: true` where the key is that column alone, generic type
// names where they map back to the same declaration).
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "schema/compare.hpp"
#include "schema/models.hpp"
#include "schema/names.hpp"
#include "util/text.hpp"

namespace dbm::schema {

namespace {

// A YAML scalar the reader takes as this exact string: quoted where it would otherwise be
// read as a number, a boolean, null or nothing.
void string(YAML::Emitter& out, const std::string& value) {
    const std::string lowered = text::lower(value);
    const bool ambiguous = value.empty() || lowered == "true" || lowered == "false" || lowered == "yes" || lowered == "no" ||
                           lowered == "null" || lowered == "~" || lowered == "on" || lowered == "off" ||
                           value.find_first_not_of("0123456789+-.eE") == std::string::npos || value != text::trim(value);
    if (ambiguous)
        out << YAML::DoubleQuoted << value;
    else
        out << value;
}

void entry(YAML::Emitter& out, const char* key, const std::string& value) {
    out << YAML::Key << key << YAML::Value;
    string(out, value);
}

void flag(YAML::Emitter& out, const char* key, bool value) { out << YAML::Key << key << YAML::Value << (value ? "true" : "false"); }

// A column name as a key or index list entry: as declared when it is nothing but that,
// else as SQL (quoted), with its COLLATE and DESC.
std::string list_entry(const std::string& column, const std::optional<std::string>& collate, bool descending) {
    if (!collate && !descending) return column;
    std::string entry = text::is_identifier(column) ? column : text::quoted(column, '"');
    if (collate) entry += " COLLATE " + (text::is_identifier(*collate) ? *collate : text::quoted(*collate, '"'));
    if (descending) entry += " DESC";
    return entry;
}

void key_list(YAML::Emitter& out, const KeyColumns& key) {
    out << YAML::Flow << YAML::BeginSeq;
    for (std::size_t i = 0; i < key.columns.size(); ++i)
        string(out, list_entry(key.columns[i], key.options_of(i).collate, key.options_of(i).descending));
    out << YAML::EndSeq;
}


class Writer {
public:
    Writer(const Schema& schema, const SchemaRules& rules) : schema_(schema), rules_(rules) { out_.SetIndent(2); }

    std::string write() {
        out_ << YAML::BeginMap << YAML::Key << "tables" << YAML::Value << YAML::BeginMap;
        for (const Table& table : schema_.tables) write_table(table);
        out_ << YAML::EndMap;
        if (!schema_.virtual_tables.empty()) {
            out_ << YAML::Key << "virtual_tables" << YAML::Value << YAML::BeginMap;
            for (const VirtualTable& table : schema_.virtual_tables) {
                out_ << YAML::Key << table.name << YAML::Value;
                string(out_, table.arguments.empty() ? table.module : table.module + "(" + table.arguments + ")");
            }
            out_ << YAML::EndMap;
        }
        if (!schema_.views.empty()) {
            out_ << YAML::Key << "views" << YAML::Value << YAML::BeginMap;
            for (const View& view : schema_.views) statement(view.name, view.sql);
            out_ << YAML::EndMap;
        }
        if (!schema_.triggers.empty()) {
            out_ << YAML::Key << "triggers" << YAML::Value << YAML::BeginMap;
            for (const Trigger& trigger : schema_.triggers) statement(trigger.name, trigger.sql);
            out_ << YAML::EndMap;
        }
        out_ << YAML::EndMap;
        return std::string(out_.c_str()) + "\n";
    }

private:
    void statement(const std::string& name, const std::string& sql) {
        out_ << YAML::Key << name << YAML::Value;
        const std::string text(text::trim(sql));
        if (text.find('\n') != std::string::npos)
            out_ << YAML::Literal << text;
        else
            string(out_, text);
    }

    void write_table(const Table& table) {
        const PrimaryKey* key = table.primary_key ? &*table.primary_key : nullptr;
        // The row key has no index: the order of the uniques around it means nothing.
        const bool key_indexed = key && !rules_.row_key_alias(table);
        // Single-column unnamed uniques may go on their columns: the reader takes those first,
        // in column order, then the `unique` section; and the key after the uniques written
        // before it. The layout is chosen so that the key comes after as many uniques as it
        // did in the database (which conflict clause acts first depends on it).
        std::vector<const UniqueConstraint*> column_uniques, table_uniques;
        // The key goes on its column when it is that column alone, unnamed, and the uniques
        // made before it can go on earlier columns.
        bool key_on_column = key && key->columns.size() == 1 && key->options.empty() && !key->name;
        const std::size_t key_column = key_on_column ? column_index(table, key->columns.front()) : table.columns.size();
        std::size_t eligible = 0;  // how many leading uniques can go on columns, in order
        for (std::size_t next = 0; eligible < table.uniques.size(); ++eligible) {
            const UniqueConstraint& unique = table.uniques[eligible];
            if (unique.columns.size() != 1 || !unique.options.empty() || unique.name) break;
            const std::size_t at = column_index(table, unique.columns.front());
            if (at < next || at >= table.columns.size() || at == key_column) break;
            next = at + 1;
        }
        const std::size_t before = key_indexed ? std::min(key->uniques_before, table.uniques.size()) : 0;
        std::size_t on_columns = key_indexed ? std::min(before, eligible) : eligible;
        if (key_on_column && key_indexed) {
            std::size_t ahead = 0;  // eligible uniques on columns before the key's
            while (ahead < eligible && column_index(table, table.uniques[ahead].columns.front()) < key_column) ++ahead;
            if (before > ahead) key_on_column = false;
        }
        bool unique_section_first = false;  // the unique section before the table's primary_key
        if (key_indexed && !key_on_column && before == table.uniques.size() && before > eligible) {
            on_columns = eligible;
            unique_section_first = true;
        }
        // Where no layout says it, the key's place among the uniques is written out.
        if (key_indexed && !key_on_column && !unique_section_first && before != on_columns) {
            key_after_uniques_ = before;
            on_columns = 0;
        } else {
            key_after_uniques_.reset();
        }
        for (std::size_t i = 0; i < table.uniques.size(); ++i)
            (i < on_columns ? column_uniques : table_uniques).push_back(&table.uniques[i]);
        // Foreign keys likewise: SQLite checks them in the order declared (which can decide
        // whether a deferred one is counted before an immediate one stops a statement), and
        // the reader takes column references first, in column order.
        std::vector<const ForeignKey*> column_keys, table_keys;
        std::size_t next_key_column = 0;
        for (const ForeignKey& foreign_key : table.foreign_keys) {
            const std::size_t at =
                foreign_key.columns.size() == 1 ? column_index(table, foreign_key.columns.front()) : table.columns.size();
            const bool on_column = foreign_key.referred_columns.size() == 1 && !foreign_key.name && table_keys.empty() &&
                                   at < table.columns.size() && at >= next_key_column;
            if (on_column) next_key_column = at + 1;
            (on_column ? column_keys : table_keys).push_back(&foreign_key);
        }

        out_ << YAML::Key << table.name << YAML::Value << YAML::BeginMap;
        if (table.renamed_from) entry(out_, "renamed_from", *table.renamed_from);
        out_ << YAML::Key << "columns" << YAML::Value << YAML::BeginMap;
        for (const Column& column : table.columns) {
            const bool is_key = key_on_column && rules_.same_name(key->columns.front(), column.name);
            const UniqueConstraint* unique = nullptr;
            for (const UniqueConstraint* candidate : column_uniques)
                if (rules_.same_name(candidate->columns.front(), column.name)) unique = candidate;
            const ForeignKey* reference = nullptr;
            for (const ForeignKey* candidate : column_keys)
                if (rules_.same_name(candidate->columns.front(), column.name) && !reference) reference = candidate;
            write_column(table, column, is_key ? key : nullptr, unique, reference);
            if (reference) column_keys.erase(std::find(column_keys.begin(), column_keys.end(), reference));
        }
        out_ << YAML::EndMap;
        if (!table.indexes.empty()) {
            out_ << YAML::Key << "indexes" << YAML::Value << YAML::BeginMap;
            for (const Index& index : table.indexes) write_index(index);
            out_ << YAML::EndMap;
        }
        if (unique_section_first) write_uniques(table_uniques);
        if (key && !key_on_column) write_primary_key(*key);
        if (!unique_section_first) write_uniques(table_uniques);
        if (!table_keys.empty() || !column_keys.empty()) {
            out_ << YAML::Key << "foreign_keys" << YAML::Value << YAML::BeginSeq;
            for (const auto* group : {&column_keys, &table_keys})
                for (const ForeignKey* foreign_key : *group) write_foreign_key(*foreign_key);
            out_ << YAML::EndSeq;
        }
        if (!table.checks.empty()) {
            out_ << YAML::Key << "checks" << YAML::Value << YAML::BeginSeq;
            for (const CheckConstraint& check : table.checks) {
                if (!check.name) {
                    string(out_, check.expression);
                    continue;
                }
                out_ << YAML::Flow << YAML::BeginMap;
                entry(out_, "name", *check.name);
                entry(out_, "check", check.expression);
                out_ << YAML::EndMap;
            }
            out_ << YAML::EndSeq;
        }
        for (const std::string& option : rules_.table_options_set(table)) flag(out_, option.c_str(), true);
        out_ << YAML::EndMap;
    }

    std::size_t column_index(const Table& table, const std::string& name) const {
        for (std::size_t i = 0; i < table.columns.size(); ++i)
            if (rules_.same_name(table.columns[i].name, name)) return i;
        return table.columns.size();
    }

    void write_primary_key(const PrimaryKey& key) {
        out_ << YAML::Key << "primary_key" << YAML::Value;
        if (!key.name && !key.on_conflict && !key.autoincrement && !key_after_uniques_) {
            key_list(out_, key);
            return;
        }
        out_ << YAML::Flow << YAML::BeginMap << YAML::Key << "columns" << YAML::Value;
        key_list(out_, key);
        if (key.name) entry(out_, "name", *key.name);
        if (key.on_conflict) entry(out_, "on_conflict", text::lower(*key.on_conflict));
        if (key.autoincrement) flag(out_, "autoincrement", true);
        if (key_after_uniques_) out_ << YAML::Key << "after_uniques" << YAML::Value << std::to_string(*key_after_uniques_);
        out_ << YAML::EndMap;
    }

    void write_uniques(const std::vector<const UniqueConstraint*>& uniques) {
        if (uniques.empty()) return;
        out_ << YAML::Key << "unique" << YAML::Value << YAML::BeginSeq;
        for (const UniqueConstraint* unique : uniques) {
            if (!unique->name && !unique->on_conflict) {
                key_list(out_, *unique);
                continue;
            }
            out_ << YAML::Flow << YAML::BeginMap;
            if (unique->name) entry(out_, "name", *unique->name);
            out_ << YAML::Key << "columns" << YAML::Value;
            key_list(out_, *unique);
            if (unique->on_conflict) entry(out_, "on_conflict", text::lower(*unique->on_conflict));
            out_ << YAML::EndMap;
        }
        out_ << YAML::EndSeq;
    }

    void write_column(const Table& table, const Column& column, const PrimaryKey* key, const UniqueConstraint* unique,
                      const ForeignKey* reference) {
        out_ << YAML::Key << column.name << YAML::Value << YAML::Flow << YAML::BeginMap;
        const std::string generic = rules_.generic_type(column.type);
        if (!generic.empty())
            entry(out_, "type", generic);
        else if (!column.type.empty() && rules_.is_type_name(column.type) &&
                 rules_.normalize_type(rules_.declared_type(column.type)) == rules_.normalize_type(column.type))
            entry(out_, "type", column.type);
        else
            out_ << YAML::Key << "sql_type" << YAML::Value << YAML::DoubleQuoted << column.type;
        if (key) {
            flag(out_, "primary_key", true);
            if (key->autoincrement) flag(out_, "autoincrement", true);
        }
        // Nullability, where the reader's default (NOT NULL for key columns) says otherwise;
        // the engine's row key is never NULL, whatever its declaration says.
        const bool in_key = table.primary_key && contains_name(table.primary_key->columns, column.name, rules_);
        if (!row_key_column(table, column) && column.nullable != !in_key) flag(out_, "nullable", column.nullable);
        if (unique) flag(out_, "unique", true);
        const ConflictClause& conflict = key ? key->on_conflict : unique ? unique->on_conflict : ConflictClause{};
        if (conflict) entry(out_, "on_conflict", text::lower(*conflict));
        if (column.not_null_conflict && !column.nullable)
            entry(out_, "not_null_on_conflict", text::lower(*column.not_null_conflict));
        if (column.default_sql) write_default(*column.default_sql);
        if (column.collate) entry(out_, "collate", *column.collate);
        if (column.generated) {
            entry(out_, "generated", *column.generated);
            if (column.generated_stored) flag(out_, "stored", true);
        }
        if (reference) {
            entry(out_, "references", reference->referred_table + "." + reference->referred_columns.front());
            write_actions(*reference);
        }
        if (column.renamed_from) entry(out_, "renamed_from", *column.renamed_from);
        out_ << YAML::EndMap;
    }

    bool row_key_column(const Table& table, const Column& column) const {
        const Column* alias = rules_.row_key_alias(table);
        return alias && rules_.same_name(alias->name, column.name);
    }

    // `default:` for a number or a string (read back as the same SQL), else `default_expr:`
    // with the SQL as it is (outer parentheses aside, which the reader puts back).
    void write_default(const std::string& sql) {
        const DefaultValue value = rules_.read_default(sql);
        switch (value.kind) {
        case DefaultValue::Kind::number: out_ << YAML::Key << "default" << YAML::Value << value.text; break;
        case DefaultValue::Kind::string: entry(out_, "default", value.text); break;
        case DefaultValue::Kind::expression: entry(out_, "default_expr", value.text); break;
        }
    }

    void write_actions(const ForeignKey& key) {
        if (key.on_delete != "NO ACTION") entry(out_, "on_delete", text::lower(key.on_delete));
        if (key.on_update != "NO ACTION") entry(out_, "on_update", text::lower(key.on_update));
        if (key.deferrable) {
            flag(out_, "deferrable", true);
            entry(out_, "initially", "deferred");
        }
    }

    void write_foreign_key(const ForeignKey& key) {
        out_ << YAML::Flow << YAML::BeginMap;
        if (key.name) entry(out_, "name", *key.name);
        out_ << YAML::Key << "columns" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const auto& column : key.columns) string(out_, column);
        out_ << YAML::EndSeq;
        entry(out_, "references", key.referred_table);
        if (!key.referred_columns.empty()) {
            out_ << YAML::Key << "referred_columns" << YAML::Value << YAML::Flow << YAML::BeginSeq;
            for (const auto& column : key.referred_columns) string(out_, column);
            out_ << YAML::EndSeq;
        }
        write_actions(key);
        out_ << YAML::EndMap;
    }

    void write_index(const Index& index) {
        out_ << YAML::Key << index.name << YAML::Value << YAML::Flow << YAML::BeginMap;
        out_ << YAML::Key << "columns" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const IndexColumn& column : index.columns) {
            if (column.is_expression) {
                std::string entry = column.expression;
                if (column.collate) entry += " COLLATE " + text::quoted(*column.collate, '"');
                if (column.descending) entry += " DESC";
                string(out_, entry);
            } else {
                string(out_, list_entry(column.expression, column.collate, column.descending));
            }
        }
        out_ << YAML::EndSeq;
        if (index.unique) flag(out_, "unique", true);
        if (index.where) entry(out_, "where", *index.where);
        out_ << YAML::EndMap;
    }

    const Schema& schema_;
    const SchemaRules& rules_;
    YAML::Emitter out_;
    std::optional<std::size_t> key_after_uniques_;  // the table's key needs after_uniques
};

}  // namespace

std::string write_models_yaml(const Schema& schema, const SchemaRules& rules) { return Writer(schema, rules).write(); }

}  // namespace dbm::schema
