// The differential test of dbm's reading and writing of tables against SQLite itself.
// A generated CREATE TABLE that SQLite accepts goes through dbm's introspection and
// renderer into a second database; the two tables must be the same table:
//   - dbm sees no difference (sqlite_schema::compare() is empty), and SQLite's pragmas agree: columns
//     (type, NOT NULL, default, key position, generated), key and unique indexes (origin,
//     columns, collations, order), foreign keys (columns, actions), WITHOUT ROWID, STRICT;
//   - the same statements (inserts hitting every constraint, ON CONFLICT, defaults,
//     collations, AUTOINCREMENT, cascades, a deferred foreign key checked at COMMIT) give
//     the same outcome and error message on both, and leave the same rows;
//   - dbm's rebuild of the original table (the 12-step copy every data-keeping change
//     uses) leaves its pragmas, rows, rowids and AUTOINCREMENT counter as they were;
//   - the schema written as models.yaml (what `dbm inspect` and adoption write) reads back
//     as a schema dbm finds equal, and the table it renders behaves the same.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "create_table_grammar.hpp"
#include "dbm/backend.hpp"
#include "dbm/database.hpp"
#include "sqlite/sqlite_backend.hpp"
#include "dbm/error.hpp"
#include "dbm/operations.hpp"
#include "schema/compare.hpp"
#include "schema/models.hpp"
#include "sqlite/render.hpp"
#include "sqlite_schema.hpp"

