#include "sqlite/introspect.hpp"
#include "schema/ignored_tables.hpp"


#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <span>
#include <variant>

#include <fmt/format.h>

#include "schema/names.hpp"
#include "sqlite/sqlite_rules.hpp"
#include "sqlite/sql_parser.hpp"
#include "util/text.hpp"

namespace dbm::schema {

using sqlite::normalize_sql;
using sqlite::normalize_type;
using sqlite::rowid_alias;
using sqlite::same_name;

namespace {

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
    // An index behind a PRIMARY KEY ("pk") or UNIQUE ("u") constraint, or made by CREATE
    // INDEX ("c").
    struct IndexRow {
        std::string name;
        std::string origin;
    };
    struct KeyColumnRow {
        std::string column;
        std::string collation;
        bool descending = false;
    };
    struct KeyRow {
        std::string referred_table;
        std::string from;
        std::optional<std::string> to;
        std::string on_update;
        std::string on_delete;
    };
    std::map<std::string, std::pair<bool, bool>> tables;  // name -> (WITHOUT ROWID, STRICT)
    std::map<std::string, std::vector<IndexRow>> indexes;
    std::map<std::string, std::vector<KeyColumnRow>> key_columns;  // pk/unique index -> its key columns
    std::map<std::string, std::map<std::int64_t, std::vector<KeyRow>>> foreign_keys;  // table -> id -> columns
    std::map<std::string, std::string> sql;  // "table:name" / "index:name" -> CREATE statement
    std::vector<std::string> virtual_tables;
    std::set<std::string> shadow_tables;  // as SQLite reports them
    std::set<std::string> modules;        // the virtual table modules this SQLite has
};

// A cell of a catalog query as Row::text and Row::integer read it: "" and 0 for NULL, a
// number's text, a text's leading integer.
std::string text_of(const Value& cell) {
    if (const auto* text = std::get_if<std::string>(&cell)) return *text;
    if (const auto* integer = std::get_if<std::int64_t>(&cell)) return std::to_string(*integer);
    if (const auto* real = std::get_if<double>(&cell)) return fmt::format("{}", *real);
    if (const auto* blob = std::get_if<Blob>(&cell)) return blob->bytes;
    return {};
}

std::int64_t integer_of(const Value& cell) {
    if (const auto* integer = std::get_if<std::int64_t>(&cell)) return *integer;
    if (const auto* real = std::get_if<double>(&cell)) return static_cast<std::int64_t>(*real);
    if (const auto* text = std::get_if<std::string>(&cell)) return std::strtoll(text->c_str(), nullptr, 10);
    return 0;
}

Catalog read_catalog(Connection& connection) {
    Catalog catalog;
    for (const Row& row : connection.query(fmt::format("SELECT m.name, m.wr, m.strict FROM pragma_table_list AS m WHERE {}",
                                                       main_tables)))
        catalog.tables[row.text(0)] = {row.integer(1) != 0, row.integer(2) != 0};
    for (const Row& row : connection.query(fmt::format(
             "SELECT m.name, i.name, i.origin FROM pragma_table_list AS m JOIN pragma_index_list(m.name) AS i "
             "WHERE {} ORDER BY m.name, i.seq DESC",
             main_tables)))
        catalog.indexes[row.text(0)].push_back({row.text(1), row.text(2)});
    for (const Row& row : connection.query(fmt::format(
             "SELECT i.name, x.name, x.coll, x.\"desc\" FROM pragma_table_list AS m JOIN pragma_index_list(m.name) AS i "
             "JOIN pragma_index_xinfo(i.name) AS x WHERE {} AND i.origin IN ('u', 'pk') AND x.key = 1 "
             "ORDER BY i.name, x.seqno",
             main_tables)))
        catalog.key_columns[row.text(0)].push_back({row.text(1), row.text(2), row.integer(3) != 0});
    for (const Row& row : connection.query(fmt::format(
             "SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete FROM pragma_table_list AS m "
             "JOIN pragma_foreign_key_list(m.name) AS f WHERE {} ORDER BY m.name, f.id, f.seq",
             main_tables))) {
        Catalog::KeyRow key{row.text(2), row.text(3), std::nullopt, row.text(5), row.text(6)};
        if (!row.is_null(4)) key.to = row.text(4);
        catalog.foreign_keys[row.text(0)][row.integer(1)].push_back(std::move(key));
    }
    connection.for_each_row("SELECT type, name, sql FROM sqlite_schema WHERE type IN ('table', 'index') AND sql IS NOT NULL",
                            {}, [&](std::span<const Value> row) {
                                catalog.sql[text_of(row[0]) + ":" + text_of(row[1])] = text_of(row[2]);
                            });
    for (const Row& row : connection.query("SELECT name, type FROM pragma_table_list WHERE schema = 'main' AND type IN "
                                           "('virtual', 'shadow') ORDER BY name")) {
        if (row.text(1) == "virtual")
            catalog.virtual_tables.push_back(row.text(0));
        else
            catalog.shadow_tables.insert(row.text(0));
    }
    if (!catalog.virtual_tables.empty())
        for (const Row& row : connection.query("SELECT name FROM pragma_module_list")) catalog.modules.insert(text::lower(row.text(0)));
    return catalog;
}

const std::string& stored_sql(const Catalog& catalog, std::string_view type, const std::string& name) {
    static const std::string none;
    const auto it = catalog.sql.find(std::string(type) + ":" + name);
    return it == catalog.sql.end() ? none : it->second;
}

class Reader {
public:
    Reader(const Catalog& catalog, std::string database) : catalog_(catalog), database_(std::move(database)) {}

