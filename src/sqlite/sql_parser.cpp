#include "sqlite/sql_parser.hpp"

#include <array>

#include "util/text.hpp"

namespace dbm::sql {

namespace {

// Keywords that end a column's type: SQLite reserves them (no fallback to an identifier),
// and each starts a column constraint.
constexpr std::array<std::string_view, 11> type_stops = {"CONSTRAINT", "PRIMARY",    "NOT", "NULL",     "UNIQUE",    "CHECK",
                                                         "DEFAULT",    "COLLATE",    "AS",  "REFERENCES", "DEFERRABLE"};

// Keywords that start a table constraint; none can name a column unquoted.
constexpr std::array<std::string_view, 5> table_constraint_starts = {"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"};

constexpr std::array<std::string_view, 5> conflict_resolutions = {"ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE"};

template <std::size_t N>
bool is_one_of(const Token& token, const std::array<std::string_view, N>& keywords) {
    for (const auto keyword : keywords)
        if (token.is(keyword)) return true;
    return false;
}

// SQLite drops a trailing "GENERATED ALWAYS" (or "ALWAYS") from a type of 16 characters or
// more, so that `x INT GENERATED ALWAYS AS (...)` has the type INT (build.c, sqlite3AddColumn).
std::string without_generated_always(std::string type) {
    const auto ends_with = [&](std::string_view suffix) {
        return type.size() >= suffix.size() && text::iequals(std::string_view(type).substr(type.size() - suffix.size()), suffix);
    };
    const auto trim_end = [&] {
        while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back()))) type.pop_back();
    };
    if (type.size() >= 16 && ends_with("always")) {
        type.resize(type.size() - 6);
        trim_end();
        if (type.size() >= 9 && ends_with("generated")) {
            type.resize(type.size() - 9);
            trim_end();
        }
    }
    return type;
}

// One entry of a PRIMARY KEY, UNIQUE or index list once read: the column (or expression)
// with the COLLATE and ASC/DESC around it.
struct ListItem {
    std::size_t first = 0, last = 0;  // the core's tokens, [first, last)
    std::optional<std::string> collate;
    bool descending = false;
};

class Parser {
public:
    explicit Parser(std::string_view sql) : sql_(sql), tokens_(tokenize(sql)) {}

    Table create_table() {
        expect("CREATE");
        if (!accept("TEMP")) accept("TEMPORARY");
        expect("TABLE");
        if_not_exists();
        Table table;
        table.declared_at = location(peek().offset);
        table.name = qualified_name();
        expect_symbol("(");
        // A CONSTRAINT name is reset by the next column, not by the comma before the first
        // table constraint: the last column's pending name carries over to it (parse.y).
        std::optional<std::string> constraint_name = column(table);
        while (accept_symbol(",")) {
            if (is_one_of(peek(), table_constraint_starts)) {
                table_constraints(table, std::move(constraint_name));
                break;
            }
            constraint_name = column(table);
        }
        expect_symbol(")");
        table_options(table);
        end_of_statement();
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
        end_of_statement();
        return index;
    }

    TriggerHeader create_trigger() {
        expect("CREATE");
        if (!accept("TEMP")) accept("TEMPORARY");
        expect("TRIGGER");
        if_not_exists();
        TriggerHeader header;
        header.name = qualified_name();
        if (!accept("BEFORE") && !accept("AFTER") && accept("INSTEAD")) expect("OF");
        if (accept("UPDATE")) {
            if (accept("OF")) {
                do name();
                while (accept_symbol(","));
            }
        } else if (!accept("INSERT")) {
            expect("DELETE");
        }
        expect("ON");
        header.table = qualified_name();
        return header;
    }

    VirtualTable create_virtual_table() {
        expect("CREATE");
        expect("VIRTUAL");
        expect("TABLE");
        if_not_exists();
        VirtualTable table;
        table.name = qualified_name();
        expect("USING");
        table.module = name();
        if (peek().is_symbol("(")) table.arguments = parenthesised();
        end_of_statement();
        table.sql = std::string(text::trim(sql_));
        if (!table.sql.empty() && table.sql.back() == ';') table.sql.pop_back();
        return table;
    }

