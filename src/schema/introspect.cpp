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

template <typename Parse>
auto parse_stored(std::string_view kind, const std::string& name, const std::string& sql, Parse parse) {
    try {
        return parse(sql);
    } catch (const sql::SqlSyntaxError& error) {
        throw Error(fmt::format("cannot read the definition of {} '{}' at offset {}: {}", kind, name, error.offset,
                                error.message));
    }
}

// The application's tables: not SQLite's own, not views, virtual or shadow tables.
constexpr std::string_view main_tables =
    "m.schema = 'main' AND m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

// What the pragmas say about every table, read with one query per pragma (joined over
// pragma_table_list) rather than several queries per table: a schema of hundreds of
// tables is read in milliseconds.
struct Catalog {
    struct ColumnRow {
        std::string name;
        std::string type;
        bool not_null = false;
        std::optional<std::string> default_sql;
        std::int64_t key_position = 0;
        std::int64_t hidden = 0;
    };
    struct IndexRow {
        std::string name;
        std::string origin;
    };
    struct KeyRow {
        std::string referred_table;
        std::string from;
        std::optional<std::string> to;
        std::string on_update;
        std::string on_delete;
    };
    std::map<std::string, std::pair<bool, bool>> tables;  // name -> (WITHOUT ROWID, STRICT)
    std::map<std::string, std::vector<ColumnRow>> columns;
    std::map<std::string, std::vector<IndexRow>> indexes;
    std::map<std::string, std::vector<std::string>> index_columns;
    std::map<std::string, std::map<std::int64_t, std::vector<KeyRow>>> foreign_keys;  // table -> id -> columns
    std::map<std::string, std::string> sql;  // "table:name" / "index:name" -> CREATE statement
};

Catalog read_catalog(Connection& connection) {
    Catalog catalog;
    for (const Row& row : connection.query(fmt::format("SELECT m.name, m.wr, m.strict FROM pragma_table_list AS m WHERE {}",
                                                       main_tables)))
        catalog.tables[row.text(0)] = {row.integer(1) != 0, row.integer(2) != 0};
    for (const Row& row : connection.query(fmt::format(
             "SELECT m.name, c.name, c.type, c.\"notnull\", c.dflt_value, c.pk, c.hidden FROM pragma_table_list AS m "
             "JOIN pragma_table_xinfo(m.name) AS c WHERE {} ORDER BY m.name, c.cid",
             main_tables))) {
        Catalog::ColumnRow column{row.text(1), row.text(2), row.integer(3) != 0, std::nullopt, row.integer(5),
                                  row.integer(6)};
        if (!row.is_null(4)) column.default_sql = row.text(4);
        catalog.columns[row.text(0)].push_back(std::move(column));
    }
    for (const Row& row : connection.query(fmt::format(
             "SELECT m.name, i.name, i.origin FROM pragma_table_list AS m JOIN pragma_index_list(m.name) AS i "
             "WHERE {} ORDER BY m.name, i.seq DESC",
             main_tables)))
        catalog.indexes[row.text(0)].push_back({row.text(1), row.text(2)});
    for (const Row& row : connection.query(fmt::format(
             "SELECT i.name, x.name FROM pragma_table_list AS m JOIN pragma_index_list(m.name) AS i "
             "JOIN pragma_index_xinfo(i.name) AS x WHERE {} AND i.origin = 'u' AND x.key = 1 ORDER BY i.name, x.seqno",
             main_tables)))
        catalog.index_columns[row.text(0)].push_back(row.text(1));
    for (const Row& row : connection.query(fmt::format(
             "SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete FROM pragma_table_list AS m "
             "JOIN pragma_foreign_key_list(m.name) AS f WHERE {} ORDER BY m.name, f.id, f.seq",
             main_tables))) {
        Catalog::KeyRow key{row.text(2), row.text(3), std::nullopt, row.text(5), row.text(6)};
        if (!row.is_null(4)) key.to = row.text(4);
        catalog.foreign_keys[row.text(0)][row.integer(1)].push_back(std::move(key));
    }
    for (const Row& row :
         connection.query("SELECT type, name, sql FROM sqlite_schema WHERE type IN ('table', 'index') AND sql IS NOT NULL"))
        catalog.sql[row.text(0) + ":" + row.text(1)] = row.text(2);
    return catalog;
}

const std::string& stored_sql(const Catalog& catalog, std::string_view type, const std::string& name) {
    static const std::string none;
    const auto it = catalog.sql.find(std::string(type) + ":" + name);
    return it == catalog.sql.end() ? none : it->second;
}

Table read_table(const Catalog& catalog, const std::string& name) {
    const Table parsed = parse_stored("table", name, stored_sql(catalog, "table", name), sql::parse_create_table);
    Table table;
    table.name = name;
    std::tie(table.without_rowid, table.strict) = catalog.tables.at(name);

    std::map<std::int64_t, std::string> key_columns;
    for (const auto& row : catalog.columns.at(name)) {
        if (row.hidden == 1) continue;
        Column column;
        column.name = row.name;
        column.type = row.type;
        column.nullable = !row.not_null;
        column.default_sql = row.default_sql;
        if (const Column* declared = parsed.find_column(column.name)) {
            column.collate = declared->collate;
            column.generated = declared->generated;
            // dflt_value drops the parentheses of DEFAULT (1 + 1), which a rebuild needs.
            if (declared->default_sql) column.default_sql = declared->default_sql;
        }
        column.generated_stored = row.hidden == 3;
        if (row.key_position > 0) key_columns[row.key_position] = column.name;
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

    if (const auto indexes = catalog.indexes.find(name); indexes != catalog.indexes.end()) {
        for (const auto& row : indexes->second) {
            if (row.origin == "u") {
                const auto columns = catalog.index_columns.find(row.name);
                UniqueConstraint unique{std::nullopt, columns == catalog.index_columns.end() ? std::vector<std::string>{}
                                                                                             : columns->second};
                for (const auto& declared : parsed.uniques)
                    if (same_names(declared.columns, unique.columns)) unique.name = declared.name;
                table.uniques.push_back(std::move(unique));
            } else if (row.origin == "c") {
                const std::string& index_sql = stored_sql(catalog, "index", row.name);
                if (index_sql.empty()) continue;
                Index index = parse_stored("index", row.name, index_sql, sql::parse_create_index);
                index.name = row.name;
                index.table = name;
                table.indexes.push_back(std::move(index));
            }
        }
    }
    std::sort(table.indexes.begin(), table.indexes.end(), [](const Index& a, const Index& b) { return a.name < b.name; });

    if (const auto keys = catalog.foreign_keys.find(name); keys != catalog.foreign_keys.end()) {
        // pragma_foreign_key_list numbers keys from the last declared; keep declaration order.
        for (auto it = keys->second.rbegin(); it != keys->second.rend(); ++it) {
            ForeignKey key;
            for (const auto& row : it->second) {
                key.referred_table = row.referred_table;
                key.columns.push_back(row.from);
                if (row.to) key.referred_columns.push_back(*row.to);
                key.on_update = row.on_update;
                key.on_delete = row.on_delete;
            }
            for (const auto& declared : parsed.foreign_keys) {
                if (same_names(declared.columns, key.columns) && same_name(declared.referred_table, key.referred_table)) {
                    key.name = declared.name;
                    key.deferrable = declared.deferrable;
                }
            }
            table.foreign_keys.push_back(std::move(key));
        }
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
    const Catalog catalog = read_catalog(connection);
    Schema schema;
    for (const auto& [name, flags] : catalog.tables) {
        if (is_ignored_table(name, options)) continue;
        schema.tables.push_back(read_table(catalog, name));
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
