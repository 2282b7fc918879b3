#include "core/sql_sink.hpp"

#include "util/text.hpp"

namespace dbm {

void ScriptSink::run(std::string_view sql, const std::vector<SqlValue>& params) {
    // Only dbm's own statements carry parameters, and none of them has a '?' in a string.
    std::size_t next_param = 0;
    std::string statement;
    for (char c : sql) {
        if (c == '?' && next_param < params.size()) {
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
                params[next_param++]);
        } else {
            statement += c;
        }
    }
    const std::string_view trimmed = text::trim(statement);
    out_ << trimmed;
    if (trimmed.empty() || trimmed.back() != ';') out_ << ';';
    out_ << '\n';
}

void ScriptSink::comment(std::string_view text) { out_ << "\n-- " << text << '\n'; }

}  // namespace dbm
