#include "cli/diagram.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "util/text.hpp"

namespace dbm::cli {

namespace {

bool in(const std::vector<std::string>& names, const std::string& name, const SchemaRules& rules) {
    return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return rules.same_name(n, name); });
}

// PK, FK and UK marks of a column.
std::vector<std::string> keys_of(const Table& table, const Column& column, const SchemaRules& rules) {
    std::vector<std::string> keys;
    if (table.primary_key && in(table.primary_key->columns, column.name, rules)) keys.push_back("PK");
    if (std::any_of(table.foreign_keys.begin(), table.foreign_keys.end(),
                    [&](const ForeignKey& key) { return in(key.columns, column.name, rules); }))
        keys.push_back("FK");
    if (std::any_of(table.uniques.begin(), table.uniques.end(), [&](const UniqueConstraint& unique) {
            return unique.columns.size() == 1 && rules.same_name(unique.columns.front(), column.name);
        }))
        keys.push_back("UK");
    return keys;
}

// Mermaid takes names and types of letters, digits, '_' and '-' (types also "()[]").
std::string mermaid_word(std::string_view text, bool type) {
    std::string out;
    int depth = 0;
    for (const char c : text) {
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        if (type && depth > 0 && c == ' ') continue;  // NUMERIC(10, 2) -> NUMERIC(10-2)
        const bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
                           (type && (c == '(' || c == ')' || c == '[' || c == ']'));
        out += plain ? c : (c == ',' && type ? '-' : '_');
    }
    if (out.empty() || !std::isalpha(static_cast<unsigned char>(out.front()))) out.insert(0, type ? "T" : "t_");
    return out;
}

std::string html(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string dot_id(std::string_view name) {
    std::string out = "\"";
    for (const char c : name) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// The referred columns of a key: named, or the referred table's primary key.
std::vector<std::string> referred(const Schema& schema, const ForeignKey& key, const SchemaRules& rules) {
    if (!key.referred_columns.empty()) return key.referred_columns;
    const Table* parent = schema.find_table(key.referred_table, rules);
    return parent && parent->primary_key ? parent->primary_key->columns : std::vector<std::string>{};
}

}  // namespace

std::string mermaid_diagram(const Schema& schema, const SchemaRules& rules) {
    std::string out = "erDiagram\n";
    for (const Table& table : schema.tables) {
        out += fmt::format("    {} {{\n", mermaid_word(table.name, false));
        for (const Column& column : table.columns) {
            const auto keys = keys_of(table, column, rules);
            out += fmt::format("        {} {}{}{}\n", mermaid_word(column.type.empty() ? "ANY" : column.type, true),
                               mermaid_word(column.name, false), keys.empty() ? "" : " " + text::join(keys, ","),
                               column.nullable || (!keys.empty() && keys.front() == "PK") ? "" : " \"NOT NULL\"");
        }
        out += "    }\n";
    }
    for (const Table& table : schema.tables)
        for (const ForeignKey& key : table.foreign_keys) {
            // Many children to one parent; the parent is optional when a key column may be NULL.
            const bool required = std::all_of(key.columns.begin(), key.columns.end(), [&](const std::string& name) {
                const Column* column = table.find_column(name, rules);
                return column && !column->nullable;
            });
            out += fmt::format("    {} }}o--{} {} : \"{}\"\n", mermaid_word(table.name, false), required ? "||" : "o|",
                               mermaid_word(key.referred_table, false), text::join(key.columns, ", "));
        }
    return out;
}

std::string dot_diagram(const Schema& schema, const SchemaRules& rules) {
    std::string out = "digraph schema {\n    rankdir=LR;\n    node [shape=plaintext, fontname=\"Helvetica\"];\n";
    for (const Table& table : schema.tables) {
        out += fmt::format("    {} [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\">"
                           "<tr><td bgcolor=\"lightgrey\"><b>{}</b></td></tr>",
                           dot_id(table.name), html(table.name));
        for (const Column& column : table.columns) {
            const auto keys = keys_of(table, column, rules);
            out += fmt::format("<tr><td port={} align=\"left\">{} {}{}{}</td></tr>", dot_id(column.name), html(column.name),
                               html(column.type), column.nullable ? "" : " NOT NULL",
                               keys.empty() ? "" : " " + text::join(keys, ","));
        }
        out += "</table>>];\n";
    }
    for (const Table& table : schema.tables)
        for (const ForeignKey& key : table.foreign_keys) {
            const auto parents = referred(schema, key, rules);
            for (std::size_t i = 0; i < key.columns.size(); ++i)
                out += fmt::format("    {}:{} -> {}{};\n", dot_id(table.name), dot_id(key.columns[i]),
                                   dot_id(key.referred_table), i < parents.size() ? ":" + dot_id(parents[i]) : "");
        }
    return out + "}\n";
}

}  // namespace dbm::cli
