#include "schema/sql_parser.hpp"

#include <array>

#include "util/text.hpp"

namespace dbm::sql {

namespace {

constexpr std::array<std::string_view, 11> column_constraint_starts = {
    "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS"};

class Parser {
public:
    explicit Parser(std::string_view sql) : sql_(sql), tokens_(tokenize(sql)) {}

    Table create_table() {
        expect("CREATE");
        if (!accept("TEMP")) accept("TEMPORARY");
        expect("TABLE");
        if_not_exists();
        Table table;
        table.name = qualified_name();
        expect_symbol("(");
        bool in_constraints = false;
        do {
            if (!in_constraints && starts_table_constraint()) in_constraints = true;
            if (in_constraints)
                table_constraint(table);
            else
                column(table);
        } while (accept_symbol(","));
        expect_symbol(")");
        // Table options: WITHOUT ROWID, STRICT, comma-separated.
        while (!at_end() && !peek().is_symbol(";")) {
            if (accept("WITHOUT")) {
                expect("ROWID");
                table.without_rowid = true;
            } else if (accept("STRICT")) {
                table.strict = true;
            } else if (!accept_symbol(",")) {
                fail("unexpected text after the column list");
            }
        }
        return table;
    }

    Index create_index() {
        expect("CREATE");
        Index index;
        index.unique = accept("UNIQUE");
        expect("INDEX");
        if_not_exists();
        index.name = qualified_name();
        expect("ON");
        index.table = name();
        expect_symbol("(");
        do index.columns.push_back(indexed_column());
        while (accept_symbol(","));
        expect_symbol(")");
        if (accept("WHERE")) index.where = rest_of_statement();
        accept_symbol(";");
        if (!at_end()) fail("unexpected text after the indexed columns");
        return index;
    }

private:
    bool at_end() const { return pos_ >= tokens_.size(); }
    const Token& peek(std::size_t ahead = 0) const {
        static const Token end{TokenKind::symbol, "", 0};
        return pos_ + ahead < tokens_.size() ? tokens_[pos_ + ahead] : end;
    }
    [[noreturn]] void fail(const std::string& message) const {
        throw SqlSyntaxError{message, at_end() ? sql_.size() : peek().offset};
    }
    bool accept(std::string_view keyword) {
        if (!peek().is(keyword)) return false;
        ++pos_;
        return true;
    }
    void expect(std::string_view keyword) {
        if (!accept(keyword)) fail("expected " + std::string(keyword));
    }
    bool accept_symbol(std::string_view symbol) {
        if (!peek().is_symbol(symbol)) return false;
        ++pos_;
        return true;
    }
    void expect_symbol(std::string_view symbol) {
        if (!accept_symbol(symbol)) fail("expected '" + std::string(symbol) + "'");
    }
    void if_not_exists() {
        if (accept("IF")) {
            expect("NOT");
            expect("EXISTS");
        }
    }
    std::string name() {
        if (at_end() || !peek().is_name()) fail("expected a name");
        return tokens_[pos_++].name();
    }
    std::string qualified_name() {
        std::string result = name();
        if (accept_symbol(".")) result = name();  // schema.name: the schema is always main here
        return result;
    }

    // The SQL exactly as written from token `first` up to (not including) token `last`.
    std::string text_between(std::size_t first, std::size_t last) const {
        const std::size_t begin = tokens_[first].offset;
        const std::size_t end = tokens_[last - 1].offset + tokens_[last - 1].text.size();
        return std::string(sql_.substr(begin, end - begin));
    }

    // The text of a parenthesised group, without its outer parentheses.
    std::string parenthesised() {
        if (!peek().is_symbol("(")) fail("expected '('");
        const std::size_t open = pos_;
        int depth = 0;
        do {
            if (at_end()) fail("unbalanced parentheses");
            if (peek().is_symbol("(")) ++depth;
            if (peek().is_symbol(")")) --depth;
            ++pos_;
        } while (depth > 0);
        const std::size_t begin = tokens_[open].offset + 1;
        const std::size_t end = tokens_[pos_ - 1].offset;
        return std::string(text::trim(sql_.substr(begin, end - begin)));
    }

