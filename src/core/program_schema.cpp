#include "core/program_schema.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "schema/compare.hpp"

namespace dbm {

namespace {

using protocol::SchemaChange;

ProgramColumn read_column(protocol::Reader& in) {
    ProgramColumn column;
    column.name = std::string(in.text());
    column.type = std::string(in.text());
    column.nullable = in.u8() != 0;
    column.primary_key = in.u8() != 0;
    const bool has_default = in.u8() != 0;
    const std::string default_sql(in.text());
    if (has_default) column.default_sql = default_sql;
    return column;
}

class Change {
public:
    Change(Schema& wanted, const SchemaRules& rules) : wanted_(wanted), rules_(rules) {}

    void apply(const SchemaChangeRequest& request) {
        switch (request.kind) {
        case SchemaChange::create_table: {
            if (find_table(request.table))
                throw Error(fmt::format("create_table: table '{}' already exists", request.table));
            if (request.columns.empty())
                throw Error(fmt::format("create_table: table '{}' needs columns", request.table));
            Table table;
            table.name = request.table;
            std::vector<std::string> key;
            for (const ProgramColumn& column : request.columns) {
                if (table.find_column(column.name, rules_))
                    throw Error(fmt::format("create_table: column '{}.{}' is given twice", request.table, column.name));
                table.columns.push_back(model_column(column));
                if (column.primary_key) key.push_back(column.name);
            }
            if (!key.empty()) {
                PrimaryKey primary_key;
                primary_key.columns = key;
                table.primary_key = primary_key;
            }
            wanted_.tables.push_back(std::move(table));
            break;
        }
        case SchemaChange::drop_table: {
            table(request.table, "drop_table");
            std::erase_if(wanted_.tables, [&](const Table& t) { return rules_.same_name(t.name, request.table); });
            std::erase_if(wanted_.triggers, [&](const Trigger& t) { return rules_.same_name(t.table, request.table); });
            break;
        }
        case SchemaChange::rename_table: {
            if (find_table(request.to)) throw Error(fmt::format("rename_table: table '{}' already exists", request.to));
            Table& renamed = table(request.table, "rename_table");
            renamed.renamed_from = renamed.name;
            renamed.name = request.to;
            for (Index& index : renamed.indexes) index.table = request.to;
            for (Table& other : wanted_.tables)
                for (ForeignKey& key : other.foreign_keys)
                    if (rules_.same_name(key.referred_table, request.table)) key.referred_table = request.to;
            break;
        }
        case SchemaChange::add_column: {
            Table& target = table(request.table, "add_column");
            if (request.columns.size() != 1) throw Error("add_column: one column expected");
            Column column = model_column(request.columns.front());
            if (target.find_column(column.name, rules_))
                throw Error(fmt::format("add_column: column '{}.{}' already exists", target.name, column.name));
            target.columns.push_back(std::move(column));
            break;
        }
        case SchemaChange::drop_column: {
            Table& target = table(request.table, "drop_column");
            column(target, request.name, "drop_column");
            std::erase_if(target.columns, [&](const Column& c) { return rules_.same_name(c.name, request.name); });
            break;
        }
        case SchemaChange::alter_column: {
            Column& changed = column(table(request.table, "alter_column"), request.name, "alter_column");
            if (request.type) changed.type = rules_.declared_type(*request.type);
            if (request.nullable) changed.nullable = *request.nullable;
            if (request.default_sql) changed.default_sql = rules_.default_expression(*request.default_sql);
            if (request.drop_default) changed.default_sql.reset();
            break;
        }
        case SchemaChange::rename_column: {
            Table& target = table(request.table, "rename_column");
            if (target.find_column(request.to, rules_))
                throw Error(fmt::format("rename_column: column '{}.{}' already exists", target.name, request.to));
            Column& renamed = column(target, request.name, "rename_column");
            renamed.renamed_from = renamed.name;
            renamed.name = request.to;
            rename_in(target, request.name, request.to);
            break;
        }
        case SchemaChange::create_index: {
            Index index;
            index.name = request.name;
            Table& target = table(request.table, "create_index");
            index.table = target.name;
            if (request.index_columns.empty())
                throw Error(fmt::format("create_index: index '{}' needs columns", request.name));
            for (const std::string& name : request.index_columns)
                index.columns.push_back({column(target, name, "create_index").name, false, false, std::nullopt});
            index.unique = request.unique;
            if (index_owner(index.name)) throw Error(fmt::format("create_index: index '{}' already exists", index.name));
            target.indexes.push_back(std::move(index));
            break;
        }
        case SchemaChange::drop_index: {
            Table* owner = index_owner(request.name);
            if (!owner) throw Error(fmt::format("drop_index: there is no index '{}'", request.name));
            std::erase_if(owner->indexes, [&](const Index& i) { return rules_.same_name(i.name, request.name); });
            break;
        }
        default: throw Error("the revision asked for an unknown schema operation");
        }
    }

private:
    // The type generic or the engine's own, the default as SQL; a key column is NOT NULL.
    Column model_column(const ProgramColumn& given) const {
        Column column;
        column.name = given.name;
        column.type = rules_.declared_type(given.type);
        column.nullable = given.nullable && !given.primary_key;
        if (given.default_sql) column.default_sql = rules_.default_expression(*given.default_sql);
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

    // The model's own lookups; wanted_ is the change's own copy, so its items may change.
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

    Schema& wanted_;
    const SchemaRules& rules_;
};

}  // namespace

SchemaChangeRequest read_schema_change(protocol::Reader& in) {
    SchemaChangeRequest request;
    request.kind = static_cast<SchemaChange>(in.u8());
    switch (request.kind) {
    case SchemaChange::create_table:
        request.table = std::string(in.text());
        for (std::uint32_t i = 0, n = in.u32(); i < n && in.ok(); ++i) request.columns.push_back(read_column(in));
        break;
    case SchemaChange::drop_table: request.table = std::string(in.text()); break;
    case SchemaChange::rename_table:
    case SchemaChange::rename_column:
        request.table = std::string(in.text());
        if (request.kind == SchemaChange::rename_column) request.name = std::string(in.text());
        request.to = std::string(in.text());
        break;
    case SchemaChange::add_column:
        request.table = std::string(in.text());
        request.columns.push_back(read_column(in));
        break;
    case SchemaChange::drop_column:
        request.table = std::string(in.text());
        request.name = std::string(in.text());
        break;
    case SchemaChange::alter_column: {
        request.table = std::string(in.text());
        request.name = std::string(in.text());
        const bool has_type = in.u8() != 0;
        const std::string type(in.text());
        const bool has_nullable = in.u8() != 0;
        const bool nullable = in.u8() != 0;
        const std::uint8_t default_mode = in.u8();
        const std::string default_sql(in.text());
        if (has_type) request.type = type;
        if (has_nullable) request.nullable = nullable;
        if (default_mode == 1) request.default_sql = default_sql;
        request.drop_default = default_mode == 2;
        break;
    }
    case SchemaChange::create_index:
        request.name = std::string(in.text());
        request.table = std::string(in.text());
        for (std::uint32_t i = 0, n = in.u32(); i < n && in.ok(); ++i) request.index_columns.emplace_back(in.text());
        request.unique = in.u8() != 0;
        break;
    case SchemaChange::drop_index: request.name = std::string(in.text()); break;
    default: throw Error("the revision asked for an unknown schema operation");
    }
    if (!in.ok()) throw Error("the revision sent a malformed schema operation");
    return request;
}

void apply_schema_change(const SchemaChangeRequest& request, Schema& schema, const SchemaRules& rules) {
    Change(schema, rules).apply(request);
}

std::string render_schema_change(const SchemaChangeRequest& request, const Schema& current, const Dialect& dialect) {
    const SchemaRules& rules = dialect.schema_rules();
    Schema wanted = current;
    apply_schema_change(request, wanted, rules);
    return dialect.render(schema::compare(current, wanted, rules), current, wanted);
}

}  // namespace dbm
