#include "core/program_schema.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "schema/compare.hpp"

namespace dbm {

namespace {

using protocol::SchemaChange;

class Change {
public:
    Change(protocol::Reader& in, const Schema& current, const Dialect& dialect)
        : in_(in), current_(current), wanted_(current), dialect_(dialect), rules_(dialect.schema_rules()) {}

    std::string render() {
        apply(static_cast<SchemaChange>(in_.u8()));
        if (!in_.ok()) throw Error("the revision sent a malformed schema operation");
        const auto operations = schema::compare(current_, wanted_, rules_);
        return dialect_.render(operations, current_, wanted_);
    }

private:
    void apply(SchemaChange kind) {
        switch (kind) {
        case SchemaChange::create_table: {
            const std::string name(in_.text());
            if (find_table(name)) throw Error(fmt::format("create_table: table '{}' already exists", name));
            Table table;
            table.name = name;
            std::vector<std::string> key;
            for (std::uint32_t i = 0, n = in_.u32(); i < n && in_.ok(); ++i) {
                bool primary_key = false;
                table.columns.push_back(read_column(&primary_key));
                if (primary_key) key.push_back(table.columns.back().name);
            }
            if (table.columns.empty()) throw Error(fmt::format("create_table: table '{}' needs columns", name));
            if (!key.empty()) {
                PrimaryKey primary_key;
                primary_key.columns = key;
                table.primary_key = primary_key;
            }
            wanted_.tables.push_back(std::move(table));
            break;
        }
        case SchemaChange::drop_table: {
            const std::string name(in_.text());
            table(name, "drop_table");
            std::erase_if(wanted_.tables, [&](const Table& t) { return rules_.same_name(t.name, name); });
            std::erase_if(wanted_.triggers, [&](const Trigger& t) { return rules_.same_name(t.table, name); });
            break;
        }
        case SchemaChange::rename_table: {
            const std::string from(in_.text()), to(in_.text());
            if (find_table(to)) throw Error(fmt::format("rename_table: table '{}' already exists", to));
            Table& renamed = table(from, "rename_table");
            renamed.renamed_from = renamed.name;
            renamed.name = to;
            for (Index& index : renamed.indexes) index.table = to;
            for (Table& other : wanted_.tables)
                for (ForeignKey& key : other.foreign_keys)
                    if (rules_.same_name(key.referred_table, from)) key.referred_table = to;
            break;
        }
        case SchemaChange::add_column: {
            Table& target = table(std::string(in_.text()), "add_column");
            Column column = read_column(nullptr);
            if (target.find_column(column.name, rules_))
                throw Error(fmt::format("add_column: column '{}.{}' already exists", target.name, column.name));
            target.columns.push_back(std::move(column));
            break;
        }
        case SchemaChange::drop_column: {
            Table& target = table(std::string(in_.text()), "drop_column");
            const std::string name(in_.text());
            column(target, name, "drop_column");
            std::erase_if(target.columns, [&](const Column& c) { return rules_.same_name(c.name, name); });
            break;
        }
        case SchemaChange::alter_column: {
            Table& target = table(std::string(in_.text()), "alter_column");
            Column& changed = column(target, std::string(in_.text()), "alter_column");
            const bool has_type = in_.u8() != 0;
            const std::string type(in_.text());
            const bool has_nullable = in_.u8() != 0;
            const bool nullable = in_.u8() != 0;
            const std::uint8_t default_mode = in_.u8();
            const std::string default_sql(in_.text());
            if (has_type) changed.type = rules_.declared_type(type);
            if (has_nullable) changed.nullable = nullable;
            if (default_mode == 1) changed.default_sql = rules_.default_expression(default_sql);
            if (default_mode == 2) changed.default_sql.reset();
            break;
        }
        case SchemaChange::rename_column: {
            Table& target = table(std::string(in_.text()), "rename_column");
            const std::string from(in_.text()), to(in_.text());
            if (target.find_column(to, rules_))
                throw Error(fmt::format("rename_column: column '{}.{}' already exists", target.name, to));
            Column& renamed = column(target, from, "rename_column");
            renamed.renamed_from = renamed.name;
            renamed.name = to;
            rename_in(target, from, to);
            break;
        }
        case SchemaChange::create_index: {
            Index index;
            index.name = std::string(in_.text());
            Table& target = table(std::string(in_.text()), "create_index");
            index.table = target.name;
            for (std::uint32_t i = 0, n = in_.u32(); i < n && in_.ok(); ++i) {
                const std::string name(in_.text());
                index.columns.push_back({column(target, name, "create_index").name, false, false, std::nullopt});
            }
            index.unique = in_.u8() != 0;
            if (index_owner(index.name)) throw Error(fmt::format("create_index: index '{}' already exists", index.name));
            target.indexes.push_back(std::move(index));
            break;
        }
        case SchemaChange::drop_index: {
            const std::string name(in_.text());
            Table* owner = index_owner(name);
            if (!owner) throw Error(fmt::format("drop_index: there is no index '{}'", name));
            std::erase_if(owner->indexes, [&](const Index& i) { return rules_.same_name(i.name, name); });
            break;
        }
        default: throw Error("the revision asked for an unknown schema operation");
        }
    }

