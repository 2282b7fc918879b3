// CREATE TABLE statements generated from SQLite's grammar (lang_createtable, parse.y),
// driven by a stream of choices: the fuzz target's bytes, or a seeded random generator in
// the unit test. Every production of column-def, column-constraint, table-constraint,
// foreign-key-clause, conflict-clause and table-options is reachable, with the forms real
// schemas use (quoted and keyword names, types of several words, strings as names, no
// comma between table constraints, keyword case and comments between tokens). Most
// statements are valid; the ones SQLite refuses are simply skipped by the caller.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace test {

// A stream of choices; 0 forever once the bytes run out.
class Choices {
public:
    Choices(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    std::size_t pick(std::size_t count) {
        if (count <= 1) return 0;
        if (pos_ >= size_) return 0;
        return data_[pos_++] % count;
    }
    bool chance(int percent) { return pick(100) < static_cast<std::size_t>(percent); }
    template <typename T, std::size_t N>
    const T& one_of(const std::array<T, N>& items) {
        return items[pick(N)];
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

// The parent table every generated foreign key may refer to.
inline constexpr std::string_view parent_table =
    "CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT UNIQUE, a, b, UNIQUE (a, b))";

struct GeneratedTable {
    std::string name;       // the table's name as SQLite reports it
    std::string statement;  // the CREATE TABLE text
    std::vector<std::string> column_names;
};

class CreateTableGrammar {
public:
    explicit CreateTableGrammar(Choices& choices) : c_(choices) {}

    GeneratedTable generate() {
        GeneratedTable table;
        static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> names = {{
            {"t", "t"}, {"\"Odd Table\"", "Odd Table"}, {"[t2]", "t2"}, {"`t3`", "t3"}, {"'t4'", "t4"}, {"main.t5", "t5"}}};
        const auto& [written, name] = c_.one_of(names);
        table.name = std::string(name);
        std::string sql = cat({keyword("CREATE"), space(), keyword("TABLE"), space()});
        if (c_.chance(10)) sql += cat({keyword("IF NOT EXISTS"), space()});
        sql += std::string(written) + space() + "(";
        // The options come last in the text but decide what the rest may be: a WITHOUT ROWID
        // table needs a primary key, a STRICT one its types.
        static constexpr std::array<std::string_view, 8> options = {"", "", "", "", " WITHOUT ROWID", " STRICT",
                                                                     " WITHOUT ROWID, STRICT", " strict , without rowid"};
        const std::string_view option = c_.one_of(options);
        strict_ = option.find("TRICT") != std::string_view::npos || option.find("trict") != std::string_view::npos;
        const bool without_rowid = option.find("ROWID") != std::string_view::npos || option.find("rowid") != std::string_view::npos;
        const std::size_t column_count = 1 + c_.pick(5);
        for (std::size_t i = 0; i < column_count; ++i) {
            if (i) sql += "," + space();
            sql += column(table.column_names);
        }
        const std::size_t constraint_count = c_.pick(4);
        for (std::size_t i = 0; i < constraint_count; ++i) {
            // The first table constraint follows a comma; the others may not (parse.y's
            // tconscomma is optional).
            sql += (i == 0 || c_.chance(60)) ? "," + space() : space();
            sql += table_constraint(table.column_names);
        }
        if (without_rowid && !has_key_) sql += cat({", ", keyword("PRIMARY KEY"), " (", column_ref_at(table.column_names, 0), ")"});
        sql += ")";
        sql += option;
        table.statement = std::move(sql);
        return table;
    }

private:
    // Parts joined in the order written: the elements of a braced list are evaluated left
    // to right, the operands of + are not (and gcc and clang differ), so every choice is
    // taken through here, and a byte string means the same statement to every compiler.
    static std::string cat(std::initializer_list<std::string> parts) {
        std::string out;
        for (const auto& part : parts) out += part;
        return out;
    }

    // Keywords in upper, lower or mixed case.
    std::string keyword(std::string_view word) {
        std::string out(word);
        const std::size_t style = c_.pick(4);
        for (std::size_t i = 0; i < out.size(); ++i) {
            const bool lower = style == 1 || (style == 2 && i % 2);
            if (lower) out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[i])));
        }
        return out;
    }