    std::optional<CreateHeader> create_header() {
        if (!accept("CREATE")) return std::nullopt;
        CreateHeader header{CreateHeader::Kind::table, {}, false, 0};
        header.temporary = accept("TEMP") || accept("TEMPORARY");
        if (accept("VIRTUAL")) {
            if (!accept("TABLE")) return std::nullopt;
            header.kind = CreateHeader::Kind::virtual_table;
        } else if (accept("TABLE")) {
            header.kind = CreateHeader::Kind::table;
        } else if (accept("VIEW")) {
            header.kind = CreateHeader::Kind::view;
        } else if (accept("TRIGGER")) {
            header.kind = CreateHeader::Kind::trigger;
        } else {
            accept("UNIQUE");
            if (!accept("INDEX")) return std::nullopt;
            header.kind = CreateHeader::Kind::index;
        }
        if (peek().is("IF") && peek(1).is("NOT") && peek(2).is("EXISTS")) pos_ += 3;
        if (at_end() || !peek().is_name()) return std::nullopt;
        header.name_offset = peek().offset;
        header.name = name();
        if (peek().is_symbol(".") && peek(1).is_name()) {
            ++pos_;
            header.name_offset = peek().offset;
            header.name = name();
        }
        return header;
    }

private:
    bool at_end() const { return pos_ >= tokens_.size(); }
    const Token& peek(std::size_t ahead = 0) const {
        static const Token end{TokenKind::symbol, "", 0};
        return pos_ + ahead < tokens_.size() ? tokens_[pos_ + ahead] : end;
    }
    [[noreturn]] void fail(const std::string& message) const {
        if (at_end()) throw SqlSyntaxError{message + " at the end of the statement", sql_.size()};
        throw SqlSyntaxError{message + " near \"" + std::string(peek().text) + "\"", peek().offset};
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
    void end_of_statement() {
        accept_symbol(";");
        if (!at_end()) fail("unexpected text");
    }
    ModelLocation location(std::size_t offset) const {
        const auto [line, column] = lines_.at(offset);
        return {line, column};
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

    // Moves past a balanced parenthesised group starting at the current "(".
    void skip_group() {
        if (!peek().is_symbol("(")) fail("expected '('");
        int depth = 0;
        do {
            if (at_end()) fail("unbalanced parentheses");
            if (peek().is_symbol("(")) ++depth;
            if (peek().is_symbol(")")) --depth;
            ++pos_;
        } while (depth > 0);
    }

    // The text of a parenthesised group, without its outer parentheses.
    std::string parenthesised() {
        const std::size_t open = pos_;
        skip_group();
        const std::size_t begin = tokens_[open].offset + 1;
        const std::size_t end = tokens_[pos_ - 1].offset;
        return std::string(text::trim(sql_.substr(begin, end - begin)));
    }

    std::string rest_of_statement() {
        if (at_end() || peek().is_symbol(";")) fail("expected an expression");
        const std::size_t first = pos_;
        while (!at_end() && !peek().is_symbol(";")) ++pos_;
        return text_between(first, pos_);
    }

    ConflictClause conflict_clause() {
        if (!(peek().is("ON") && peek(1).is("CONFLICT"))) return std::nullopt;
        pos_ += 2;
        for (const auto resolution : conflict_resolutions)
            if (accept(resolution)) return std::string(resolution);
        fail("expected ROLLBACK, ABORT, FAIL, IGNORE or REPLACE");
    }

    // ASC|DESC; true for DESC.
    bool sort_order() {
        if (accept("DESC")) return true;
        accept("ASC");
        return false;
    }

    // One entry of a sort list, up to the "," or ")" that ends it: an expression, then
    // COLLATE and ASC/DESC (and in a primary key's last entry, AUTOINCREMENT). Parentheses
    // and COLLATE around a column name leave it a column, as SQLite resolves them; the
    // outermost COLLATE is the one that counts.
    ListItem list_item(bool* autoincrement = nullptr) {
        ListItem item;
        item.first = pos_;
        int depth = 0;
        while (!at_end()) {
            if (depth == 0 && (peek().is_symbol(",") || peek().is_symbol(")"))) break;
            if (peek().is_symbol("(")) ++depth;
            if (peek().is_symbol(")")) --depth;
            ++pos_;
        }
        item.last = pos_;
        if (autoincrement && item.last > item.first && tokens_[item.last - 1].is("AUTOINCREMENT") && peek().is_symbol(")")) {
            *autoincrement = true;
            --item.last;
        }
        if (item.last > item.first && (tokens_[item.last - 1].is("DESC") || tokens_[item.last - 1].is("ASC"))) {
            item.descending = tokens_[item.last - 1].is("DESC");
            --item.last;
        }
        unwrap(item);
        if (item.last == item.first) fail("expected a column or an expression");
        return item;
    }

    // Strips COLLATE name at the end and parentheses around the whole, repeatedly.
    void unwrap(ListItem& item) const {
        for (;;) {
            const std::size_t size = item.last - item.first;
            if (size >= 3 && tokens_[item.last - 2].is("COLLATE") && tokens_[item.last - 1].is_name()) {
                if (!item.collate) item.collate = tokens_[item.last - 1].name();
                item.last -= 2;
            } else if (size >= 3 && tokens_[item.first].is_symbol("(") && closes(item.first, item.last - 1)) {
                ++item.first;
                --item.last;
            } else {
                return;
            }
        }
    }

    // Whether the ")" at `close` matches the "(" at `open`.
    bool closes(std::size_t open, std::size_t close) const {
        if (!tokens_[close].is_symbol(")")) return false;
        int depth = 0;
        for (std::size_t i = open; i <= close; ++i) {
            if (tokens_[i].is_symbol("(")) ++depth;
            if (tokens_[i].is_symbol(")") && --depth == 0) return i == close;
        }
        return false;
    }

    // A list item that must be a column: a name, quoted name or 'string'.
    std::string item_column(const ListItem& item) {
        if (item.last != item.first + 1 || !tokens_[item.first].is_name()) {
            pos_ = item.first;
            fail("expected a column name");
        }
        return tokens_[item.first].name();
    }

    // PRIMARY KEY (...) or UNIQUE (...): columns with their COLLATE and DESC. A primary key
    // may end in AUTOINCREMENT.
    KeyColumns key_list(bool* autoincrement) {
        KeyColumns key;
        expect_symbol("(");
        std::vector<KeyColumnOptions> options;
        bool any = false;
        do {
            const ListItem item = list_item(autoincrement);
            key.columns.push_back(item_column(item));
            options.push_back({item.collate, item.descending});
            any = any || item.collate || item.descending;
        } while (accept_symbol(","));
        expect_symbol(")");
        if (any) key.options = std::move(options);
        return key;
    }

    // Column names, with the COLLATE and ASC/DESC SQLite allows in them and ignores there.
    std::vector<std::string> name_list() {
        std::vector<std::string> names;
        expect_symbol("(");
        do {
            names.push_back(name());
            if (accept("COLLATE")) name();
            sort_order();
        } while (accept_symbol(","));
        expect_symbol(")");
        return names;
    }

    // Reads one column definition; returns the constraint name still pending at its end.
    std::optional<std::string> column(Table& table) {
        Column column;
        if (at_end() || !peek().is_name() || is_one_of(peek(), table_constraint_starts)) fail("expected a column name");
        column.declared_at = location(peek().offset);
        column.name = name();
        // The type: names and strings up to a reserved keyword, then at most one
        // parenthesised size. GENERATED and ALWAYS are ordinary names here.
        const std::size_t type_start = pos_;
        while (!at_end() && peek().is_name() && !is_one_of(peek(), type_stops)) ++pos_;
        if (pos_ > type_start && peek().is_symbol("(")) skip_group();
        if (pos_ > type_start) column.type = without_generated_always(text_between(type_start, pos_));

        // SQLite keeps a CONSTRAINT name until the next column and gives it to every CHECK
        // until then (it names the check in errors). Other constraints have no name in SQLite;
        // dbm keeps the one written right before them, for models that name them.
        std::optional<std::string> constraint_name, just_named;
        while (!at_end() && !peek().is_symbol(",") && !peek().is_symbol(")")) {
            if (accept("CONSTRAINT")) {
                constraint_name = just_named = name();
                continue;
            }
            if (false) {
            } else if (accept("PRIMARY")) {
                expect("KEY");
                PrimaryKey key;
                key.name = just_named;
                key.columns = {column.name};
                if (sort_order()) key.options = {{std::nullopt, true}};
                key.on_conflict = conflict_clause();
                key.autoincrement = accept("AUTOINCREMENT");
                table.primary_key = std::move(key);
            } else if (peek().is("NOT") && peek(1).is("NULL")) {
                pos_ += 2;
                column.nullable = false;
                column.not_null_conflict = conflict_clause();
            } else if (accept("NULL")) {
                conflict_clause();  // parsed and ignored by SQLite
            } else if (accept("UNIQUE")) {
                UniqueConstraint unique;
                unique.name = just_named;
                unique.columns = {column.name};
                unique.on_conflict = conflict_clause();
                table.uniques.push_back(std::move(unique));
            } else if (accept("CHECK")) {
                table.checks.push_back({constraint_name, parenthesised()});
            } else if (accept("DEFAULT")) {
                column.default_sql = default_value();
            } else if (accept("COLLATE")) {
                column.collate = name();
            } else if (accept("REFERENCES")) {
                ForeignKey key = references();
                key.name = just_named;
                key.columns = {column.name};
                table.foreign_keys.push_back(std::move(key));
            } else if (peek().is("DEFERRABLE") || (peek().is("NOT") && peek(1).is("DEFERRABLE"))) {
                // Applies to the table's latest foreign key, whichever column declared it.
                const bool deferred = defer_clause();
                if (!table.foreign_keys.empty()) table.foreign_keys.back().deferrable = deferred;
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
            just_named.reset();
        }
        table.columns.push_back(std::move(column));
        return constraint_name;
    }

    // After DEFAULT: ( expr ), a signed literal, a literal, or a name (SQLite reads a name as
    // a string). Kept exactly as written.
    std::string default_value() {
        const std::size_t first = pos_;
        if (peek().is_symbol("(")) {
            skip_group();
        } else {
            if (peek().is_symbol("-") || peek().is_symbol("+")) ++pos_;
            if (at_end() || peek().kind == TokenKind::symbol || peek().kind == TokenKind::variable)
                fail("expected a default value");
            ++pos_;
        }
        return text_between(first, pos_);
    }

    ForeignKey references() {
        ForeignKey key;
        key.referred_table = name();
        if (peek().is_symbol("(")) key.referred_columns = name_list();
        for (;;) {
            if (accept("MATCH")) {
                name();  // parsed and ignored by SQLite
            } else if (peek().is("ON") && !peek(1).is("CONFLICT")) {
                ++pos_;
                if (accept("INSERT")) {
                    action();  // parsed and ignored by SQLite
                } else if (accept("DELETE")) {
                    key.on_delete = action();
                } else {
                    expect("UPDATE");
                    key.on_update = action();
                }
            } else {
                return key;
            }
        }
    }

    std::string action() {
        if (accept("SET")) {
            if (accept("NULL")) return "SET NULL";
            expect("DEFAULT");
            return "SET DEFAULT";
        }
        if (accept("CASCADE")) return "CASCADE";
        if (accept("RESTRICT")) return "RESTRICT";
        expect("NO");
        expect("ACTION");
        return "NO ACTION";
    }

    // [NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]: true only for DEFERRABLE INITIALLY
    // DEFERRED.
    bool defer_clause() {
        const bool negated = accept("NOT");
        expect("DEFERRABLE");
        bool deferred = false;
        if (accept("INITIALLY")) {
            deferred = accept("DEFERRED");
            if (!deferred) expect("IMMEDIATE");
        }
        return deferred && !negated;
    }

    // Table constraints, each after an optional comma. A constraint name sticks until the
    // next comma.
    void table_constraints(Table& table, std::optional<std::string> constraint_name) {
        std::optional<std::string> just_named;
        for (;;) {
            const bool naming = accept("CONSTRAINT");
            if (naming) {
                constraint_name = just_named = name();
            } else if (accept("PRIMARY")) {
                expect("KEY");
                PrimaryKey key;
                bool autoincrement = false;
                static_cast<KeyColumns&>(key) = key_list(&autoincrement);
                key.name = just_named;
                key.autoincrement = autoincrement;
                key.on_conflict = conflict_clause();
                table.primary_key = std::move(key);
            } else if (accept("UNIQUE")) {
                UniqueConstraint unique;
                static_cast<KeyColumns&>(unique) = key_list(nullptr);
                unique.name = just_named;
                unique.on_conflict = conflict_clause();
                table.uniques.push_back(std::move(unique));
            } else if (accept("CHECK")) {
                table.checks.push_back({constraint_name, parenthesised()});
                conflict_clause();  // parsed and ignored by SQLite
            } else if (accept("FOREIGN")) {
                expect("KEY");
                std::vector<std::string> columns = name_list();
                expect("REFERENCES");
                ForeignKey key = references();
                key.name = just_named;
                key.columns = std::move(columns);
                if (peek().is("DEFERRABLE") || (peek().is("NOT") && peek(1).is("DEFERRABLE"))) key.deferrable = defer_clause();
                table.foreign_keys.push_back(std::move(key));
            } else {
                fail("expected a table constraint");
            }
            if (!naming) just_named.reset();
            if (accept_symbol(",")) {
                constraint_name.reset();
                just_named.reset();
                if (!is_one_of(peek(), table_constraint_starts)) fail("expected a table constraint");
            } else if (!is_one_of(peek(), table_constraint_starts)) {
                return;
            }
        }
    }

    // WITHOUT ROWID and STRICT, comma-separated.
    void table_options(Table& table) {
        if (at_end() || peek().is_symbol(";")) return;
        do {
            if (accept("WITHOUT")) {
                expect("ROWID");
                table.sqlite.without_rowid = true;
            } else if (accept("STRICT")) {
                table.sqlite.strict = true;
            } else {
                fail("expected WITHOUT ROWID or STRICT");
            }
        } while (accept_symbol(","));
    }

    IndexColumn indexed_column() {
        if (at_end() || peek().is_symbol(")")) fail("expected an indexed column");
        const ListItem item = list_item();
        IndexColumn column;
        column.collate = item.collate;
        column.descending = item.descending;
        if (item.last == item.first + 1 && tokens_[item.first].is_name()) {
            column.expression = tokens_[item.first].name();
        } else {
            column.expression = text_between(item.first, item.last);
            column.is_expression = true;
        }
        return column;
    }

    std::string_view sql_;
    std::vector<Token> tokens_;
    mutable text::LineCounter lines_{sql_};  // declarations are located in text order
    std::size_t pos_ = 0;
};

}  // namespace

Table parse_create_table(std::string_view sql) { return Parser(sql).create_table(); }

Index parse_create_index(std::string_view sql) { return Parser(sql).create_index(); }

TriggerHeader parse_create_trigger(std::string_view sql) { return Parser(sql).create_trigger(); }

VirtualTable parse_create_virtual_table(std::string_view sql) { return Parser(sql).create_virtual_table(); }

bool is_type_name(std::string_view type) {
    std::vector<Token> tokens;
    try {
        tokens = tokenize(type);
    } catch (const SqlSyntaxError&) {
        return false;
    }
    std::size_t i = 0;
    while (i < tokens.size() && tokens[i].kind == TokenKind::word && !is_one_of(tokens[i], type_stops) &&
           !is_one_of(tokens[i], table_constraint_starts))
        ++i;
    if (i == 0) return false;
    if (i == tokens.size()) return true;
    if (!tokens[i++].is_symbol("(")) return false;
    for (int numbers = 1;; ++numbers) {
        if (i < tokens.size() && (tokens[i].is_symbol("+") || tokens[i].is_symbol("-"))) ++i;
        if (!(i < tokens.size() && tokens[i++].kind == TokenKind::number)) return false;
        if (i < tokens.size() && tokens[i].is_symbol(",") && numbers < 2) {
            ++i;
            continue;
        }
        return i + 1 == tokens.size() && tokens[i].is_symbol(")");
    }
}

std::optional<CreateHeader> read_create_header(std::string_view sql) {
    try {
        return Parser(sql).create_header();
    } catch (const SqlSyntaxError&) {
        return std::nullopt;
    }
}

}  // namespace dbm::sql
