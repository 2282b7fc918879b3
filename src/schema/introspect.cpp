#include "schema/introspect.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "schema/normalize.hpp"
#include "schema/sql_parser.hpp"

namespace dbm::schema {

namespace {

std::vector<std::string> index_columns(Connection& connection, const std::string& index) {
    std::vector<std::string> columns;
    for (const Row& row : connection.query("SELECT name FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno", {index}))
        columns.push_back(row.text(0));
    return columns;
}

bool same_columns(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) { return same_name(x, y); });
}

template <typename Parse>
auto parse_stored(std::string_view kind, const std::string& name, const std::string& sql, Parse parse) {
    try {
        return parse(sql);
    } catch (const sql::SqlSyntaxError& error) {
        throw Error(fmt::format("cannot read the definition of {} '{}' at offset {}: {}", kind, name, error.offset,
                                error.message));
    }
}

Table read_table(Connection& connection, const std::string& name, bool without_rowid, bool strict) {
    const auto sql_rows = connection.query("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", {name});
    const std::string create_sql = sql_rows.empty() ? std::string() : sql_rows.front().text(0);
    const Table parsed = parse_stored("table", name, create_sql, sql::parse_create_table);

    Table table;
    table.name = name;
    table.without_rowid = without_rowid;
    table.strict = strict;
    std::map<std::int64_t, std::string> key_columns;
    for (const Row& row : connection.query(
             "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid", {name})) {
        const std::int64_t hidden = row.integer(5);
        if (hidden == 1) continue;
        Column column;
        column.name = row.text(0);
        column.type = row.text(1);
        column.nullable = row.integer(2) == 0;
        if (!row.is_null(3)) column.default_sql = row.text(3);
        if (const Column* declared = parsed.find_column(column.name)) {
            column.collate = declared->collate;
            column.generated = declared->generated;
            // dflt_value drops the parentheses of DEFAULT (1 + 1), which a rebuild needs.
            if (declared->default_sql) column.default_sql = declared->default_sql;
        }
        column.generated_stored = hidden == 3;
        if (row.integer(4) > 0) key_columns[row.integer(4)] = column.name;
        table.columns.push_back(std::move(column));
    }
    if (!key_columns.empty()) {
        PrimaryKey key;
        for (const auto& [position, column] : key_columns) key.columns.push_back(column);
        if (parsed.primary_key) {
            key.name = parsed.primary_key->name;
            key.autoincrement = parsed.primary_key->autoincrement;
        }
        table.primary_key = std::move(key);
    }
    table.checks = parsed.checks;

    for (const Row& row : connection.query("SELECT name, origin FROM pragma_index_list(?) ORDER BY seq DESC", {name})) {
        const std::string index_name = row.text(0);
        const std::string origin = row.text(1);
        if (origin == "u") {
            UniqueConstraint unique{std::nullopt, index_columns(connection, index_name)};
            for (const auto& declared : parsed.uniques)
                if (same_columns(declared.columns, unique.columns)) unique.name = declared.name;
            table.uniques.push_back(std::move(unique));
        } else if (origin == "c") {
            const auto index_sql = connection.query("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?",
                                                    {index_name});
            if (index_sql.empty() || index_sql.front().is_null(0)) continue;
            Index index = parse_stored("index", index_name, index_sql.front().text(0), sql::parse_create_index);
            index.name = index_name;
            index.table = name;
            table.indexes.push_back(std::move(index));
        }
    }
    std::sort(table.indexes.begin(), table.indexes.end(), [](const Index& a, const Index& b) { return a.name < b.name; });

    std::map<std::int64_t, ForeignKey> keys;
    for (const Row& row : connection.query(
             "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq",
             {name})) {
        ForeignKey& key = keys[row.integer(0)];
        key.referred_table = row.text(1);
        key.columns.push_back(row.text(2));
        if (!row.is_null(3)) key.referred_columns.push_back(row.text(3));
        key.on_update = row.text(4);
        key.on_delete = row.text(5);
    }
    // pragma_foreign_key_list numbers keys from the last declared; keep declaration order.
    for (auto it = keys.rbegin(); it != keys.rend(); ++it) {
        ForeignKey key = std::move(it->second);
        for (const auto& declared : parsed.foreign_keys) {
            if (same_columns(declared.columns, key.columns) && same_name(declared.referred_table, key.referred_table)) {
                key.name = declared.name;
                key.deferrable = declared.deferrable;
            }
        }
        table.foreign_keys.push_back(std::move(key));
    }
    return table;
}

}  // namespace

bool is_ignored_table(const std::string& name, const IntrospectOptions& options) {
    for (const auto& skipped : options.skip_tables)
        if (same_name(skipped, name)) return true;
    for (const auto& pattern : options.ignore_patterns)
        if (fnmatch(pattern.c_str(), name.c_str(), 0) == 0) return true;
    return false;
}

Schema introspect_sqlite(Connection& connection, const IntrospectOptions& options) {
    Schema schema;
    for (const Row& row : connection.query(
             "SELECT name, wr, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
             "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
        const std::string name = row.text(0);
        if (is_ignored_table(name, options)) continue;
        schema.tables.push_back(read_table(connection, name, row.integer(1) != 0, row.integer(2) != 0));
    }
    for (const Row& row : connection.query("SELECT name, sql FROM sqlite_schema WHERE type = 'view' ORDER BY name"))
        schema.views.push_back({row.text(0), row.text(1)});
    for (const Row& row :
         connection.query("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")) {
        if (is_ignored_table(row.text(1), options)) continue;
        schema.triggers.push_back({row.text(0), row.text(1), row.text(2)});
    }
    return schema;
}

}  // namespace dbm::schema
