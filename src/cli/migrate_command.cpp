// migrate and revision --autogenerate: compare the models with the database and write the
// difference as a revision.

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "cli/new_revision.hpp"
#include "core/autogenerate.hpp"
#include "core/cache_dir.hpp"
#include "core/program_autogenerate.hpp"
#include "core/proof.hpp"
#include "core/script_dir.hpp"
#include "core/migrator.hpp"
#include "dbm/error.hpp"
#include "schema/compare.hpp"
#include "schema/models.hpp"
#include "schema/rename_plan.hpp"
#include "util/background.hpp"
#include "util/paths.hpp"

namespace dbm::cli {

namespace {

// The schema a revision is generated against, and the database it was read from (kept
// open to prove the revision on a copy of it).
struct CurrentSchema {
    std::unique_ptr<Connection> source;
    Schema schema;
};

// The live schema, after checking that the database is at head: a revision generated
// against an older schema would repeat what the pending revisions already do.
CurrentSchema live_schema(const Project& project) {
    auto connection = open_connection(project.config.database, {OpenOptions::Mode::read_only, project.config.lock_timeout_ms});
    Schema schema;
    {
        // The version and the schema from one state of the database: an upgrade running
        // meanwhile must not make the one disagree with the other.
        const ReadSnapshot snapshot(*connection);
        if (!project.map.are_heads(current_heads(project.config, project.map, *connection)))
            throw Error("Target database is not up to date.");
        schema = connection->introspect(introspect_options(project.config));
    }
    return {std::move(connection), std::move(schema)};
}

CurrentSchema history_schema(const Project& project) {
    auto connection = replay_history(project.config, project.map, project.map.heads());
    Schema schema = connection->introspect(introspect_options(project.config));
    return {std::move(connection), std::move(schema)};
}

// The models and the schema to compare them with. The models are read on a thread of their
// own while the database is read: on a 500-table project each is about half the work.
// A models error is reported first, as if they were read first.
std::pair<schema::Models, CurrentSchema> models_and_current(const Project& project, bool from_history) {
    auto loading = background::start([&project] {
        return schema::load_models(project.config.models_path, project.config.database.scheme,
                                   models_parse_cache_dir(project.config.cache_dir()));
    });
    CurrentSchema current =
        background::meanwhile(loading, [&] { return from_history ? history_schema(project) : live_schema(project); });
    return {loading.get(), std::move(current)};
}

// A drop and an add that look like a rename: dbm does not guess (SPEC §7.6), but says how
// to declare one, since the revision as written loses the data.
void warn_of_renames(const std::vector<schema::PossibleRename>& renames, const std::filesystem::path& models_path,
                     Output& out) {
    const bool sql_models = models_path.extension() == ".sql";
    const std::string models = paths::display(models_path);
    for (const auto& rename : renames) {
        const std::string how = sql_models ? fmt::format("-- @renamed from={} on its line in {}", rename.from, models)
                                           : fmt::format("renamed_from: {} in {}", rename.from, models);
        if (rename.whole_table)
            out.warn(fmt::format("warning: table '{}' is removed and '{}' added with the same columns; if it was renamed, "
                                 "declare it ({}): as written, the revision drops '{}' and every row in it",
                                 rename.from, rename.to, how, rename.from));
        else
            out.warn(fmt::format("warning: column '{0}.{1}' is removed and '{0}.{2}' added with the same type; if it was "
                                 "renamed, declare it ({3}): as written, the revision drops the values of '{0}.{1}'",
                                 rename.table, rename.from, rename.to, how));
    }
}

// The rename cycles the revisions made, read from their bodies. Only models whose hints
// could rename in a cycle need them; a project loaded with headers only reads the bodies
// then and only then (a first revision of 10,000 tables is 11 MB that migrate never needs).
std::vector<schema::RenameCycle> spent_cycles(const Project& project, const Schema& models, const SchemaRules& rules) {
    if (!schema::may_rename_in_cycles(models, rules)) return {};
    if (!project.map.headers_only()) return spent_rename_cycles(project.map, models, rules);
    const RevisionMap with_bodies(load_revisions(project.config.versions_dir()));
    return spent_rename_cycles(with_bodies, models, rules);
}

std::string without_final_newline(std::string text) {
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
}

}  // namespace

void migrate_command(const GlobalOptions& global, const MigrateCommandOptions& options, Output& out) {
    // Only --from-history runs the revisions; otherwise their headers are all migrate reads.
    const Project project = load_project(global, !options.from_history);
    auto [models, read] = models_and_current(project, options.from_history);
    const Schema& current = read.schema;
    for (const auto& warning : models.warnings) out.warn(warning);
    for (const auto& warning : leave_out_ignored(models.schema, project.config)) out.warn(warning);
    // Models that declare nothing are a new project's, not a wish to drop everything.
    if (models.schema.tables.empty() && !current.tables.empty())
        throw Error(fmt::format(
            "{} declares no tables, but {} has {}: the revision would drop them all, so none is written. To start from "
            "the database, write models that describe it: 'dbm inspect > {}' (then 'dbm migrate --from-history -m "
            "Baseline' and 'dbm stamp head' when no revision builds it yet)",
            paths::display(project.config.models_path),
            options.from_history ? std::string("the schema the revisions build") : project.config.database.display,
            current.tables.size(), paths::display(project.config.models_path)));
    const Dialect& dialect = dialect_for(project.config.database);
    const SchemaRules& rules = dialect.schema_rules();
    const auto spent = spent_cycles(project, models.schema, rules);
    const Autogenerated generated =
        autogenerate(current, std::move(models.schema), dialect, paths::display(project.config.models_path), spent);
    std::vector<DetectedChange> changes;
    for (const auto& operation : generated.operations) {
        changes.push_back({schema::describe(operation), schema::loses_data(operation, rules)});
        out.note(fmt::format("Detected {}{}", changes.back().description, changes.back().data_loss ? " (data loss)" : ""));
    }
    warn_of_renames(schema::possible_renames(generated.operations, rules), project.config.models_path, out);
    if (generated.operations.empty() && !options.allow_empty) {
        if (out.json()) {
            Json json;
            json.begin_object().key("revision").null().key("path").null();
            json_changes(json, changes);
            out.result(json);
        } else if (!out.quiet()) {
            out.data("No changes in schema detected.");
        }
        return;
    }
    for (const auto& operation : generated.operations)
        if (schema::loses_data(operation, rules))
            out.warn(fmt::format("warning: the downgrade cannot bring back the data of the {}", schema::lost_object(operation)));
    if (options.sql_only) {
        prove_revision(*read.source, current, generated.upgrade_sql, generated.downgrade_sql);
        if (out.json()) {
            Json json;
            json.begin_object().key("sql").value(generated.upgrade_sql);
            json_changes(json, changes);
            out.result(json);
        } else {
            out.data(generated.upgrade_sql.empty() ? "-- No changes in schema detected." : generated.upgrade_sql);
        }
        return;
    }
    NewRevision revision = plan_new_revision(project.map, options.revision);
    if (revision.program) {
        // The SQL the op calls run is what is proved: the revision runs exactly that.
        const ProgramSource up = program_source(generated.operations, current, generated.wanted, dialect);
        const ProgramSource down = program_source(schema::inverse(generated.operations), generated.wanted, current,
                                                  dialect, generated.lost);
        prove_revision(*read.source, current, up.sql, down.sql);
        revision.upgrade_sql = without_final_newline(up.body);
        revision.downgrade_sql = without_final_newline(down.body);
    } else {
        prove_revision(*read.source, current, generated.upgrade_sql, generated.downgrade_sql);
        revision.upgrade_sql = generated.upgrade_sql;
        revision.downgrade_sql = generated.downgrade_sql;
    }
    write_new_revision(project, revision, out, changes);
}

}  // namespace dbm::cli