    std::string rest_of_statement() {
        if (at_end()) fail("expected an expression");
        const std::size_t begin = peek().offset;
        std::size_t end = sql_.size();
        while (!at_end()) {
            if (peek().is_symbol(";")) {
                end = peek().offset;
                break;
            }
            ++pos_;
        }
        return std::string(text::trim(sql_.substr(begin, end - begin)));
    }

    // These keywords cannot name a column unquoted: as bare words they start a constraint.
    bool starts_table_constraint() const {
        const Token& first = peek();
        return first.is("CONSTRAINT") || first.is("PRIMARY") || first.is("UNIQUE") || first.is("CHECK") ||
               first.is("FOREIGN");
    }

    bool starts_column_constraint() const {
        for (const auto keyword : column_constraint_starts)
            if (peek().is(keyword)) return true;
        return false;
    }

    void skip_conflict_clause() {
        if (peek().is("ON") && peek(1).is("CONFLICT")) pos_ += 3;
    }

    std::vector<std::string> name_list() {
        std::vector<std::string> names;
        expect_symbol("(");
        do {
            names.push_back(name());
            if (accept("COLLATE")) name();
            if (!accept("ASC")) accept("DESC");
        } while (accept_symbol(","));
        expect_symbol(")");
        return names;
    }

    void column(Table& table) {
        Column column;
        column.name = name();
        // The type runs until a constraint, a comma or the closing parenthesis.
        const std::size_t type_start = pos_;
        while (!at_end() && !peek().is_symbol(",") && !peek().is_symbol(")") && !starts_column_constraint()) {
            if (peek().is_symbol("("))
                parenthesised();
            else
                ++pos_;
        }
        if (pos_ > type_start) column.type = text_between(type_start, pos_);
        std::optional<std::string> constraint_name;
        while (!at_end() && !peek().is_symbol(",") && !peek().is_symbol(")")) {
            if (accept("CONSTRAINT")) {
                constraint_name = name();
                continue;
            }
            if (accept("PRIMARY")) {
                expect("KEY");
                if (!accept("ASC")) accept("DESC");
                skip_conflict_clause();
                PrimaryKey key{constraint_name, {column.name}, accept("AUTOINCREMENT")};
                table.primary_key = key;
            } else if (accept("NOT")) {
                expect("NULL");
                skip_conflict_clause();
                column.nullable = false;
            } else if (accept("NULL")) {
                skip_conflict_clause();
            } else if (accept("UNIQUE")) {
                skip_conflict_clause();
                table.uniques.push_back({constraint_name, {column.name}});
            } else if (accept("CHECK")) {
                table.checks.push_back({constraint_name, parenthesised()});
            } else if (accept("DEFAULT")) {
                column.default_sql = default_value();
            } else if (accept("COLLATE")) {
                column.collate = name();
            } else if (accept("REFERENCES")) {
                ForeignKey key = references();
                key.name = constraint_name;
                key.columns = {column.name};
                table.foreign_keys.push_back(std::move(key));
            } else if (peek().is("GENERATED") || peek().is("AS")) {
                if (accept("GENERATED")) expect("ALWAYS");
                expect("AS");
                column.generated = parenthesised();
                if (accept("STORED"))
                    column.generated_stored = true;
                else
                    accept("VIRTUAL");
            } else {
                fail("unexpected text in the definition of column " + column.name);
            }
            constraint_name.reset();
        }
        table.columns.push_back(std::move(column));
    }

