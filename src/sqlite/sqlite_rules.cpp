#include "sqlite/sqlite_rules.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "sqlite/sql_lexer.hpp"
#include "sqlite/sql_parser.hpp"
#include "util/text.hpp"

namespace dbm::sqlite {

namespace {

// Index of the parenthesis closing the one at `open`, or npos.
std::size_t matching(const std::vector<std::string>& tokens, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < tokens.size(); ++i) {
        if (tokens[i] == "(") ++depth;
        if (tokens[i] == ")" && --depth == 0) return i;
    }
    return std::string::npos;
}

// Whether the first token's "(" is closed by the last token.
bool closes_at_end(const std::vector<sql::Token>& tokens) {
    int depth = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].is_symbol("(")) ++depth;
        if (tokens[i].is_symbol(")") && --depth == 0) return i + 1 == tokens.size();
    }
    return false;
}

constexpr std::string_view without_rowid_key = "without_rowid";
constexpr std::string_view strict_key = "strict";

}  // namespace

std::string normalize_type(std::string_view type) {
    std::string out;
    bool pending_space = false;
    for (char c : text::trim(type)) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            pending_space = true;
            continue;
        }
        const bool punctuation = c == '(' || c == ')' || c == ',';
        if (pending_space && !punctuation && !out.empty() && out.back() != '(' && out.back() != ',') out += ' ';
        pending_space = false;
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string normalize_sql(std::string_view sql) {
    std::vector<std::string> tokens;
    try {
        for (const sql::Token& token : sql::tokenize(sql)) {
            switch (token.kind) {
            case sql::TokenKind::word:
            case sql::TokenKind::quoted: {
                std::string name = text::lower(token.name());
                if (token.kind == sql::TokenKind::word && name == "true") name = "1";
                if (token.kind == sql::TokenKind::word && name == "false") name = "0";
                tokens.push_back(std::move(name));
                break;
            }
            case sql::TokenKind::symbol:
                if (token.text == ";") break;
                tokens.emplace_back(token.text == "==" ? "=" : token.text == "<>" ? "!=" : std::string(token.text));
                break;
            default:
                tokens.emplace_back(token.text);
            }
        }
    } catch (const sql::SqlSyntaxError&) {
        return text::one_line(sql, std::string::npos);
    }
    std::size_t begin = 0, end = tokens.size();
    // tokens[begin, end) stays balanced, so the parenthesis at `begin` closes inside it.
    while (end - begin >= 2 && tokens[begin] == "(" && matching(tokens, begin) == end - 1) {
        ++begin;
        --end;
    }
    std::string out;
    for (std::size_t i = begin; i < end; ++i) {
        if (i > begin) out += ' ';
        out += tokens[i];
    }
    return out;
}

Affinity type_affinity(std::string_view declared_type) {
    const std::string type = text::lower(declared_type);
    const auto has = [&](std::string_view part) { return type.find(part) != std::string::npos; };
    if (has("int")) return Affinity::integer;
    if (has("char") || has("clob") || has("text")) return Affinity::text;
    if (has("blob") || type.empty()) return Affinity::blob;
    if (has("real") || has("floa") || has("doub")) return Affinity::real;
    return Affinity::numeric;
}

bool same_name(std::string_view a, std::string_view b) { return text::iequals(a, b); }

const Column* rowid_alias(const Table& table) {
    if (table.sqlite.without_rowid || !table.primary_key || table.primary_key->columns.size() != 1) return nullptr;
    // INTEGER PRIMARY KEY DESC is not the rowid (lang_createtable, "ROWIDs and the INTEGER
    // PRIMARY KEY"); the type must be INTEGER exactly.
    if (table.primary_key->options_of(0).descending) return nullptr;
    const Column* column = table.find_column(table.primary_key->columns.front(), rules());
    return column && text::iequals(column->type, "INTEGER") ? column : nullptr;
}

std::optional<std::string> external_content_of(const VirtualTable& table) {
    if (!text::iequals(table.module, "fts4") && !text::iequals(table.module, "fts5")) return std::nullopt;
    try {
        const auto tokens = sql::tokenize(table.arguments);
        // Arguments are comma-separated at the top level; one of them is content = name.
        int depth = 0;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (tokens[i].is_symbol("(")) ++depth;
            if (tokens[i].is_symbol(")")) --depth;
            const bool starts_argument = i == 0 || (depth == 0 && tokens[i - 1].is_symbol(","));
            if (!starts_argument || !tokens[i].is_name() || !text::iequals(tokens[i].name(), "content")) continue;
            if (i + 2 < tokens.size() && tokens[i + 1].is_symbol("=") && tokens[i + 2].is_name() &&
                !tokens[i + 2].name().empty())
                return tokens[i + 2].name();
            return std::nullopt;
        }
    } catch (const sql::SqlSyntaxError&) {
    }
    return std::nullopt;
}

