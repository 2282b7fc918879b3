#include "core/sql_sink.hpp"

#include "util/text.hpp"

namespace dbm {

void ScriptSink::run(std::string_view sql, const std::vector<SqlValue>& params) {
    // Only dbm's own statements carry parameters, and none of them has a placeholder's
    // text in a string: each placeholder, in order, becomes its value as a literal.
    std::string statement;
    std::size_t at = 0;
    for (std::size_t i = 0; i < params.size(); ++i) {
        const std::string placeholder = dialect_.parameter(i + 1);
        const std::size_t found = sql.find(placeholder, at);
        if (found == std::string_view::npos) break;
        statement.append(sql.substr(at, found - at));
        std::visit(
            [&](const auto& value) {
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, std::nullptr_t>)
                    statement += "NULL";
                else if constexpr (std::is_same_v<T, std::int64_t>)
                    statement += std::to_string(value);
                else
                    statement += dialect_.quote_literal(value);
            },
            params[i]);
        at = found + placeholder.size();
    }
    statement.append(sql.substr(at));
    const std::string_view trimmed = text::trim(statement);
    out_ << trimmed;
    if (trimmed.empty() || trimmed.back() != ';') out_ << ';';
    out_ << '\n';
}

void ScriptSink::comment(std::string_view text) { out_ << "\n-- " << text << '\n'; }

}  // namespace dbm
