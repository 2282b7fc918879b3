#include "core/program_autogenerate.hpp"

#include <optional>

#include <fmt/format.h>

#include "core/program_schema.hpp"
#include "dbm/error.hpp"
#include "schema/compare.hpp"
#include "util/text.hpp"

namespace dbm {

namespace {

using protocol::SchemaChange;

// A C++ string literal of `text` (octal escapes: they end after three digits).
std::string cpp_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (byte < 0x20 || byte == 0x7f) {
            out += fmt::format("\\{:03o}", byte);
        } else {
            out += c;
        }
    }
    return out + "\"";
}

// The raw string literal R"sql(...)sql" of a statement, with a delimiter it does not hold.
std::string raw_string(std::string_view text) {
    std::string delimiter = "sql";
    for (int n = 1; text.find(")" + delimiter + "\"") != std::string_view::npos; ++n) delimiter = fmt::format("sql{}", n);
    return fmt::format("R\"{0}({1}){0}\"", delimiter, text);
}

// Outer parentheses that enclose the whole of `sql` (quotes skipped), if any.
bool enclosed_in_parentheses(std::string_view sql) {
    if (sql.size() < 2 || sql.front() != '(' || sql.back() != ')') return false;
    int depth = 0;
    char quote = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"' || c == '`') {
            quote = c;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')' && --depth == 0 && i + 1 < sql.size()) {
            return false;
        }
    }
    return depth == 0;
}

class Writer {
public:
    explicit Writer(const SchemaRules& rules) : rules_(rules) {}

    // The request for an operation that has an op call; none for one that has not (its
    // remaining clauses are caught when the calls are replayed and compared).
    std::optional<SchemaChangeRequest> request(const schema::Operation& operation) const {
        SchemaChangeRequest r;
        if (const auto* create = std::get_if<schema::CreateTable>(&operation)) {
            r.kind = SchemaChange::create_table;
            r.table = create->table.name;
            const auto& key = create->table.primary_key;
            for (const Column& column : create->table.columns) {
                ProgramColumn given = program_column(column);
                given.primary_key = key && std::any_of(key->columns.begin(), key->columns.end(), [&](const std::string& k) {
                                        return rules_.same_name(k, column.name);
                                    });
                r.columns.push_back(std::move(given));
            }
        } else if (const auto* drop = std::get_if<schema::DropTable>(&operation)) {
            r.kind = SchemaChange::drop_table;
            r.table = drop->table.name;
        } else if (const auto* rename = std::get_if<schema::RenameTable>(&operation)) {
            r.kind = SchemaChange::rename_table;
            r.table = rename->from;
            r.to = rename->to;
        } else if (const auto* add = std::get_if<schema::AddColumn>(&operation)) {
            r.kind = SchemaChange::add_column;
            r.table = add->table;
            r.columns.push_back(program_column(add->column));
        } else if (const auto* drop_column = std::get_if<schema::DropColumn>(&operation)) {
            r.kind = SchemaChange::drop_column;
            r.table = drop_column->table;
            r.name = drop_column->column.name;
        } else if (const auto* rename_column = std::get_if<schema::RenameColumn>(&operation)) {
            r.kind = SchemaChange::rename_column;
            r.table = rename_column->table;
            r.name = rename_column->from;
            r.to = rename_column->to;
        } else if (const auto* alter = std::get_if<schema::AlterColumn>(&operation)) {
            r.kind = SchemaChange::alter_column;
            r.table = alter->table;
            r.name = alter->before.name;
            if (alter->before.type != alter->after.type) r.type = program_type(alter->after.type);
            if (alter->before.nullable != alter->after.nullable) r.nullable = alter->after.nullable;
            if (alter->before.default_sql != alter->after.default_sql) {
                if (alter->after.default_sql)
                    r.default_sql = program_default(*alter->after.default_sql);
                else
                    r.drop_default = true;
            }
        } else if (const auto* index = std::get_if<schema::CreateIndex>(&operation)) {
            r.kind = SchemaChange::create_index;
            r.name = index->index.name;
            r.table = index->index.table;
            r.unique = index->index.unique;
            for (const auto& column : index->index.columns) {
                if (column.is_expression) return std::nullopt;
                r.index_columns.push_back(column.expression);
            }
        } else if (const auto* drop_index = std::get_if<schema::DropIndex>(&operation)) {
            r.kind = SchemaChange::drop_index;
            r.name = drop_index->index.name;
        } else {
            return std::nullopt;  // constraints, table options, views, triggers, virtual tables
        }
        return r;
    }