    std::string space() {
        static constexpr std::array<std::string_view, 6> spaces = {" ", " ", "  ", "\n  ", " /* c */ ", " -- c\n"};
        return std::string(c_.one_of(spaces));
    }

    std::string column_name(std::vector<std::string>& names) {
        // Names are unique, as SQLite requires (case aside: "key" and "KEY" never both occur).
        static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> pool = {{{"a", "a"},
                                                                                                {"b", "b"},
                                                                                                {"c", "c"},
                                                                                                {"id", "id"},
                                                                                                {"key", "key"},
                                                                                                {"replace", "replace"},
                                                                                                {"\"Mixed Name\"", "Mixed Name"},
                                                                                                {"[br]", "br"},
                                                                                                {"`bt`", "bt"},
                                                                                                {"'str'", "str"},
                                                                                                {"\"q\"\"uote\"", "q\"uote"},
                                                                                                {"\"select\"", "select"},
                                                                                                {"generated", "generated"},
                                                                                                {"left", "left"},
                                                                                                {"rowid", "rowid"},
                                                                                                {"_rowid_", "_rowid_"}}};
        std::size_t choice = c_.pick(pool.size());
        while (std::find(names.begin(), names.end(), pool[choice].second) != names.end()) choice = (choice + 1) % pool.size();
        names.emplace_back(pool[choice].second);
        return std::string(pool[choice].first);
    }

    // A reference to a column already declared, as SQL.
    std::string column_ref(const std::vector<std::string>& names) { return column_ref_at(names, c_.pick(names.size())); }

    std::string column_ref_at(const std::vector<std::string>& names, std::size_t index) {
        const std::string& name = names[index];
        std::string out = "\"";
        for (char ch : name) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        return out + "\"";
    }

    std::string type() {
        if (strict_) {
            static constexpr std::array<std::string_view, 7> strict_types = {"INTEGER", "INT", "TEXT", "BLOB", "REAL", "ANY", "integer"};
            return std::string(c_.one_of(strict_types));
        }
        static constexpr std::array<std::string_view, 24> types = {
            "",          "",        "INTEGER", "integer", "INT",         "TEXT",
            "VARCHAR(10)", "varchar ( 10 )", "NUMERIC(10, 2)", "DECIMAL(5,-2)", "DOUBLE PRECISION", "BLOB",
            "REAL",      "ANY",     "UNSIGNED BIG INT", "'text'", "\"int\"", "KEY",
            "GENERATED ALWAYS", "generated", "[custom type]", "BOOLEAN", "CHARACTER VARYING(255)", "int /* c */ eger"};
        return std::string(c_.one_of(types));
    }

    std::string conflict() {
        if (c_.chance(60)) return "";
        static constexpr std::array<std::string_view, 5> resolutions = {"ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE"};
        return cat({space(), keyword("ON CONFLICT"), " ", keyword(c_.one_of(resolutions))});
    }

    std::string expression(const std::vector<std::string>& names) {
        const std::string col = column_ref(names);
        switch (c_.pick(7)) {
        case 0: return col + " > 0";
        case 1: return "length(" + col + ") < 5";
        case 2: return col + " IS NOT NULL OR 1";
        case 3: return col + " != 'x'";
        case 4: return "typeof(" + col + ") != 'blob'";
        case 5: return col + " IN (1, 2, 'a', 'A')";
        default: return "(" + col + " + 1) * 2 > 0";
        }
    }

    std::string default_value() {
        static constexpr std::array<std::string_view, 16> values = {
            "0",       "-1",      "+1.5", "'x'", "'it''s'", "NULL",   "TRUE",        "FALSE",
            "CURRENT_DATE", "(1 + 1)", "x'00'", "abc", "\"quoted\"", "(lower('A'))", "- 5", "0x10"};
        return std::string(c_.one_of(values));
    }

