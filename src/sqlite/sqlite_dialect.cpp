#include "sqlite/sqlite_dialect.hpp"

#include <cctype>


#include "sqlite/render.hpp"
#include "sqlite/sql_lexer.hpp"
#include "sqlite/sqlite_rules.hpp"
#include "sqlite/statement_splitter.hpp"
#include "util/text.hpp"

namespace dbm::sqlite {

const SqliteDialect& dialect() {
    static const SqliteDialect instance;
    return instance;
}

std::string SqliteDialect::quote_identifier(std::string_view name) const { return text::quoted(name, '"'); }

std::string SqliteDialect::quote_literal(std::string_view value) const { return text::quoted(value, '\''); }

std::size_t skip_blanks_and_comments(std::string_view sql, std::size_t pos) {
    while (pos < sql.size()) {
        const char c = sql[pos];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++pos;
        } else if (c == '-' && pos + 1 < sql.size() && sql[pos + 1] == '-') {
            const auto end = sql.find('\n', pos);
            pos = end == std::string_view::npos ? sql.size() : end + 1;
        } else if (c == '/' && pos + 1 < sql.size() && sql[pos + 1] == '*') {
            const auto end = sql.find("*/", pos + 2);
            pos = end == std::string_view::npos ? sql.size() : end + 2;
        } else {
            break;
        }
    }
    return pos;
}

std::vector<ScriptStatement> SqliteDialect::split_statements(std::string_view script) const {
    std::vector<ScriptStatement> statements;
    std::size_t start = 0;
    const auto add = [&](std::size_t end) {
        const std::size_t begin = skip_blanks_and_comments(script, start);
        if (begin < end) {
            std::string_view text = text::trim(script.substr(begin, end - begin));
            if (text != ";") statements.push_back({std::string(text), begin});
        }
        start = end;
    };
    for (const std::size_t end : statement_ends(script)) add(end);
    // A last statement without its semicolon still runs, as in the sqlite3 shell.
    add(script.size());
    return statements;
}

bool SqliteDialect::controls_transaction(std::string_view statement) const {
    std::size_t pos = 0;
    const auto next_word = [&] {
        pos = skip_blanks_and_comments(statement, pos);
        const std::size_t begin = pos;
        while (pos < statement.size() && std::isalpha(static_cast<unsigned char>(statement[pos]))) ++pos;
        return text::lower(statement.substr(begin, pos - begin));
    };
    const std::string keyword = next_word();
    if (keyword == "begin" || keyword == "commit" || keyword == "end" || keyword == "vacuum") return true;
    if (keyword != "rollback") return false;
    // ROLLBACK [TRANSACTION] TO a savepoint stays inside the transaction; ROLLBACK ends it.
    std::string word = next_word();
    if (word == "transaction") word = next_word();
    return word != "to";
}

std::string SqliteDialect::now_expression() const { return "strftime('%Y-%m-%d %H:%M:%f', 'now')"; }

std::string SqliteDialect::script_begin() const {
    // .bail makes the sqlite3 shell stop at the first error; the transaction then never
    // commits. foreign_keys must be switched off before BEGIN: inside it, it is a no-op.
    return ".bail on\n"
           "PRAGMA foreign_keys = OFF;\n"
           "BEGIN IMMEDIATE;\n";
}

std::string SqliteDialect::script_usage(const std::string& database) const {
    return "-- Run it with: sqlite3 " + database + " < this-script.sql\n";
}

std::string SqliteDialect::script_check_and_commit() const {
    // Plain SQL cannot branch, so the foreign-key check fails a CHECK constraint when
    // pragma_foreign_key_check returns any row; under .bail the script stops before COMMIT.
    return "-- Abort before COMMIT if any foreign key is broken.\n"
           "CREATE TEMP TABLE dbm_foreign_key_check (violations INTEGER CHECK (violations = 0));\n"
           "INSERT INTO dbm_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;\n"
           "DROP TABLE dbm_foreign_key_check;\n" +
           script_commit();
}

std::string SqliteDialect::script_commit() const { return "COMMIT;\n"; }

std::string SqliteDialect::render(const std::vector<schema::Operation>& operations, const Schema& from,
                                  const Schema& to) const {
    return schema::render_sqlite(operations, from, to);
}

const SchemaRules& SqliteDialect::schema_rules() const { return rules(); }

std::vector<Dialect::NameAt> SqliteDialect::names_in(std::string_view statement) const {
    std::vector<NameAt> names;
    try {
        for (const sql::Token& token : sql::tokenize(statement))
            if (token.is_name()) names.push_back({token.name(), token.offset});
    } catch (const sql::SqlSyntaxError&) {
        return {};
    }
    return names;
}

std::string SqliteDialect::explain_error(const std::string& message) const {
    // A rendered preflight stops the migration through a JSON path error, the one SQLite
    // error outside a trigger whose message carries computed text (render_sqlite.cpp).
    constexpr std::string_view prefix = "JSON path error near '";
    if (message.rfind(prefix, 0) != 0 || message.size() <= prefix.size() + 12 ||
        message.compare(prefix.size(), 11, "preflight: ") != 0)
        return message;
    // SQLite quotes the path as an SQL string: undo its doubled quotes.
    return text::undoubled(std::string_view(message).substr(prefix.size() + 11, message.size() - prefix.size() - 12), '\'');
}

}  // namespace dbm::sqlite