    // The op call of a request, as a line of the function body.
    std::string call(const SchemaChangeRequest& r) const {
        switch (r.kind) {
        case SchemaChange::create_table: {
            std::string out = fmt::format("    op.create_table({}, {{\n", cpp_string(r.table));
            for (const ProgramColumn& column : r.columns) out += "        " + column_literal(column) + ",\n";
            return out + "    });\n";
        }
        case SchemaChange::drop_table: return fmt::format("    op.drop_table({});\n", cpp_string(r.table));
        case SchemaChange::rename_table:
            return fmt::format("    op.rename_table({}, {});\n", cpp_string(r.table), cpp_string(r.to));
        case SchemaChange::add_column: {
            const ProgramColumn& column = r.columns.front();
            if (column.nullable && !column.primary_key && !column.default_sql)
                return fmt::format("    op.add_column({}, {}, {});\n", cpp_string(r.table), cpp_string(column.name),
                                   cpp_string(column.type));
            return fmt::format("    op.add_column({}, {});\n", cpp_string(r.table), column_literal(column));
        }
        case SchemaChange::drop_column:
            return fmt::format("    op.drop_column({}, {});\n", cpp_string(r.table), cpp_string(r.name));
        case SchemaChange::rename_column:
            return fmt::format("    op.rename_column({}, {}, {});\n", cpp_string(r.table), cpp_string(r.name),
                               cpp_string(r.to));
        case SchemaChange::alter_column: {
            std::vector<std::string> fields;
            if (r.type) fields.push_back(".type = " + cpp_string(*r.type));
            if (r.nullable) fields.push_back(std::string(".nullable = ") + (*r.nullable ? "true" : "false"));
            if (r.default_sql) fields.push_back(".default_sql = " + cpp_string(*r.default_sql));
            if (r.drop_default) fields.push_back(".drop_default = true");
            return fmt::format("    op.alter_column({}, {}, {{{}}});\n", cpp_string(r.table), cpp_string(r.name),
                               text::join(fields, ", "));
        }
        case SchemaChange::create_index: {
            std::vector<std::string> columns;
            for (const std::string& column : r.index_columns) columns.push_back(cpp_string(column));
            return fmt::format("    op.create_index({}, {}, {{{}}}{});\n", cpp_string(r.name), cpp_string(r.table),
                               text::join(columns, ", "), r.unique ? ", true" : "");
        }
        case SchemaChange::drop_index: return fmt::format("    op.drop_index({});\n", cpp_string(r.name));
        }
        throw Error("an unknown schema operation");
    }

private:
    ProgramColumn program_column(const Column& column) const {
        ProgramColumn given;
        given.name = column.name;
        given.type = program_type(column.type);
        given.nullable = column.nullable;
        if (column.default_sql) given.default_sql = program_default(*column.default_sql);
        return given;
    }

    // The generic type when the declaration is exactly one (portable), else the declaration.
    std::string program_type(const std::string& declared) const {
        const std::string generic = rules_.generic_type(declared);
        return !generic.empty() && rules_.declared_type(generic) == declared ? generic : declared;
    }

    // The DEFAULT as the API takes it: the engine adds the parentheses it needs.
    std::string program_default(const std::string& sql) const {
        if (rules_.default_expression(sql) == sql || !enclosed_in_parentheses(sql)) return sql;
        const std::string inner = sql.substr(1, sql.size() - 2);
        return rules_.default_expression(inner) == sql ? inner : sql;
    }

    static std::string column_literal(const ProgramColumn& column) {
        std::string out = fmt::format("dbm::Column{{.name = {}, .type = {}", cpp_string(column.name), cpp_string(column.type));
        if (!column.nullable && !column.primary_key) out += ", .nullable = false";
        if (column.primary_key) out += ", .primary_key = true";
        if (column.default_sql) out += ", .default_sql = " + cpp_string(*column.default_sql);
        return out + "}";
    }

    const SchemaRules& rules_;
};

// Names as introspection gives them: nothing remembers what it was renamed from.
void forget_renames(Schema& schema) {
    for (Table& table : schema.tables) {
        table.renamed_from.reset();
        for (Column& column : table.columns) column.renamed_from.reset();
    }
}

// The op calls, and the SQL they run, when every operation has one and together they reach
// `to`; none otherwise.
std::optional<ProgramSource> as_op_calls(const std::vector<schema::Operation>& operations, const Schema& from,
                                         const Schema& to, const Dialect& dialect) {
    const SchemaRules& rules = dialect.schema_rules();
    const Writer writer(rules);
    ProgramSource source;
    source.op_calls = true;
    Schema state = from;
    forget_renames(state);
    for (const auto& operation : operations) {
        const auto request = writer.request(operation);
        if (!request) return std::nullopt;
        Schema next = state;
        try {
            apply_schema_change(*request, next, rules);
        } catch (const Error&) {
            return std::nullopt;
        }
        source.sql += dialect.render(schema::compare(state, next, rules), state, next);
        source.body += writer.call(*request);
        state = std::move(next);
        forget_renames(state);
    }
    if (!schema::compare(state, to, rules).empty()) return std::nullopt;
    return source;
}

}  // namespace

ProgramSource program_source(const std::vector<schema::Operation>& operations, const Schema& from, const Schema& to,
                             const Dialect& dialect, const std::vector<std::string>& lost) {
    std::string warnings;
    for (const auto& object : lost)
        warnings += fmt::format("    // WARNING: the upgrade drops the data of the {}; this downgrade brings it back "
                                "without it\n",
                                object);
    if (auto calls = as_op_calls(operations, from, to, dialect)) {
        calls->body = warnings + calls->body;
        return *calls;
    }
    ProgramSource source;
    source.sql = dialect.render(operations, from, to);
    source.body = warnings +
                  "    // No op call says all of this (a constraint, a view, a trigger, a table option...): the SQL\n"
                  "    // dbm renders for it, run as it is. It is for this engine only.\n";
    for (const ScriptStatement& statement : dialect.split_statements(source.sql))
        source.body += fmt::format("    op.execute({});\n", raw_string(text::trim(statement.text)));
    return source;
}

}  // namespace dbm