    template <typename Parse>
    auto parse(std::string_view kind, const std::string& name, const std::string& sql, Parse parse_function) const {
        try {
            return parse_function(sql);
        } catch (const sql::SqlSyntaxError& error) {
            const auto [line, column] = text::line_column_at(sql, std::min(error.offset, sql.size()));
            throw UnreadableDefinition(
                fmt::format("cannot read {} '{}' in {} (line {}, column {} of its CREATE statement): {}; add it to "
                            "ignore_tables in dbm.yaml to leave it alone",
                            kind, name, database_, line, column, error.message),
                name, error.offset);
        }
    }

    // The table, from the catalog and its columns' rows.
    Table table(const std::string& name, const std::vector<Catalog::ColumnRow>& columns) const {
        const Table parsed = parse("table", name, stored_sql(catalog_, "table", name), sql::parse_create_table);
        Table table;
        table.name = name;
        std::tie(table.sqlite.without_rowid, table.sqlite.strict) = catalog_.tables.at(name);
        read_columns(parsed, columns, table);
        table.checks = parsed.checks;
        read_keys(parsed, columns, table);
        read_foreign_keys(parsed, table);
        return table;
    }

    VirtualTable virtual_table(const std::string& name) const {
        VirtualTable table = parse("virtual table", name, stored_sql(catalog_, "table", name), sql::parse_create_virtual_table);
        table.name = name;
        return table;
    }

    // A table that belongs to a virtual table: SQLite says so for the modules it has; for a
    // module it lacks (an extension not loaded), any table named after the virtual table
    // with a suffix might be one, and is left alone.
    bool is_shadow(const std::string& name) const {
        if (catalog_.shadow_tables.count(name)) return true;
        for (const auto& virtual_name : catalog_.virtual_tables) {
            if (catalog_.modules.count(text::lower(module_of(virtual_name)))) continue;
            if (name.size() > virtual_name.size() + 1 && text::iequals(name.substr(0, virtual_name.size()), virtual_name) &&
                name[virtual_name.size()] == '_')
                return true;
        }
        return false;
    }

private:
    std::string module_of(const std::string& virtual_name) const {
        try {
            return sql::parse_create_virtual_table(stored_sql(catalog_, "table", virtual_name)).module;
        } catch (const sql::SqlSyntaxError&) {
            return {};
        }
    }

    void read_columns(const Table& parsed, const std::vector<Catalog::ColumnRow>& rows, Table& table) const {
        table.columns.reserve(rows.size());  // no spare capacity kept
        for (const auto& row : rows) {
            if (row.hidden == 1) continue;
            Column column;
            column.name = row.name;
            column.type = row.type;
            column.nullable = !row.not_null;
            column.default_sql = row.default_sql;
            if (const Column* declared = parsed.find_column(column.name, sqlite::rules())) {
                column.collate = declared->collate;
                column.generated = declared->generated;
                column.not_null_conflict = declared->not_null_conflict;
                // dflt_value drops the parentheses of DEFAULT (1 + 1), which a rebuild needs.
                if (declared->default_sql) column.default_sql = declared->default_sql;
            }
            if (column.nullable) column.not_null_conflict.reset();
            column.generated_stored = row.hidden == 3;
            table.columns.push_back(std::move(column));
        }
    }

    // The collation a key column compares with, as its index reports it, kept only where it
    // differs from the column's own.
    KeyColumns key_columns_of(const std::string& index, const Table& table) const {
        KeyColumns key;
        bool any = false;
        std::vector<KeyColumnOptions> options;
        const auto rows = catalog_.key_columns.find(index);
        if (rows == catalog_.key_columns.end()) return key;
        for (const auto& row : rows->second) {
            key.columns.push_back(row.column);
            KeyColumnOptions option;
            const Column* column = table.find_column(row.column, sqlite::rules());
            const std::string own = column && column->collate ? *column->collate : "BINARY";
            if (!text::iequals(own, row.collation)) option.collate = row.collation;
            option.descending = row.descending;
            any = any || option.collate || option.descending;
            options.push_back(std::move(option));
        }
        if (any) key.options = std::move(options);
        return key;
    }

