// inspect: the live database's schema as models.yaml, or as CREATE statements (SPEC §11),
// for starting models from a database (as `prisma db pull` and `atlas schema inspect`).
#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/diagram.hpp"
#include "cli/json.hpp"
#include "core/adopt.hpp"
#include "core/autogenerate.hpp"
#include "core/cache_dir.hpp"
#include "core/version_store.hpp"
#include "dbm/error.hpp"
#include "schema/models.hpp"

namespace dbm::cli {

void inspect_command(const GlobalOptions& global, bool sql, Output& out) {
    // A database named by --db or DATABASE_URL needs no project; otherwise the project's.
    const ConfigOverrides overrides = config_overrides(global);
    IntrospectOptions options{{"dbm_version", log_table_name, running_table_name, alembic_version_table}, {}};
    DatabaseUrl url;
    if (!global.directory && (overrides.database_url || (overrides.environment_url && !overrides.environment_url->empty()))) {
        url = parse_database_url(overrides.database_url ? *overrides.database_url : *overrides.environment_url,
                                 std::filesystem::current_path());
    } else {
        const Config config = load_config(overrides);
        url = config.database;
        options = introspect_options(config);
    }
    const auto connection = open_connection(url, {OpenOptions::Mode::read_only, lock_timeout_ms(global, 5000)});
    const Schema schema = connection->introspect(options);
    std::string text;
    if (sql) {
        text = autogenerate(Schema{}, schema, connection->dialect(), "").upgrade_sql;
    } else {
        text = schema::write_models_yaml(schema, connection->dialect().schema_rules());
        while (!text.empty() && text.back() == '\n') text.pop_back();
    }
    if (out.json()) {
        Json json;
        json.begin_object().key("database").value(connection->display_name()).key("format").value(sql ? "sql" : "yaml");
        json.key("text").value(text);
        out.result(json);
    } else if (sql && text.empty()) {
        out.data("-- " + connection->display_name() + " has no schema");
    } else {
        out.data(text);
    }
}

void schema_command(const GlobalOptions& global, const DiagramOptions& options, Output& out) {
    if (options.mermaid && options.dot) throw InputError("schema draws one diagram: --mermaid or --dot, not both");
    const Project project = load_project(global);
    const SchemaRules& rules = dialect_for(project.config.database).schema_rules();
    Schema schema;
    if (options.from_db) {
        const auto connection =
            open_connection(project.config.database, {OpenOptions::Mode::read_only, project.config.lock_timeout_ms});
        schema = connection->introspect(introspect_options(project.config));
    } else {
        schema::Models models = schema::load_models(project.config.models_path, project.config.database.scheme,
                                                    models_parse_cache_dir(project.config.cache_dir()));
        for (const auto& warning : models.warnings) out.warn(warning);
        for (const auto& warning : leave_out_ignored(models.schema, project.config)) out.warn(warning);
        schema = std::move(models.schema);
    }
    const std::string diagram = options.dot ? dot_diagram(schema, rules) : mermaid_diagram(schema, rules);
    if (out.json()) {
        Json json;
        json.begin_object().key("format").value(options.dot ? "dot" : "mermaid").key("diagram").value(diagram);
        out.result(json);
    } else {
        out.data(diagram.substr(0, diagram.size() - 1));
    }
}

}  // namespace dbm::cli