std::string sql_type_for(std::string_view generic) {
    const std::string trimmed(text::trim(generic));
    const auto open = trimmed.find('(');
    const std::string base = text::lower(text::trim(trimmed.substr(0, open)));
    const std::string arguments =
        open == std::string::npos ? std::string() : trimmed.substr(open + 1, trimmed.rfind(')') - open - 1);
    const auto with_arguments = [&](const char* sql_name) {
        if (arguments.empty()) return std::string(sql_name);
        return fmt::format("{}({})", sql_name, text::join(text::split_list(arguments, ','), ", "));
    };
    if (base == "integer") return "INTEGER";
    if (base == "big_integer") return "BIGINT";
    if (base == "small_integer") return "SMALLINT";
    if (base == "string") return with_arguments("VARCHAR");
    if (base == "text") return "TEXT";
    if (base == "boolean") return "BOOLEAN";
    if (base == "float") return "FLOAT";
    if (base == "numeric") return with_arguments("NUMERIC");
    if (base == "date") return "DATE";
    if (base == "datetime") return "DATETIME";
    if (base == "time") return "TIME";
    if (base == "blob") return "BLOB";
    if (base == "json") return "JSON";
    return trimmed;
}

const SqliteRules& rules() {
    static const SqliteRules instance;
    return instance;
}

bool SqliteRules::same_name(std::string_view a, std::string_view b) const { return sqlite::same_name(a, b); }

std::string SqliteRules::name_key(std::string_view name) const { return text::lower(name); }

std::optional<std::string> SqliteRules::reserved_name(std::string_view name) const {
    if (text::lower(name).starts_with("sqlite_")) return "SQLite reserves names beginning with 'sqlite_'";
    return std::nullopt;
}

std::string SqliteRules::normalize_type(std::string_view type) const { return sqlite::normalize_type(type); }

std::string SqliteRules::normalize_sql(std::string_view sql) const { return sqlite::normalize_sql(sql); }

std::string SqliteRules::collation_key(const std::optional<std::string>& collate) const {
    return text::lower(collate.value_or("binary"));
}

const Column* SqliteRules::row_key_alias(const Table& table) const { return rowid_alias(table); }

std::vector<schema::Operation> SqliteRules::table_option_changes(const Table& current, const Table& wanted) const {
    std::vector<schema::Operation> changes;
    if (current.sqlite.without_rowid != wanted.sqlite.without_rowid)
        changes.push_back(schema::ChangeTableOption{wanted.name, "WITHOUT ROWID", wanted.sqlite.without_rowid});
    if (current.sqlite.strict != wanted.sqlite.strict)
        changes.push_back(schema::ChangeTableOption{wanted.name, "STRICT", wanted.sqlite.strict});
    return changes;
}

std::vector<std::string> SqliteRules::table_option_keys() const {
    return {std::string(without_rowid_key), std::string(strict_key)};
}

void SqliteRules::set_table_option(Table& table, std::string_view key, bool on) const {
    (key == without_rowid_key ? table.sqlite.without_rowid : table.sqlite.strict) = on;
}

std::vector<std::string> SqliteRules::table_options_set(const Table& table) const {
    std::vector<std::string> keys;
    if (table.sqlite.without_rowid) keys.emplace_back(without_rowid_key);
    if (table.sqlite.strict) keys.emplace_back(strict_key);
    return keys;
}

std::optional<TableProblem> SqliteRules::check_table(const Table& table) const {
    if (table.sqlite.strict) {
        for (const Column& column : table.columns) {
            const std::string type = sqlite::normalize_type(column.type);
            if (type != "INT" && type != "INTEGER" && type != "REAL" && type != "TEXT" && type != "BLOB" && type != "ANY")
                return TableProblem{fmt::format("table '{}' is strict: column '{}' must be integer, text, blob, REAL, "
                                                "INT or ANY, not {}",
                                                table.name, column.name, column.type),
                                    column.declared_at};
        }
    }
    if (table.sqlite.without_rowid && !table.primary_key)
        return TableProblem{fmt::format("table '{}' is without_rowid and needs a primary key", table.name), table.declared_at};
    if (table.sqlite.without_rowid && table.primary_key && table.primary_key->autoincrement)
        return TableProblem{fmt::format("table '{}' is without_rowid and cannot use autoincrement", table.name),
                            table.declared_at};
    return std::nullopt;
}

bool SqliteRules::can_autoincrement(const Column& column) const { return sqlite::normalize_type(column.type) == "INTEGER"; }

bool SqliteRules::virtual_table_holds_rows(const VirtualTable& table) const { return !external_content_of(table); }

// ALTER TABLE only adds, renames and drops columns; every other change to a table is the
// rebuild (SQLITE-NOTES.md: create the new table, copy every row, drop, rename).
bool SqliteRules::rebuilds_table(const schema::Operation& operation) const {
    return std::holds_alternative<schema::AlterColumn>(operation) || std::holds_alternative<schema::AddConstraint>(operation) ||
           std::holds_alternative<schema::DropConstraint>(operation) ||
           std::holds_alternative<schema::AlterConstraint>(operation) ||
           std::holds_alternative<schema::ChangeTableOption>(operation);
}