namespace test {

struct DifferentialResult {
    bool accepted = false;  // SQLite took the statement (otherwise nothing was compared)
    std::string mismatch;   // empty when dbm reproduced the table exactly
};

namespace differential {

inline std::unique_ptr<dbm::Connection> scratch() {
    dbm::sqlite::register_sqlite();
    auto connection = dbm::open_scratch("sqlite");
    connection->execute(std::string(parent_table));
    connection->execute("INSERT INTO parent VALUES (1, 'a', 1, 1), (2, 'b', 2, 2)");
    return connection;
}

inline std::string literal(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

inline std::string identifier(const std::string& name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

inline std::string rows_text(dbm::Connection& connection, const std::string& sql) {
    std::vector<std::string> rows;
    for (const dbm::Row& row : connection.query(sql)) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) line += (row.is_null(i) ? std::string("NULL") : row.text(i)) + "|";
        rows.push_back(std::move(line));
    }
    std::string out;
    for (const auto& row : rows) out += row + "\n";
    return out;
}

// What SQLite itself says of the table, independent of the names of its automatic indexes.
inline std::string engine_facts(dbm::Connection& connection, const std::string& table) {
    const std::string name = literal(table);
    std::string facts = rows_text(
        connection, "SELECT type, ncol, wr, strict FROM pragma_table_list WHERE schema = 'main' AND name = " + name);
    // SQLite spells a type it knows (INT, TEXT, ...) its own way, whatever the case written.
    facts += rows_text(connection, "SELECT cid, name, upper(type), \"notnull\", dflt_value, pk, hidden FROM "
                                   "pragma_table_xinfo(" +
                                       name + ")");
    std::vector<std::string> indexes;
    for (const dbm::Row& row : connection.query("SELECT origin, \"unique\", partial, name FROM pragma_index_list(" + name + ")")) {
        std::string index = row.text(0) + " " + row.text(1) + " " + row.text(2) + ":";
        // Collation names are compared without regard to case, as SQLite does.
        for (const dbm::Row& column : connection.query("SELECT name, upper(coll), \"desc\" FROM pragma_index_xinfo(" +
                                                       literal(row.text(3)) + ") WHERE key = 1 ORDER BY seqno"))
            index += " " + column.text(0) + " " + column.text(1) + " " + column.text(2);
        indexes.push_back(std::move(index));
    }
    std::sort(indexes.begin(), indexes.end());
    for (const auto& index : indexes) facts += index + "\n";
    facts += rows_text(connection, "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete, match FROM "
                                   "pragma_foreign_key_list(" +
                                       name + ")");
    return facts;
}

// A name that reaches the rowid, unless every one is taken by a column.
inline std::optional<std::string> rowid_name(dbm::Connection& connection, const std::string& table) {
    if (!connection.query("SELECT 1 FROM pragma_table_list WHERE name = " + literal(table) + " AND wr = 1").empty())
        return std::nullopt;
    for (const char* candidate : {"rowid", "_rowid_", "oid"})
        if (connection.query("SELECT 1 FROM pragma_table_xinfo(" + literal(table) + ") WHERE name = '" + candidate + "' COLLATE NOCASE")
                .empty())
            return std::string(candidate);
    return std::nullopt;
}

// Every row with every column (and the rowid when it can be named), in a stable order.
inline std::string table_rows(dbm::Connection& connection, const std::string& table) {
    std::vector<std::string> columns;
    for (const dbm::Row& row : connection.query("SELECT name FROM pragma_table_xinfo(" + literal(table) + ")"))
        columns.push_back("quote(" + identifier(row.text(0)) + ")");
    if (const auto rowid = rowid_name(connection, table)) columns.insert(columns.begin(), *rowid);
    std::string list;
    for (const auto& column : columns) list += (list.empty() ? "" : ", ") + column;
    std::vector<std::string> rows;
    std::string text = rows_text(connection, "SELECT " + list + " FROM " + identifier(table));
    std::string sorted;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        rows.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    std::sort(rows.begin(), rows.end());
    for (const auto& row : rows) sorted += row + "\n";
    if (connection.table_exists("sqlite_sequence")) sorted += rows_text(connection, "SELECT name, seq FROM sqlite_sequence");
    return sorted;
}

// "ok", with the rows an INSERT, UPDATE or DELETE changed, or the error SQLite gives.
inline std::string outcome(dbm::Connection& connection, const std::string& statement) {
    try {
        connection.execute(statement);
        const bool changes_rows = statement.rfind("INSERT", 0) == 0 || statement.rfind("UPDATE", 0) == 0 ||
                                  statement.rfind("DELETE", 0) == 0;
        return changes_rows ? "ok " + connection.query("SELECT changes()").at(0).text(0) : std::string("ok");
    } catch (const dbm::Error& error) {
        return std::string("error: ") + error.what();
    }
}

// Statements that exercise the table's constraints, chosen by `choices`.
inline std::vector<std::string> probes(dbm::Connection& connection, const std::string& table, Choices& choices) {
    std::vector<std::string> insertable;
    for (const dbm::Row& row : connection.query("SELECT name FROM pragma_table_xinfo(" + literal(table) + ") WHERE hidden = 0"))
        insertable.push_back(identifier(row.text(0)));
    static constexpr std::array<std::string_view, 13> values = {"NULL", "1",    "2",   "-1",    "0",   "'a'", "'A'",
                                                                "'a '", "1.5", "'10'", "x'00'", "999", "'x'"};
    const std::string name = identifier(table);
    const auto row_values = [&] {
        std::string list;
        for (std::size_t i = 0; i < insertable.size(); ++i) list += (i ? ", " : "") + std::string(choices.one_of(values));
        return list;
    };
    std::string columns;
    for (std::size_t i = 0; i < insertable.size(); ++i) columns += (i ? ", " : "") + insertable[i];
    std::vector<std::string> statements;
    const std::size_t count = 4 + choices.pick(8);
    for (std::size_t i = 0; i < count; ++i) {
        switch (choices.pick(10)) {
        case 0: statements.push_back("INSERT INTO " + name + " DEFAULT VALUES"); break;
        case 1:
            if (!insertable.empty())
                statements.push_back("UPDATE " + name + " SET " + insertable[choices.pick(insertable.size())] + " = " +
                                     std::string(choices.one_of(values)));
            break;
        case 2: statements.push_back("DELETE FROM " + name + " WHERE " + (insertable.empty() ? "1" : insertable[0] + " IS NOT NULL")); break;
        case 3: statements.push_back("DELETE FROM parent WHERE id = 2"); break;
        case 4:
            // A reference to no parent inside a transaction: an immediate key fails at the
            // INSERT, a deferred one at COMMIT.
            if (!insertable.empty()) {
                statements.push_back("BEGIN");
                std::string broken;
                for (std::size_t c = 0; c < insertable.size(); ++c) broken += (c ? ", " : "") + std::string("999");
                statements.push_back("INSERT INTO " + name + " (" + columns + ") VALUES (" + broken + ")");
                statements.push_back("COMMIT");
                statements.push_back("ROLLBACK");
            }
            break;
        default:
            if (!insertable.empty()) statements.push_back("INSERT INTO " + name + " (" + columns + ") VALUES (" + row_values() + ")");
            break;
        }
    }
    return statements;
}

// Runs dbm's rebuild of the table (as for a change SQLite cannot ALTER) on `connection`.
inline std::string rebuild(dbm::Connection& connection, const dbm::Schema& schema, const dbm::Table& table,
                           const std::string& statement) {
    const dbm::schema::AlterColumn unchanged{table.name, table.columns.front(), table.columns.front()};
    const std::string sql = dbm::schema::render_sqlite({unchanged}, schema, schema);
    connection.execute("PRAGMA foreign_keys = OFF");
    try {
        connection.execute("BEGIN");
        for (const auto& statement : connection.dialect().split_statements(sql)) connection.execute(statement.text);
        connection.execute("COMMIT");
    } catch (const dbm::Error& error) {
        connection.execute("ROLLBACK");
        // SQLite 3.40 cannot rename some tables it creates (two unique keys it tells apart
        // only by a column's COLLATE, with different ON CONFLICT clauses: the rename's
        // re-parse takes them for one). A rebuild renames, so it cannot either (docs/models.md).
        auto copy = scratch();
        copy->execute(statement);
        try {
            copy->execute("PRAGMA legacy_alter_table = ON");
            copy->execute("ALTER TABLE " + identifier(table.name) + " RENAME TO dbm_rename_probe");
        } catch (const dbm::Error&) {
            return {};
        }
        return std::string("the rebuild failed: ") + error.what() + "\n" + sql;
    }
    return {};
}

}  // namespace differential

inline DifferentialResult round_trip(const GeneratedTable& generated, Choices& choices) {
    using namespace differential;
    auto original = scratch();
    try {
        original->execute(generated.statement);
        // Some errors (a generated column that refers to itself) only show when a statement
        // that writes the table is prepared.
        original->query("EXPLAIN INSERT INTO " + identifier(generated.name) + " DEFAULT VALUES");
    } catch (const dbm::Error&) {
        return {false, {}};
    }
    dbm::Schema schema;
    try {
        schema = original->introspect({});
    } catch (const dbm::Error& error) {
        return {true, std::string("introspection failed: ") + error.what()};
    }
    const dbm::Table* table = schema.find_table(generated.name, dbm::sqlite::rules());
    if (!table) return {true, "introspection lost the table"};
    const std::string rendered = dbm::schema::create_table_sql(*table, table->name);
    auto copy = scratch();
    try {
        copy->execute(rendered);
    } catch (const dbm::Error& error) {
        return {true, std::string("SQLite refuses the rendered table: ") + error.what() + "\n" + rendered};
    }
    const dbm::Schema copied = copy->introspect({});
    std::string mismatch;
    for (const auto& operation : sqlite_schema::compare(schema, copied)) mismatch += "dbm sees: " + dbm::schema::describe(operation) + "\n";
    const std::string facts = engine_facts(*original, table->name);
    if (facts != engine_facts(*copy, table->name))
        mismatch += "pragmas differ:\n" + facts + "--- rendered:\n" + engine_facts(*copy, table->name);
    if (!mismatch.empty()) return {true, mismatch + "rendered:\n" + rendered};

    original->execute("PRAGMA foreign_keys = ON");
    copy->execute("PRAGMA foreign_keys = ON");
    std::string rows;
    for (const std::string& statement : probes(*original, table->name, choices)) {
        const std::string expected = outcome(*original, statement);
        const std::string got = outcome(*copy, statement);
        if (expected != got)
            return {true, "'" + statement + "': " + expected + " on the original, " + got + " on the rendered table\nrendered:\n" + rendered};
        rows = table_rows(*original, table->name) + table_rows(*original, "parent");
        const std::string copied_rows = table_rows(*copy, table->name) + table_rows(*copy, "parent");
        if (rows != copied_rows)
            return {true, "rows differ after '" + statement + "':\n" + rows + "--- rendered:\n" + copied_rows + "rendered:\n" + rendered};
    }
    rows = table_rows(*original, table->name);

    // The table as models.yaml says it: the same schema to dbm, the same behaviour.
    const std::string yaml = sqlite_schema::write_models_yaml(schema);
    dbm::Schema from_yaml;
    try {
        from_yaml = sqlite_schema::parse_models_yaml(yaml, "models.yaml");
    } catch (const dbm::Error& error) {
        return {true, std::string("the models written do not read back: ") + error.format() + "\n" + yaml};
    }
    for (const auto& operation : sqlite_schema::compare(schema, from_yaml))
        mismatch += "models.yaml differs: " + dbm::schema::describe(operation) + "\n";
    if (!mismatch.empty()) return {true, mismatch + yaml};
    {
        auto modelled = scratch();
        const dbm::Table* yaml_table = from_yaml.find_table(table->name, dbm::sqlite::rules());
        const std::string yaml_sql = dbm::schema::create_table_sql(*yaml_table, yaml_table->name);
        try {
            modelled->execute(yaml_sql);
        } catch (const dbm::Error& error) {
            return {true, std::string("SQLite refuses the table models.yaml renders: ") + error.what() + "\n" + yaml_sql};
        }
        auto fresh = scratch();
        fresh->execute(generated.statement);
        fresh->execute("PRAGMA foreign_keys = ON");
        modelled->execute("PRAGMA foreign_keys = ON");
        Choices replay = choices;
        // Models do not always say in which order a table's unique indexes were made (the
        // writer keeps it when it can): which of several broken ones an error names may
        // differ (docs/models.md), not whether the statement fails.
        const auto unnamed_unique = [](std::string text) {
            const std::string failed = "UNIQUE constraint failed: ";
            if (const auto at = text.find(failed); at != std::string::npos) text.resize(at + failed.size());
            return text;
        };
        for (const std::string& statement : probes(*fresh, table->name, replay)) {
            const std::string expected = unnamed_unique(outcome(*fresh, statement));
            const std::string got = unnamed_unique(outcome(*modelled, statement));
            if (expected != got)
                return {true, "'" + statement + "': " + expected + " on the original, " + got + " from models.yaml\n" + yaml +
                                  yaml_sql};
        }
        if (table_rows(*fresh, table->name) != table_rows(*modelled, table->name))
            return {true, "rows differ from models.yaml's table:\n" + yaml + yaml_sql};
    }

    if (std::string failure = rebuild(*original, schema, *table, generated.statement); !failure.empty()) return {true, failure};
    if (facts != engine_facts(*original, table->name))
        return {true, "the rebuild changed the table:\n" + facts + "--- after:\n" + engine_facts(*original, table->name)};
    if (rows != table_rows(*original, table->name))
        return {true, "the rebuild changed the rows:\n" + rows + "--- after:\n" + table_rows(*original, table->name)};
    return {true, {}};
}

}  // namespace test