    // What SQLite made of a declared key: the same columns with the same collations. SQLite
    // gives declared keys that are the same in that sense (whatever their order) one index,
    // the first one's, and merges their conflict clauses (build.c, sqlite3CreateIndex).
    static bool same_key(const KeyColumns& declared, const KeyColumns& indexed, const Table& table) {
        if (!same_names(declared.columns, indexed.columns, sqlite::rules())) return false;
        for (std::size_t i = 0; i < declared.columns.size(); ++i) {
            const Column* column = table.find_column(declared.columns[i], sqlite::rules());
            const std::string own = column && column->collate ? *column->collate : "BINARY";
            const KeyColumnOptions& a = declared.options_of(i);
            const KeyColumnOptions& b = indexed.options_of(i);
            if (!text::iequals(a.collate.value_or(own), b.collate.value_or(own))) return false;
        }
        return true;
    }

    void read_keys(const Table& parsed, const std::vector<Catalog::ColumnRow>& columns, Table& table) const {
        std::map<std::int64_t, std::string> key_columns;
        for (const auto& row : columns)
            if (row.hidden != 1 && row.key_position > 0) key_columns[row.key_position] = row.name;
        std::string key_index;
        const auto indexes = catalog_.indexes.find(table.name);
        if (indexes != catalog_.indexes.end())
            for (const auto& row : indexes->second)
                if (row.origin == "pk") key_index = row.name;
        if (!key_columns.empty()) {
            PrimaryKey key;
            // The key's index lists its columns as declared (a column may even come twice);
            // the rowid has no index, and table_xinfo gives its one column.
            if (!key_index.empty()) {
                static_cast<KeyColumns&>(key) = key_columns_of(key_index, table);
            } else {
                for (const auto& [position, column] : key_columns) key.columns.push_back(column);
            }
            if (parsed.primary_key) {
                key.name = parsed.primary_key->name;
                key.autoincrement = parsed.primary_key->autoincrement;
                key.on_conflict = parsed.primary_key->on_conflict;
            }
            // An INTEGER key of a rowid table with an index of its own is not the rowid: only
            // a descending key declares that (SQLite may have merged it with the ascending
            // index of a unique constraint on the same column).
            if (!key_index.empty() && !table.sqlite.without_rowid && key.columns.size() == 1) {
                const Column* column = table.find_column(key.columns.front(), sqlite::rules());
                if (column && text::iequals(column->type, "INTEGER")) key.options = {{key.options_of(0).collate, true}};
            }
            // A unique constraint over the key's columns shares its index.
            if (!key_index.empty() && !key.on_conflict)
                for (const auto& unique : parsed.uniques)
                    if (same_key(unique, key, table) && unique.on_conflict) key.on_conflict = unique.on_conflict;
            table.primary_key = std::move(key);
        }

        if (indexes == catalog_.indexes.end()) return;
        std::vector<std::pair<long, UniqueConstraint>> uniques;  // by the number in sqlite_autoindex_<table>_<n>
        for (const auto& row : indexes->second) {
            if (row.origin == "u") {
                UniqueConstraint unique;
                static_cast<KeyColumns&>(unique) = key_columns_of(row.name, table);
                for (const auto& declared : parsed.uniques) {
                    if (!same_key(declared, unique, table)) continue;
                    if (!unique.name) unique.name = declared.name;
                    if (!unique.on_conflict) unique.on_conflict = declared.on_conflict;
                }
                uniques.emplace_back(creation_number(row.name), std::move(unique));
            } else if (row.origin == "c") {
                const std::string& index_sql = stored_sql(catalog_, "index", row.name);
                if (index_sql.empty()) continue;
                Index index = parse("index", row.name, index_sql, sql::parse_create_index);
                index.name = row.name;
                index.table = table.name;
                table.indexes.push_back(std::move(index));
            }
        }
        std::sort(table.indexes.begin(), table.indexes.end(), [](const Index& a, const Index& b) { return a.name < b.name; });
        std::sort(uniques.begin(), uniques.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        const long key_number = key_index.empty() ? -1 : creation_number(key_index);
        for (auto& [number, unique] : uniques) {
            if (table.primary_key && number < key_number) ++table.primary_key->uniques_before;
            table.uniques.push_back(std::move(unique));
        }
    }

    // SQLite numbers the indexes behind a table's keys in the order it makes them:
    // sqlite_autoindex_<table>_<n>.
    static long creation_number(const std::string& index_name) {
        const auto underscore = index_name.rfind('_');
        return underscore == std::string::npos ? 0 : std::strtol(index_name.c_str() + underscore + 1, nullptr, 10);
    }

    void read_foreign_keys(const Table& parsed, Table& table) const {
        const auto keys = catalog_.foreign_keys.find(table.name);
        if (keys == catalog_.foreign_keys.end()) return;
        // pragma_foreign_key_list numbers keys from the last declared: reversed, they are in
        // declaration order, as the parsed ones are.
        const bool aligned = keys->second.size() == parsed.foreign_keys.size();
        std::size_t position = 0;
        for (auto it = keys->second.rbegin(); it != keys->second.rend(); ++it, ++position) {
            ForeignKey key;
            for (const auto& row : it->second) {
                key.referred_table = row.referred_table;
                key.columns.push_back(row.from);
                if (row.to) key.referred_columns.push_back(*row.to);
                key.on_update = row.on_update;
                key.on_delete = row.on_delete;
            }
            if (aligned) {
                key.name = parsed.foreign_keys[position].name;
                key.deferrable = parsed.foreign_keys[position].deferrable;
            }
            table.foreign_keys.push_back(std::move(key));
        }
    }

    const Catalog& catalog_;
    std::string database_;
};

}  // namespace

Schema introspect_sqlite(Connection& connection, const IntrospectOptions& options) {
    Catalog catalog = read_catalog(connection);
    const Reader reader(catalog, connection.display_name());
    Schema schema;
    // At most one per table the catalog lists: grown by doubling, the vector of 10,000
    // tables held 5.4 MB where 3.3 are used, and both copies while it moved.
    schema.tables.reserve(catalog.tables.size());
    // The columns come last, row by row, each table made as soon as its rows are in: the
    // columns of 10,000 tables, all held at once beside the schema, were the biggest thing
    // `migrate` held. A table's rows come together (ORDER BY m.name).
    std::string table_name;
    std::vector<Catalog::ColumnRow> columns;
    const auto add_table = [&] {
        if (table_name.empty() || is_ignored_table(table_name, options, sqlite::rules()) || reader.is_shadow(table_name))
            return;
        if (!catalog.tables.count(table_name)) return;  // read outside a snapshot while it was made
        schema.tables.push_back(reader.table(table_name, columns));
        // Its CREATE statements are read: held on, they were as big as the schema made of them.
        catalog.sql.erase("table:" + table_name);
        if (const auto indexes = catalog.indexes.find(table_name); indexes != catalog.indexes.end())
            for (const auto& index : indexes->second) catalog.sql.erase("index:" + index.name);
    };
    connection.for_each_row(fmt::format("SELECT m.name, c.name, c.type, c.\"notnull\", c.dflt_value, c.pk, c.hidden "
                                        "FROM pragma_table_list AS m JOIN pragma_table_xinfo(m.name) AS c WHERE {} "
                                        "ORDER BY m.name, c.cid",
                                        main_tables),
                            {}, [&](std::span<const Value> row) {
                                if (text_of(row[0]) != table_name) {
                                    add_table();
                                    table_name = text_of(row[0]);
                                    columns.clear();
                                }
                                Catalog::ColumnRow column{text_of(row[1]), text_of(row[2]), integer_of(row[3]) != 0,
                                                          std::nullopt, integer_of(row[5]), integer_of(row[6])};
                                if (!std::holds_alternative<std::nullptr_t>(row[4])) column.default_sql = text_of(row[4]);
                                columns.push_back(std::move(column));
                            });
    add_table();
    // In the catalog's order, names compared bytewise as UTF-8, whatever order the engine's
    // text comparison gave (a UTF-16 database's differs).
    std::stable_sort(schema.tables.begin(), schema.tables.end(),
                     [](const Table& a, const Table& b) { return a.name < b.name; });
    for (const auto& name : catalog.virtual_tables)
        if (!is_ignored_table(name, options, sqlite::rules())) schema.virtual_tables.push_back(reader.virtual_table(name));
    for (const Row& row : connection.query("SELECT name, sql FROM sqlite_schema WHERE type = 'view' ORDER BY name"))
        schema.views.push_back({row.text(0), row.text(1)});
    for (const Row& row :
         connection.query("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")) {
        if (is_ignored_table(row.text(1), options, sqlite::rules())) continue;
        schema.triggers.push_back({row.text(0), row.text(1), row.text(2)});
    }
    return schema;
}

}  // namespace dbm::schema