    std::string collation() {
        static constexpr std::array<std::string_view, 6> names = {"NOCASE", "RTRIM", "BINARY", "\"nocase\"", "'rtrim'", "nocase"};
        return cat({keyword("COLLATE"), " ", std::string(c_.one_of(names))});
    }

    std::string references() {
        // Keys refer to a primary key or a unique column: any other is a "foreign key
        // mismatch" SQLite cannot enforce, which models refuse.
        static constexpr std::array<std::string_view, 5> targets = {"parent", "parent (id)", "parent(code)", "parent (\"code\")",
                                                                    "\"parent\"(\"id\")"};
        std::string out = cat({keyword("REFERENCES"), " ", std::string(c_.one_of(targets))});
        static constexpr std::array<std::string_view, 6> actions = {"SET NULL", "SET DEFAULT", "CASCADE", "RESTRICT",
                                                                    "NO ACTION", "CASCADE"};
        const std::size_t args = c_.pick(4);
        for (std::size_t i = 0; i < args; ++i) {
            switch (c_.pick(5)) {
            case 0:
            case 1: out += cat({space(), keyword("ON DELETE"), " ", keyword(c_.one_of(actions))}); break;
            case 2: out += cat({space(), keyword("ON UPDATE"), " ", keyword(c_.one_of(actions))}); break;
            case 3: out += cat({space(), keyword("MATCH FULL")}); break;
            default: out += cat({space(), keyword("ON INSERT CASCADE")}); break;
            }
        }
        return out;
    }

    std::string defer_clause() {
        static constexpr std::array<std::string_view, 6> clauses = {
            "DEFERRABLE INITIALLY DEFERRED", "DEFERRABLE INITIALLY DEFERRED", "DEFERRABLE INITIALLY IMMEDIATE",
            "DEFERRABLE", "NOT DEFERRABLE", "NOT DEFERRABLE INITIALLY DEFERRED"};
        return keyword(c_.one_of(clauses));
    }

    std::string column(std::vector<std::string>& names) {
        std::string sql = column_name(names);
        const std::string declared_type = type();
        if (!declared_type.empty()) sql += space() + declared_type;
        const bool integer = declared_type == "INTEGER" || declared_type == "integer" || declared_type == "\"int\"";
        bool generated = false, has_default = false, unique = false;
        const std::size_t constraints = c_.pick(5);
        for (std::size_t i = 0; i < constraints; ++i) {
            sql += space();
            std::size_t kind = c_.pick(14);
            // Mostly only what SQLite allows together: one key, a generated column without a
            // default or key.
            // (And no UNIQUE before PRIMARY KEY DESC on one column: SQLite merges the two into
            // an ascending key index that no declaration but that one makes; docs/models.md.)
            if ((kind == 4 && (has_key_ || generated || unique) && c_.chance(90)) ||
                (kind == 12 && (has_default || c_.chance(50))) || ((kind == 7 || kind == 13) && generated) ||
                (kind == 4 && unique))
                kind = 1;
            if (kind == 5) unique = true;
            switch (kind) {
            case 0: sql += cat({keyword("CONSTRAINT"), " ", c_.chance(50) ? "cn" : "\"c n\""}); break;
            case 1:
            case 2: sql += cat({keyword("NOT NULL"), conflict()}); break;
            case 3: sql += cat({keyword("NULL"), conflict()}); break;
            case 4: {
                has_key_ = true;
                sql += keyword("PRIMARY KEY");
                const std::size_t order = c_.pick(3);
                if (order == 1) sql += " " + keyword("ASC");
                if (order == 2) sql += " " + keyword("DESC");
                sql += conflict();
                if (c_.chance(integer && order != 2 ? 50 : 3)) sql += " " + keyword("AUTOINCREMENT");
                break;
            }
            case 5: sql += cat({keyword("UNIQUE"), conflict()}); break;
            case 6: sql += cat({keyword("CHECK"), " (", expression(names), ")"}); break;
            case 7:
                has_default = true;
                sql += cat({keyword("DEFAULT"), " ", default_value()});
                break;
            case 8: sql += collation(); break;
            case 9:
            case 10: sql += references(); break;
            case 11: sql += defer_clause(); break;
            case 12: {
                generated = true;
                sql += c_.chance(50) ? keyword("GENERATED ALWAYS AS") : keyword("AS");
                // Not on itself: that is a loop SQLite refuses at the first write.
                std::vector<std::string> others(names.begin(), names.end() - 1);
                sql += " (" + (others.empty() ? std::string("1 + 1") : expression(others)) + ")";
                const std::size_t kind = c_.pick(3);
                if (kind == 1) sql += " " + keyword("STORED");
                if (kind == 2) sql += " " + keyword("VIRTUAL");
                break;
            }
            default:
                has_default = true;
                sql += cat({keyword("DEFAULT"), " (", std::to_string(c_.pick(10)), ")"});
                break;
            }
        }
        return sql;
    }

