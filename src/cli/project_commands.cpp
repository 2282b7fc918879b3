// revision, merge: commands that write files in the migrations directory.
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/new_revision.hpp"
#include "core/revision_rules.hpp"
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
    return overrides;
}

void write_new_revision(const Project& project, const NewRevision& revision, Output& out) {
    const fs::path written = write_revision(project.config, revision);
    out.step(fmt::format("Generating {}", paths::display(written)), "  ");
}

Project load_project(const GlobalOptions& global) {
    Config config = load_config(config_overrides(global));
    RevisionMap map(load_revisions(config.versions_dir()));
    return {std::move(config), std::move(map)};
}

void revision_command(const GlobalOptions& global, const RevisionOptions& options, Output& out) {
    const Project project = load_project(global);
    write_new_revision(project, plan_new_revision(project.map, options), out);
}

void merge_command(const GlobalOptions& global, const MergeOptions& options, Output& out) {
    const Project project = load_project(global);
    const NewRevision revision = plan_merge(project.map, options.message, options.revisions, options.rev_id);
    write_new_revision(project, revision, out);
}

}  // namespace dbm::cli
