#include "schema/models.hpp"

#include <fmt/format.h>

#include "dbm/backend.hpp"
#include "dbm/error.hpp"
#include "schema/rename_plan.hpp"
#include "schema/yaml_cache.hpp"
#include "util/log.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace dbm::schema {

Models load_models(const std::filesystem::path& path, std::string_view scheme,
                   const std::filesystem::path& parse_cache_dir) {
    const std::string bytes = paths::read_file(path);
    const std::string_view contents = text::without_bom(bytes);
    const std::string file = paths::display(path);
    if (const auto problem = text::find_text_problem(contents)) {
        const auto [line, column] = text::line_column_at(contents, problem->offset);
        throw InputError(fmt::format("the file holds {}; models must be UTF-8 text", problem->message), {file, line, column});
    }
    // SQL models are the engine's own SQL: its backend reads them.
    const Backend& backend = backend_for(scheme);
    const SchemaRules& rules = backend.dialect().schema_rules();
    Models models;
    if (path.extension() == ".sql") {
        models = backend.read_sql_models(contents, file);
    } else if (parse_cache_dir.empty()) {
        models.schema = parse_models_yaml(contents, file, rules);
    } else {
        yaml::ParseCache cache(parse_cache_dir);
        models.schema = parse_models_yaml(contents, file, rules, &cache);
        cache.forget_unused();
        if (log::enabled())
            log::debug(fmt::format("{}: {} parsed pieces from the cache, {} parsed and kept", file, cache.found(), cache.stored()));
    }
    refuse_shared_rename_sources(models.schema, file, rules);
    return models;
}

}  // namespace dbm::schema