    std::string default_value() {
        if (peek().is_symbol("(")) {
            const std::size_t first = pos_;
            parenthesised();
            return text_between(first, pos_);
        }
        if (peek().is_symbol("-") || peek().is_symbol("+")) {
            const std::string sign(peek().text);
            ++pos_;
            if (at_end() || peek().kind != TokenKind::number) fail("expected a number after the sign");
            return sign + std::string(tokens_[pos_++].text);
        }
        if (at_end()) fail("expected a default value");
        return std::string(tokens_[pos_++].text);
    }

    ForeignKey references() {
        ForeignKey key;
        key.referred_table = name();
        if (peek().is_symbol("(")) key.referred_columns = name_list();
        while (!at_end()) {
            if (accept("ON")) {
                const bool on_delete = accept("DELETE");
                if (!on_delete) expect("UPDATE");
                std::string action;
                if (accept("SET")) {
                    action = accept("NULL") ? "SET NULL" : (expect("DEFAULT"), "SET DEFAULT");
                } else if (accept("CASCADE")) {
                    action = "CASCADE";
                } else if (accept("RESTRICT")) {
                    action = "RESTRICT";
                } else {
                    expect("NO");
                    expect("ACTION");
                    action = "NO ACTION";
                }
                (on_delete ? key.on_delete : key.on_update) = action;
            } else if (accept("MATCH")) {
                name();
            } else if (peek().is("NOT") && peek(1).is("DEFERRABLE")) {
                pos_ += 2;
                initially();
            } else if (accept("DEFERRABLE")) {
                key.deferrable = initially() == "DEFERRED";
            } else {
                break;
            }
        }
        return key;
    }

    std::string initially() {
        if (!accept("INITIALLY")) return "IMMEDIATE";
        if (accept("DEFERRED")) return "DEFERRED";
        expect("IMMEDIATE");
        return "IMMEDIATE";
    }

    void table_constraint(Table& table) {
        std::optional<std::string> constraint_name;
        if (accept("CONSTRAINT")) constraint_name = name();
        if (accept("PRIMARY")) {
            expect("KEY");
            table.primary_key = PrimaryKey{constraint_name, name_list(), false};
            skip_conflict_clause();
        } else if (accept("UNIQUE")) {
            table.uniques.push_back({constraint_name, name_list()});
            skip_conflict_clause();
        } else if (accept("CHECK")) {
            table.checks.push_back({constraint_name, parenthesised()});
        } else if (accept("FOREIGN")) {
            expect("KEY");
            std::vector<std::string> columns = name_list();
            expect("REFERENCES");
            ForeignKey key = references();
            key.name = constraint_name;
            key.columns = std::move(columns);
            table.foreign_keys.push_back(std::move(key));
        } else {
            fail("expected a table constraint");
        }
    }

    IndexColumn indexed_column() {
        if (at_end()) fail("expected an indexed column");
        const std::size_t first = pos_;
        int depth = 0;
        while (!at_end()) {
            if (depth == 0 && (peek().is_symbol(",") || peek().is_symbol(")"))) break;
            if (peek().is_symbol("(")) ++depth;
            if (peek().is_symbol(")")) --depth;
            ++pos_;
        }
        std::size_t last = pos_;  // one past the column's tokens
        IndexColumn column;
        if (last > first && tokens_[last - 1].is("DESC")) {
            column.descending = true;
            --last;
        } else if (last > first && tokens_[last - 1].is("ASC")) {
            --last;
        }
        if (last >= first + 2 && tokens_[last - 2].is("COLLATE")) {
            column.collate = tokens_[last - 1].name();
            last -= 2;
        }
        if (last == first) fail("expected an indexed column");
        if (last == first + 1 && tokens_[first].is_identifier()) {
            column.expression = tokens_[first].name();
        } else {
            column.expression = text_between(first, last);
            column.is_expression = true;
        }
        return column;
    }

    std::string_view sql_;
    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
};

}  // namespace

Table parse_create_table(std::string_view sql) { return Parser(sql).create_table(); }

Index parse_create_index(std::string_view sql) { return Parser(sql).create_index(); }

}  // namespace dbm::sql