std::string SqliteRules::rename_in_sql(const std::string& sql, const NameMap& renames) const {
    if (renames.empty()) return sql;
    std::string out;
    std::size_t copied = 0;
    for (const auto& token : sql::tokenize(sql)) {
        if (!token.is_identifier()) continue;
        const auto it = renames.find(name_key(token.name()));
        if (it == renames.end()) continue;
        out.append(sql, copied, token.offset - copied);
        out += sql::identifier(it->second);
        copied = token.offset + token.text.size();
    }
    out.append(sql, copied, std::string::npos);
    return out;
}

std::string SqliteRules::declared_type(std::string_view generic) const { return sql_type_for(generic); }

// The generic names of SPEC §4, for declarations that are exactly what they map to.
std::string SqliteRules::generic_type(const std::string& type) const {
    const auto open = type.find('(');
    const std::string base = type.substr(0, open);
    const std::string arguments = open == std::string::npos ? std::string() : type.substr(open);
    static const std::pair<const char*, const char*> names[] = {
        {"INTEGER", "integer"}, {"BIGINT", "big_integer"}, {"SMALLINT", "small_integer"}, {"VARCHAR", "string"},
        {"TEXT", "text"},       {"BOOLEAN", "boolean"},    {"FLOAT", "float"},            {"NUMERIC", "numeric"},
        {"DATE", "date"},       {"DATETIME", "datetime"},  {"TIME", "time"},              {"BLOB", "blob"},
        {"JSON", "json"}};
    for (const auto& [declared, generic] : names) {
        if (base != declared) continue;
        const std::string candidate = generic + arguments;
        if (sql_type_for(candidate) == type) return candidate;
    }
    return {};
}

bool SqliteRules::is_type_name(std::string_view type) const { return sql::is_type_name(type); }

std::string SqliteRules::sample_literal(const Column& column) const {
    switch (type_affinity(column.type)) {
    case Affinity::text: return "'x'";
    case Affinity::blob: return "x'78'";
    case Affinity::real: return "1.5";
    default: return "1";
    }
}

std::string SqliteRules::default_expression(std::string_view expression) const {
    // SQLite takes a bare keyword or literal after DEFAULT; anything else needs parentheses.
    const auto tokens = sql::tokenize(expression);
    return tokens.size() == 1 ? std::string(expression) : "(" + std::string(expression) + ")";
}

DefaultValue SqliteRules::read_default(const std::string& sql) const {
    std::vector<sql::Token> tokens;
    try {
        tokens = sql::tokenize(sql);
    } catch (const sql::SqlSyntaxError&) {
    }
    const bool signed_number = tokens.size() == 2 && (tokens[0].is_symbol("-") || tokens[0].is_symbol("+")) &&
                               tokens[1].kind == sql::TokenKind::number && tokens[1].offset == tokens[0].offset + 1;
    const bool number = (tokens.size() == 1 && tokens[0].kind == sql::TokenKind::number) || signed_number;
    const std::string text(text::trim(sql));
    if (number && text.find_first_not_of("0123456789+-.eE") == std::string::npos)
        return {DefaultValue::Kind::number, text};
    if (tokens.size() == 1 && tokens[0].kind == sql::TokenKind::string) return {DefaultValue::Kind::string, tokens[0].name()};
    if (tokens.size() >= 2 && tokens.front().is_symbol("(") && closes_at_end(tokens)) {
        const std::size_t begin = tokens.front().offset + 1, end = tokens.back().offset;
        return {DefaultValue::Kind::expression, std::string(text::trim(std::string_view(sql).substr(begin, end - begin)))};
    }
    return {DefaultValue::Kind::expression, text};
}

void SqliteRules::check_sql(std::string_view sql) const { sql::tokenize(sql); }

bool SqliteRules::is_create_statement(std::string_view sql) const {
    const auto tokens = sql::tokenize(sql);
    return !tokens.empty() && tokens.front().is("CREATE");
}

IndexColumn SqliteRules::read_index_column(std::string_view entry) const {
    const Index parsed = sql::parse_create_index("CREATE INDEX x ON t (" + std::string(entry) + ")");
    if (parsed.columns.size() != 1) throw sql::SqlSyntaxError{"one column or expression per entry", 0};
    return parsed.columns.front();
}

std::string SqliteRules::trigger_table(std::string_view create_trigger) const {
    return sql::parse_create_trigger(create_trigger).table;
}

VirtualTable SqliteRules::read_virtual_table(std::string_view create_virtual_table) const {
    return sql::parse_create_virtual_table(create_virtual_table);
}

std::string SqliteRules::create_view_prefix(const std::string& name) const {
    return "CREATE VIEW " + text::quoted(name, '"') + " AS ";
}

std::string SqliteRules::create_virtual_table_prefix(const std::string& name) const {
    return "CREATE VIRTUAL TABLE " + text::quoted(name, '"') + " USING ";
}

}  // namespace dbm::sqlite
