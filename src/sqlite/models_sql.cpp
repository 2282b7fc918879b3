// Models as plain SQL: the CREATE statements run in an in-memory SQLite database, which
// is then introspected like any other. SQLite itself is the parser. What SQL cannot say
// comes from comments: `-- @renamed from=old_name` on the line of a renamed column or
// table (the form sqldef users write).
#include <fmt/format.h>

#include "dbm/backend.hpp"
#include "dbm/error.hpp"
#include "sqlite/introspect.hpp"
#include "sqlite/sqlite_backend.hpp"
#include "schema/models.hpp"
#include "schema/rename_plan.hpp"
#include "sqlite/sql_parser.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace dbm::schema {

namespace {

// A rename hint: the line it is on and the old name.
struct RenameHint {
    int line = 0;
    int column = 0;
    std::string from;
    bool used = false;
};

// The name after `from=`: bare, or quoted as SQL quotes names.
std::string hint_name(std::string_view text) {
    if (text.empty()) return {};
    const char open = text.front();
    const char close = open == '[' ? ']' : open;
    if (open == '"' || open == '`' || open == '[' || open == '\'') {
        for (std::size_t i = 1; i < text.size(); ++i) {
            if (text[i] != close) continue;
            if (open != '[' && i + 1 < text.size() && text[i + 1] == close) {
                ++i;
                continue;
            }
            return open == '[' ? std::string(text.substr(1, i - 1)) : text::undoubled(text.substr(1, i - 1), close);
        }
        return {};
    }
    std::size_t end = 0;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    return std::string(text.substr(0, end));
}

// Every `-- @renamed from=NAME` line comment of the file, skipping strings, quoted names
// and block comments, where "--" means nothing.
std::vector<RenameHint> rename_hints(std::string_view sql) {
    std::vector<RenameHint> hints;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'' || c == '"' || c == '`' || c == '[') {
            const char close = c == '[' ? ']' : c;
            const auto end = sql.find(close, i + 1);
            if (end == std::string_view::npos) break;
            i = end;
        } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            const auto end = sql.find("*/", i + 2);
            if (end == std::string_view::npos) break;
            i = end + 1;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            const auto end = std::min(sql.find('\n', i), sql.size());
            const std::string_view comment = text::trim(sql.substr(i + 2, end - i - 2));
            constexpr std::string_view marker = "@renamed from=";
            if (comment.substr(0, marker.size()) == marker) {
                const auto [line, column] = text::line_column_at(sql, i);
                hints.push_back({line, column, hint_name(comment.substr(marker.size())), false});
            }
            i = end;
        }
    }
    return hints;
}

// SQLite makes these itself; `sqlite3 app.db .schema` prints them.
bool sqlite_internal(const std::string& name) {
    return text::iequals(name, "sqlite_sequence") || text::starts_with_icase(name, "sqlite_stat");
}

class SqlModels {
public:
    SqlModels(std::string_view contents, std::string file) : contents_(contents), file_(std::move(file)) {}

    Models load() {
        Models models;
        const auto connection = open_scratch("sqlite");
        statements_ = connection->dialect().split_statements(contents_);
        for (const ScriptStatement& statement : statements_) {
            const auto header = sql::read_create_header(statement.text);
            // Only schema statements run: a models file may come from a pull request, and
            // read-only commands must write nothing (no INSERT, ATTACH, VACUUM INTO, PRAGMA).
            if (!header)
                throw InputError(fmt::format("only CREATE TABLE, INDEX, VIEW, TRIGGER and VIRTUAL TABLE statements belong in "
                                             "SQL models, not `{}`",
                                             text::one_line(statement.text, 40)),
                                 location(statement.offset));
            if (header->kind == sql::CreateHeader::Kind::table && sqlite_internal(header->name)) {
                models.warnings.push_back(warning(statement.offset, fmt::format("skipped CREATE TABLE {}: SQLite makes and "
                                                                                "keeps that table itself",
                                                                                header->name)));
                continue;
            }
            if (header->temporary)
                models.warnings.push_back(warning(statement.offset, fmt::format("temporary {} is not part of the schema; "
                                                                                "dbm leaves it out",
                                                                                header->name)));
            try {
                connection->execute(statement.text, {});
            } catch (const Error& error) {
                throw InputError(error.what(), location(statement.offset));
            }
        }
        try {
            models.schema = connection->introspect({});
        } catch (const UnreadableDefinition& error) {
            throw unreadable(error);
        }
        models.schema.manages_views = true;
        models.schema.manages_triggers = true;
        models.schema.manages_virtual_tables = true;
        locate_tables(models);
        apply_rename_hints(models);
        return models;
    }

private:
    SourceLocation location(std::size_t offset) const {
        const auto [line, column] = text::line_column_at(contents_, offset);
        return {file_, line, column};
    }

