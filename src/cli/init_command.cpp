// init: the migrations directory, dbm.yaml and models.yaml; and when the database already
// holds a schema (or with --from-db), its adoption (SPEC §11): models.yaml describing it,
// a baseline revision that builds it from nothing, and the database stamped at it.
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "core/adopt.hpp"
#include "core/migrator.hpp"
#include "core/script_dir.hpp"
#include "core/templates.hpp"
#include "dbm/error.hpp"
#include "schema/models.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace dbm::cli {

namespace {

// Removes what a failed init created, newest first, so that a failure writes nothing.
class CreatedPaths {
public:
    void add(const fs::path& path) { paths_.push_back(path); }
    void keep() { paths_.clear(); }
    ~CreatedPaths() {
        std::error_code ignored;
        for (auto it = paths_.rbegin(); it != paths_.rend(); ++it) fs::remove(*it, ignored);
    }

private:
    std::vector<fs::path> paths_;
};

// The template's dbm.yaml with the settings adoption found: the database named on the
// command line, and Alembic's version table for a Flask-Migrate database.
std::string config_text(const std::optional<std::string>& database, bool alembic) {
    std::string text(templates::dbm_yaml);
    const auto replace_value = [&](std::string_view key, const std::string& value) {
        const auto at = text.find(std::string(key) + ": ");
        if (at == std::string::npos) return;
        // The comments after the values stay in their column where the value fits.
        const auto start = at + key.size() + 2;
        auto end = text.find_first_of(" \n", start);
        while (end + 1 < text.size() && text[end] == ' ' && text[end + 1] == ' ' && end - start < value.size()) ++end;
        std::string replacement = value;
        if (replacement.size() < end - start) replacement.resize(end - start, ' ');
        text.replace(start, end - start, replacement);
    };
    if (database) replace_value("database", text::quoted(*database, '"'));
    if (alembic) replace_value("version_table", alembic_version_table);
    return text;
}

// What adoption will do, decided before anything is written.
struct AdoptionPlan {
    DatabaseToAdopt database;
    std::string display_name;
    std::string baseline_id;
};

std::optional<AdoptionPlan> plan_adoption(const GlobalOptions& global, const InitOptions& options,
                                          const fs::path& project_root) {
    const ConfigOverrides overrides = config_overrides(global);
    const DatabaseUrl url = overrides.database_url ? parse_database_url(*overrides.database_url, fs::current_path())
                            : overrides.environment_url && !overrides.environment_url->empty()
                                ? parse_database_url(*overrides.environment_url, fs::current_path())
                                : parse_database_url("sqlite:///app.db", project_root);
    const auto connection = open_connection(url, {OpenOptions::Mode::read_only, 5000});
    AdoptionPlan plan{read_database_to_adopt(*connection, {}), connection->display_name(), {}};
    const Schema& schema = plan.database.schema;
    const bool has_schema = !schema.tables.empty() || !schema.views.empty() || !schema.virtual_tables.empty();
    if (!has_schema && !options.from_db) return std::nullopt;
    if (!has_schema)
        throw Error(fmt::format("--from-db: {} has no tables, views or virtual tables to adopt", plan.display_name));
    if (plan.database.has_dbm_version)
        throw Error(fmt::format("{} is already managed by dbm (its dbm_version table is at {}); restore its migrations "
                                "directory instead of adopting it again",
                                plan.display_name,
                                plan.database.dbm_heads.empty() ? "<base>" : text::join(plan.database.dbm_heads, ", ")));
    if (plan.database.alembic_heads.size() > 1)
        throw Error(fmt::format("{} is at {} Alembic heads ({}); merge them with 'flask db merge' and upgrade, then adopt it",
                                plan.display_name, plan.database.alembic_heads.size(),
                                text::join(plan.database.alembic_heads, ", ")));
    // A Flask-Migrate database keeps its revision id: the baseline takes Alembic's head.
    if (!plan.database.alembic_heads.empty()) plan.baseline_id = plan.database.alembic_heads.front();
    if (!plan.baseline_id.empty() && !is_valid_revision_id(plan.baseline_id))
        throw Error(fmt::format("Alembic's head '{}' cannot be a dbm revision id (1 to 32 letters, digits or '_')",
                                plan.baseline_id));
    if (plan.baseline_id.empty()) plan.baseline_id = new_revision_id();
    return plan;
}

}  // namespace

