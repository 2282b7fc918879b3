// revision, merge: commands that write files in the migrations directory.
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "cli/new_revision.hpp"
#include "core/revision_rules.hpp"
#include "core/header_index.hpp"
#include "core/script_dir.hpp"
#include "core/templates.hpp"
#include "dbm/error.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;

namespace dbm::cli {

ConfigOverrides config_overrides(const GlobalOptions& global) {
    ConfigOverrides overrides;
    if (global.directory) overrides.directory = fs::path(*global.directory);
    overrides.database_url = global.database;
    if (const char* url = std::getenv("DATABASE_URL")) overrides.environment_url = std::string(url);
    overrides.lock_timeout_ms = global.lock_timeout_ms;
    return overrides;
}

int lock_timeout_ms(const GlobalOptions& global, int fallback) { return global.lock_timeout_ms.value_or(fallback); }

void json_changes(Json& json, const std::vector<DetectedChange>& changes) {
    json.key("changes").begin_array();
    for (const auto& change : changes)
        json.begin_object().key("description").value(change.description).key("data_loss").value(change.data_loss).end_object();
    json.end_array();
}

void write_new_revision(const Project& project, const NewRevision& revision, Output& out,
                        const std::vector<DetectedChange>& changes) {
    const std::string written = paths::display(write_revision(project.config, revision));
    if (out.json()) {
        Json json;
        json.begin_object().key("revision").value(revision.id).key("path").value(written);
        json.key("language").value(revision.program ? "cpp" : "sql");
        json.key("down_revisions").value(revision.down_revisions).key("depends_on").value(revision.depends_on);
        json_changes(json, changes);
        out.result(json);
    } else if (out.quiet()) {
        out.data(written);  // -q: what a script needs
    } else {
        out.step(fmt::format("Generating {}", written), "  ");
    }
}

Project load_project(const GlobalOptions& global, bool headers_only) {
    return load_project(load_config(config_overrides(global)), headers_only);
}

Project load_project(Config config, bool headers_only) {
    RevisionMap map(headers_only ? load_revision_headers(config.versions_dir(), config.cache_dir() / "headers")
                                 : load_revisions(config.versions_dir()));
    return {std::move(config), std::move(map)};
}

void revision_words_command(const GlobalOptions& global, Output& out) {
    try {
        const Project project = load_project(global, true);
        for (const Revision* revision : project.map.ordered()) out.data(revision->id);
        for (const char* spec : {"head", "heads", "base"}) out.data(spec);
    } catch (const Error&) {
    }
}

void revision_command(const GlobalOptions& global, const RevisionOptions& options, Output& out) {
    const Project project = load_project(global, true);
    write_new_revision(project, plan_new_revision(project.map, options), out);
}

void merge_command(const GlobalOptions& global, const MergeOptions& options, Output& out) {
    const Project project = load_project(global, true);
    const NewRevision revision = plan_merge(project.map, options.message, options.revisions, options.rev_id);
    write_new_revision(project, revision, out);
}

}  // namespace dbm::cli
