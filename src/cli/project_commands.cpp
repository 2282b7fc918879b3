// revision, merge: commands that write files in the migrations directory.
#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/new_revision.hpp"
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

std::string new_revision_id_or(const std::optional<std::string>& requested, const RevisionMap& map) {
    if (!requested) {
        std::string id;
        do id = new_revision_id();
        while (map.find(id));
        return id;
    }
    if (!is_valid_revision_id(*requested))
        throw InputError(fmt::format("invalid --rev-id '{}': use 1 to 32 letters, digits or '_'", *requested));
    if (is_reserved_revision_id(*requested))
        throw InputError(fmt::format("invalid --rev-id '{}': head, heads, base and current name positions in the graph, "
                                     "not revisions",
                                     *requested));
    if (const Revision* existing = map.find(*requested))
        throw InputError(fmt::format("revision id '{}' already exists: {}", *requested, paths::display(existing->path)));
    return *requested;
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

NewRevision new_revision(const Project& project, const RevisionOptions& options) {
    const RevisionMap& map = project.map;
    NewRevision revision;
    revision.message = options.message;
    revision.create_date = current_create_date();
    const std::string head = options.head.value_or("head");
    if (!map.empty() && head != "base") {
        if (!options.head && map.heads().size() > 1)
            throw InputError(fmt::format("there are {} heads ({}); pass --head to choose the one the new revision "
                                         "follows, or merge them first with 'dbm merge -m MSG heads'",
                                         map.heads().size(), fmt::join(map.heads(), ", ")));
        revision.down_revisions = map.resolve(head, {});
        if (revision.down_revisions.size() != 1)
            throw InputError(fmt::format("--head {} names {} revisions; a new revision follows exactly one (use "
                                         "'dbm merge' to join several)",
                                         head, revision.down_revisions.size()));
        const std::string& parent = revision.down_revisions.front();
        if (!options.splice && !map.is_head(parent))
            throw InputError(fmt::format("revision {} is not a head; pass --splice to start a new branch from it",
                                         parent));
    }
    for (const auto& dependency : options.depends_on) revision.depends_on.push_back(map.resolve_id(dependency));
    revision.id = new_revision_id_or(options.rev_id, map);
    return revision;
}

void revision_command(const GlobalOptions& global, const RevisionOptions& options, Output& out) {
    const Project project = load_project(global);
    write_new_revision(project, new_revision(project, options), out);
}

void merge_command(const GlobalOptions& global, const MergeOptions& options, Output& out) {
    const Project project = load_project(global);
    NewRevision revision;
    revision.message = options.message;
    revision.create_date = current_create_date();
    for (const auto& spec : options.revisions) {
        for (auto& id : project.map.resolve(spec, {})) {
            if (std::find(revision.down_revisions.begin(), revision.down_revisions.end(), id) ==
                revision.down_revisions.end())
                revision.down_revisions.push_back(std::move(id));
        }
    }
    if (revision.down_revisions.size() < 2)
        throw InputError(fmt::format("merge needs at least two revisions to join; {} named {}",
                                     fmt::join(options.revisions, " "), revision.down_revisions.size()));
    const RevisionSet below = [&] {
        RevisionSet all;
        for (const auto& id : revision.down_revisions) {
            const Revision& merged = project.map.get(id);
            const auto ancestors = project.map.ancestors(merged.down_revisions);
            all.insert(ancestors.begin(), ancestors.end());
        }
        return all;
    }();
    for (const auto& id : revision.down_revisions) {
        if (below.count(id))
            throw InputError(fmt::format("cannot merge {}: it is already an ancestor of another revision named", id));
    }
    revision.id = new_revision_id_or(options.rev_id, project.map);
    write_new_revision(project, revision, out);
}

}  // namespace dbm::cli
