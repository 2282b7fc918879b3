#include "core/revision_rules.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "dbm/error.hpp"
#include "util/paths.hpp"

namespace dbm {

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

NewRevision plan_new_revision(const RevisionMap& map, const NewRevisionRequest& request) {
    NewRevision revision;
    revision.program = request.program;
    revision.message = request.message;
    revision.create_date = current_create_date();
    const std::string head = request.head.value_or("head");
    if (!map.empty() && head != "base") {
        if (!request.head && map.heads().size() > 1)
            throw InputError(fmt::format("there are {} heads ({}); pass --head to choose the one the new revision "
                                         "follows, or merge them first with 'dbm merge -m MSG heads'",
                                         map.heads().size(), fmt::join(map.heads(), ", ")));
        revision.down_revisions = map.resolve(head, {});
        if (revision.down_revisions.size() != 1)
            throw InputError(fmt::format("--head {} names {} revisions; a new revision follows exactly one (use "
                                         "'dbm merge' to join several)",
                                         head, revision.down_revisions.size()));
        const std::string& parent = revision.down_revisions.front();
        if (!request.splice && !map.is_head(parent))
            throw InputError(fmt::format("revision {} is not a head; pass --splice to start a new branch from it",
                                         parent));
    }
    for (const auto& dependency : request.depends_on) revision.depends_on.push_back(map.resolve_id(dependency));
    revision.id = new_revision_id_or(request.rev_id, map);
    return revision;
}

NewRevision plan_merge(const RevisionMap& map, const std::string& message, const std::vector<std::string>& revisions,
                       const std::optional<std::string>& rev_id) {
    NewRevision revision;
    revision.message = message;
    revision.create_date = current_create_date();
    for (const auto& spec : revisions) {
        for (auto& id : map.resolve(spec, {})) {
            if (std::find(revision.down_revisions.begin(), revision.down_revisions.end(), id) ==
                revision.down_revisions.end())
                revision.down_revisions.push_back(std::move(id));
        }
    }
    if (revision.down_revisions.size() < 2)
        throw InputError(fmt::format("merge needs at least two revisions to join; {} named {}",
                                     fmt::join(revisions, " "), revision.down_revisions.size()));
    RevisionSet below;
    for (const auto& id : revision.down_revisions) {
        const auto ancestors = map.ancestors(map.get(id).down_revisions);
        below.insert(ancestors.begin(), ancestors.end());
    }
    for (const auto& id : revision.down_revisions) {
        if (below.count(id))
            throw InputError(fmt::format("cannot merge {}: it is already an ancestor of another revision named", id));
    }
    revision.id = new_revision_id_or(rev_id, map);
    return revision;
}

}  // namespace dbm
