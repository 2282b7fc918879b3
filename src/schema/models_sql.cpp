// Models as plain SQL: the CREATE statements run in an in-memory SQLite database, which
// is then introspected like any other. SQLite itself is the parser.

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "schema/introspect.hpp"
#include "schema/models.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace dbm::schema {

Schema parse_models_sql(std::string_view contents, const std::string& file) {
    const auto connection = open_connection(scratch_database("sqlite"), {OpenOptions::Mode::read_write, 0});
    for (const ScriptStatement& statement : connection->dialect().split_statements(contents)) {
        try {
            connection->execute(statement.text, {});
        } catch (const Error& error) {
            const auto [line, column] = text::line_column_at(contents, statement.offset);
            throw InputError(error.what(), {file, line, column});
        }
    }
    Schema schema = introspect_sqlite(*connection, {});
    schema.manages_views = true;
    schema.manages_triggers = true;
    return schema;
}

Schema load_models(const std::filesystem::path& path) {
    const std::string contents = paths::read_file(path);
    const std::string file = paths::display(path);
    if (path.extension() == ".sql") return parse_models_sql(contents, file);
    return parse_models_yaml(contents, file);
}

}  // namespace dbm::schema