    // One entry of a PRIMARY KEY or UNIQUE list, in the forms SQLite resolves to a column.
    std::string key_item(const std::vector<std::string>& names, std::size_t column) {
        std::string item = column_ref_at(names, column);
        switch (c_.pick(6)) {
        case 0: item = "(" + item + ")"; break;
        case 1: item += " " + collation(); break;
        case 2: item = "(" + item + " " + collation() + ")"; break;
        case 3: item += cat({" ", collation(), " ", collation()}); break;
        default: break;
        }
        const std::size_t order = c_.pick(3);
        if (order == 1) item += " " + keyword("ASC");
        if (order == 2) item += " " + keyword("DESC");
        return item;
    }

    std::string key_list(const std::vector<std::string>& names, bool primary) {
        std::string sql = "(";
        const std::size_t count = 1 + c_.pick(std::min<std::size_t>(names.size(), 3));
        std::vector<std::size_t> used;
        for (std::size_t i = 0; i < count; ++i) {
            if (i) sql += ", ";
            // A WITHOUT ROWID primary key that names a column twice is shortened by SQLite
            // after its unique constraints were compared with it, which no rendering of the
            // shortened key reproduces (docs/models.md): keys name each column once.
            std::size_t column = c_.pick(names.size());
            while (std::find(used.begin(), used.end(), column) != used.end() && used.size() < names.size())
                column = (column + 1) % names.size();
            used.push_back(column);
            sql += key_item(names, column);
        }
        if (primary && count == 1 && c_.chance(20)) sql += " " + keyword("AUTOINCREMENT");
        return sql + ")";
    }

    std::string table_constraint(const std::vector<std::string>& names) {
        std::string sql;
        if (c_.chance(25)) sql += cat({keyword("CONSTRAINT"), " ", c_.chance(50) ? "tc" : "\"t c\"", space()});
        std::size_t kind = c_.pick(5);
        if (kind == 0 && has_key_ && c_.chance(90)) kind = 1;
        switch (kind) {
        case 0:
            has_key_ = true;
            sql += cat({keyword("PRIMARY KEY"), " ", key_list(names, true), conflict()});
            break;
        case 1: sql += cat({keyword("UNIQUE"), " ", key_list(names, false), conflict()}); break;
        case 2: sql += cat({keyword("CHECK"), " (", expression(names), ")", conflict()}); break;
        case 3: {
            const bool pair = c_.chance(30) && names.size() >= 2;
            sql += cat({keyword("FOREIGN KEY"), " (", column_ref(names)});
            if (pair) sql += ", " + column_ref(names);
            sql += ") " + keyword("REFERENCES") + " parent";
            if (pair)
                sql += " (a, b)";
            else if (c_.chance(50))
                sql += c_.chance(50) ? " (id)" : " (code)";
            if (c_.chance(50)) sql += " " + keyword("ON DELETE CASCADE");
            if (c_.chance(40)) sql += " " + defer_clause();
            break;
        }
        default: sql += keyword("CONSTRAINT") + " only_a_name"; break;
        }
        return sql;
    }

    Choices& c_;
    bool strict_ = false;
    bool has_key_ = false;
};

}  // namespace test