    // A column as a revision gives it: its type generic or the engine's own, its default SQL.
    Column read_column(bool* primary_key) {
        Column column;
        column.name = std::string(in_.text());
        column.type = rules_.declared_type(in_.text());
        column.nullable = in_.u8() != 0;
        const bool key = in_.u8() != 0;
        if (primary_key) *primary_key = key;
        const bool has_default = in_.u8() != 0;
        const std::string default_sql(in_.text());
        if (has_default) column.default_sql = rules_.default_expression(default_sql);
        if (key) column.nullable = false;
        return column;
    }

    // What names a renamed column follows it.
    void rename_in(Table& target, const std::string& from, const std::string& to) {
        const auto rename = [&](std::vector<std::string>& names) {
            for (std::string& name : names)
                if (rules_.same_name(name, from)) name = to;
        };
        if (target.primary_key) rename(target.primary_key->columns);
        for (auto& unique : target.uniques) rename(unique.columns);
        for (auto& key : target.foreign_keys) rename(key.columns);
        for (auto& index : target.indexes)
            for (auto& column : index.columns)
                if (!column.is_expression && rules_.same_name(column.expression, from)) column.expression = to;
        for (Table& other : wanted_.tables)
            for (ForeignKey& key : other.foreign_keys)
                if (rules_.same_name(key.referred_table, target.name)) rename(key.referred_columns);
    }

    // The model's own lookups; wanted_ is this change's copy, so its items may change.
    Table* find_table(const std::string& name) { return const_cast<Table*>(wanted_.find_table(name, rules_)); }
    Table& table(const std::string& name, const char* operation) {
        if (Table* found = find_table(name)) return *found;
        throw Error(fmt::format("{}: there is no table '{}'", operation, name));
    }
    Column& column(Table& table, const std::string& name, const char* operation) {
        if (const Column* found = table.find_column(name, rules_)) return const_cast<Column&>(*found);
        throw Error(fmt::format("{}: there is no column '{}.{}'", operation, table.name, name));
    }
    Table* index_owner(const std::string& name) {
        for (Table& table : wanted_.tables)
            for (const Index& index : table.indexes)
                if (rules_.same_name(index.name, name)) return &table;
        return nullptr;
    }

    protocol::Reader& in_;
    const Schema& current_;
    Schema wanted_;
    const Dialect& dialect_;
    const SchemaRules& rules_;
};

}  // namespace

std::string render_schema_change(protocol::Reader& in, const Schema& current, const Dialect& dialect) {
    return Change(in, current, dialect).render();
}

}  // namespace dbm