    std::string warning(std::size_t offset, const std::string& message) const {
        const SourceLocation where = location(offset);
        return fmt::format("{}:{}:{}: warning: {}", where.file, where.line, where.column, message);
    }

    // The statement that created `name`, read again by dbm to point at what it cannot read.
    InputError unreadable(const UnreadableDefinition& error) const {
        for (const ScriptStatement& statement : statements_) {
            const auto header = sql::read_create_header(statement.text);
            if (!header || !text::iequals(header->name, error.object_name())) continue;
            try {
                sql::parse_create_table(statement.text);
            } catch (const sql::SqlSyntaxError& syntax) {
                return InputError(fmt::format("cannot read the definition of '{}': {}", header->name, syntax.message),
                                  location(statement.offset + std::min(syntax.offset, statement.text.size())));
            }
            return InputError(error.what(), location(statement.offset));
        }
        return InputError(error.what(), {file_, 0, 0});
    }

    // Each table is said to be declared where its CREATE TABLE statement starts, so that
    // errors about it name that line (the tables themselves come from introspection).
    void locate_tables(Models& models) const {
        for (const ScriptStatement& statement : statements_) {
            const auto header = sql::read_create_header(statement.text);
            if (!header || header->kind != sql::CreateHeader::Kind::table) continue;
            for (Table& table : models.schema.tables)
                if (text::iequals(table.name, header->name)) {
                    const SourceLocation where = location(statement.offset);
                    table.declared_at = {where.line, where.column};
                }
        }
    }

    // Each hint renames the column whose definition starts on its line, or else the table
    // whose CREATE TABLE statement spans it (or ends on it: a comment after the ";").
    void apply_rename_hints(Models& models) {
        std::vector<RenameHint> hints = rename_hints(contents_);
        if (hints.empty()) return;
        for (const ScriptStatement& statement : statements_) {
            const auto header = sql::read_create_header(statement.text);
            if (!header || header->kind != sql::CreateHeader::Kind::table) continue;
            Table* table = nullptr;
            for (Table& candidate : models.schema.tables)
                if (text::iequals(candidate.name, header->name)) table = &candidate;
            if (!table) continue;
            const int first_line = location(statement.offset).line;
            const int last_line = location(statement.offset + statement.text.size()).line;
            Table declared;
            try {
                declared = sql::parse_create_table(statement.text);
            } catch (const sql::SqlSyntaxError&) {
                // CREATE TABLE ... AS SELECT: no column is declared on any line.
            }
            for (RenameHint& hint : hints) {
                if (hint.used || hint.line < first_line || hint.line > last_line) continue;
                hint.used = true;
                Column* renamed = nullptr;
                for (const Column& column : declared.columns)
                    if (first_line + column.declared_at.line - 1 == hint.line)
                        for (Column& live : table->columns)
                            if (text::iequals(live.name, column.name)) renamed = &live;
                if (renamed)
                    renamed->renamed_from = hint.from;
                else
                    table->renamed_from = hint.from;
            }
        }
        for (const RenameHint& hint : hints)
            if (!hint.used)
                models.warnings.push_back(fmt::format("{}:{}:{}: warning: '@renamed from={}' is not on the line of a "
                                                      "column or in a CREATE TABLE statement; it renames nothing",
                                                      file_, hint.line, hint.column, hint.from));
    }

    std::string_view contents_;
    std::string file_;
    std::vector<ScriptStatement> statements_;
};

}  // namespace

}  // namespace dbm::schema

namespace dbm::sqlite {

schema::Models parse_models_sql(std::string_view contents, const std::string& file) {
    return schema::SqlModels(contents, file).load();
}

}  // namespace dbm::sqlite
