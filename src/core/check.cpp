#include "core/check.hpp"

#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "core/autogenerate.hpp"
#include "core/database_state.hpp"
#include "core/plan.hpp"
#include "core/cache_dir.hpp"
#include "core/replay_cache.hpp"
#include "dbm/error.hpp"
#include "schema/compare.hpp"
#include "schema/models.hpp"
#include "util/paths.hpp"

namespace dbm {

namespace {

// Revisions that only work on a database changed by hand do not replay on an empty one:
// that is a finding too, and nothing can be compared with them.
std::optional<Schema> replay(const Config& config, const RevisionMap& map, const std::vector<std::string>& heads,
                             std::vector<Finding>& findings) {
    try {
        return schema_from_history(config, map, heads);
    } catch (const Error& error) {
        findings.push_back({"history", "the revisions do not replay on an empty database: " + error.located()});
        return std::nullopt;
    }
}

// A difference from what the revisions build to the live schema, said from the database's
// side: what it has that they do not, what it lacks, what it has otherwise.
std::string drift_message(const schema::Operation& operation) {
    const std::string said = schema::describe(operation);
    const auto rest = [&](std::string_view prefix) { return said.substr(prefix.size()); };
    if (said.starts_with("added ")) return fmt::format("schema drift: {} is in the database but in none of its revisions", rest("added "));
    if (said.starts_with("removed "))
        return fmt::format("schema drift: {} is missing from the database (its revisions create it)", rest("removed "));
    if (said.starts_with("changed ")) {
        const std::string change = rest("changed ");
        const auto colon = change.find(": ");
        if (colon != std::string::npos)
            return fmt::format("schema drift: {} differs in the database from its revisions: {} (revisions -> database)",
                               change.substr(0, colon), change.substr(colon + 2));
    }
    return fmt::format("schema drift: {} (from what the revisions build to what the database has)", said);
}

}  // namespace

DatabaseCheck check_database(const Config& config, const RevisionMap& map, Connection& live) {
    DatabaseCheck check;
    std::vector<Finding>& findings = check.findings;
    // Every read of the live database from one state of it (SPEC §12): a migration running
    // meanwhile must not show as drift. Read first, so the lock is not held for the replay.
    std::vector<std::string> current;
    std::vector<ChangedRevision> changed_files;
    Schema live_schema;
    {
        const ReadSnapshot snapshot(live);
        current = current_heads(config, map, live);
        changed_files = changed_revisions(config, map, live, current);
        live_schema = live.introspect(introspect_options(config));
    }

    for (const ChangedRevision& changed : changed_files) {
        const std::string what = changed.what_changed();
        findings.push_back({"changed_file", fmt::format("{} changed after it was applied ({}SHA-256 {} in dbm_log, {} now)",
                                                        paths::display(changed.revision->path),
                                                        what.empty() ? "" : what + "; ", changed.recorded.file.substr(0, 12),
                                                        changed.revision->checksum.substr(0, 12))});
    }

    check.at_head = map.are_heads(current);
    if (!check.at_head)
        findings.push_back({"behind_head", fmt::format("the database is at {}; the head is {}", names_of(map, current),
                                                       names_of(map, map.heads()))});

    check.applied = replay(config, map, current, findings);
    if (!check.applied) return check;
    for (const auto& operation : schema::compare(*check.applied, live_schema, live.dialect().schema_rules()))
        findings.push_back({"drift", drift_message(operation)});
    return check;
}

DatabaseCheck check_history(const Config& config, const RevisionMap& map) {
    DatabaseCheck check;
    check.at_head = true;
    check.applied = replay(config, map, map.heads(), check.findings);
    return check;
}

CheckedModels read_checked_models(const Config& config) {
    const std::string models_file = paths::display(config.models_path);
    if (!std::filesystem::exists(config.models_path)) return {std::nullopt, fmt::format("there is no {}", models_file), {}};
    schema::Models loaded =
        schema::load_models(config.models_path, config.database.scheme, models_parse_cache_dir(config.cache_dir()));
    for (auto& warning : leave_out_ignored(loaded.schema, config)) loaded.warnings.push_back(std::move(warning));
    const Schema& declared = loaded.schema;
    if (declared.tables.empty() && !declared.manages_views && !declared.manages_triggers && !declared.manages_virtual_tables)
        return {std::nullopt, fmt::format("{} declares no tables, views or triggers", models_file), std::move(loaded.warnings)};
    return {std::move(loaded.schema), "", std::move(loaded.warnings)};
}

void check_models(const Config& config, const RevisionMap& map, const Schema& models, DatabaseCheck& check) {
    if (!check.applied) return;
    const std::optional<Schema> head = check.at_head ? check.applied : replay(config, map, map.heads(), check.findings);
    if (!head) return;
    const SchemaRules& rules = dialect_for(config.database).schema_rules();
    const auto spent = spent_rename_cycles(map, models, rules);
    for (const auto& operation : schema::compare(*head, schema::with_unmanaged(models, *head, rules, spent), rules, spent))
        check.findings.push_back({"models", fmt::format("models differ from head: {} (run 'dbm migrate')",
                                                        schema::describe(operation))});
}

}  // namespace dbm