void init_command(const GlobalOptions& global, const InitOptions& options, Output& out) {
    const fs::path working_dir = fs::current_path();
    const fs::path directory = global.directory ? (working_dir / *global.directory).lexically_normal()
                                                : default_migrations_dir_in(working_dir);
    const fs::path project_root = directory.parent_path();
    std::error_code ec;
    if (fs::exists(directory, ec)) {
        const bool empty = fs::is_empty(directory, ec);
        if (ec) throw Error(fmt::format("cannot read directory {}: {}", paths::display(directory), ec.message()));
        if (!empty) throw Error(fmt::format("directory {} already exists and is not empty", paths::display(directory)));
    }
    if (!fs::is_directory(project_root))
        throw InputError(fmt::format("cannot create {}: {} does not exist", paths::display(directory),
                                     paths::display(project_root)));
    const fs::path models_path = project_root / "models.yaml";
    const std::optional<AdoptionPlan> adoption = plan_adoption(global, options, project_root);
    if (adoption && fs::exists(models_path))
        throw Error(fmt::format("{} has a schema to adopt, and adopting it writes {}, which exists; move {} aside and run "
                                "'dbm init' again",
                                adoption->display_name, paths::display(models_path), paths::display(models_path)));

    CreatedPaths created;
    std::vector<std::string> made;  // for --json
    // --json: what init made, and the baseline it adopted the database at (if any).
    const auto report = [&](const std::string* baseline) {
        if (!out.json()) return;
        Json json;
        json.begin_object().key("directory").value(paths::display(directory)).key("created").value(made);
        json.key("baseline");
        if (baseline) json.value(*baseline); else json.null();
        out.result(json);
    };
    const auto make_directory = [&](const fs::path& path) {
        out.begin_step(fmt::format("Creating directory {}", paths::display(path)));
        std::error_code error;
        made.push_back(paths::display(path));
        if (fs::create_directory(path, error)) created.add(path);
        if (error) throw Error(fmt::format("cannot create directory {}: {}", paths::display(path), error.message()));
        out.end_step("  ");
    };
    const auto make_file = [&](const fs::path& path, std::string_view contents) {
        out.begin_step(fmt::format("Creating file {}", paths::display(path)));
        made.push_back(paths::display(path));
        paths::write_new_file(path, contents);
        created.add(path);
        out.end_step("  ");
    };
    make_directory(directory);
    make_directory(directory / "versions");
    // --db is recorded; relative to the working directory as typed, so made absolute when
    // dbm.yaml (relative to the project root) would read it elsewhere.
    std::optional<std::string> recorded_database = global.database;
    if (global.database && project_root != working_dir.lexically_normal()) {
        const DatabaseUrl url = parse_database_url(*global.database, working_dir);
        recorded_database = url.absolute_text;
    }
    make_file(directory / config_file_name,
              config_text(recorded_database, adoption && adoption->database.has_alembic_version));
    make_file(directory / "README", templates::readme);
    make_file(directory / "script.sql.tmpl", templates::script_sql);
    if (!adoption) {
        if (!fs::exists(models_path)) make_file(models_path, templates::models_yaml);
        created.keep();
        report(nullptr);
        return;
    }

    ConfigOverrides overrides = config_overrides(global);
    overrides.directory = directory;
    const Config config = load_config(overrides);
    make_file(models_path, fmt::format("# The schema of {}, as dbm init found it. Edit it, then run 'dbm migrate -m MESSAGE'.\n{}",
                                       adoption->display_name, schema::write_models_yaml(adoption->database.schema,
                                                                 dialect_for(config.database).schema_rules())));
    const NewRevision baseline =
        baseline_revision(adoption->database.schema, dialect_for(config.database), adoption->baseline_id);
    const fs::path written = write_revision(config, baseline);
    created.add(written);
    made.push_back(paths::display(written));
    out.step(fmt::format("Generating {}", paths::display(written)), "  ");

    const RevisionMap map(load_revisions(config.versions_dir()));
    const auto connection = open_connection(config.database, {OpenOptions::Mode::read_write, config.lock_timeout_ms});
    Migrator migrator(config, map, *connection);
    out.begin_step(fmt::format("Stamping the database with revision {}", map.get(baseline.id).name()));
    migrator.stamp(baseline.id, false);
    out.end_step();
    created.keep();
    report(&baseline.id);
}

}  // namespace dbm::cli
