#include "core/plan.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "util/text.hpp"

namespace dbm {

const char* to_string(Direction direction) { return direction == Direction::upgrade ? "upgrade" : "downgrade"; }

Plan plan_upgrade(const RevisionMap& map, std::span<const std::string> current, std::span<const std::string> target) {
    const RevisionSet applied = map.ancestors(current);
    RevisionSet pending;
    for (const auto& id : map.ancestors(target))
        if (!applied.count(id)) pending.insert(id);
    return {Direction::upgrade, map.in_order(pending)};
}

Plan plan_downgrade(const RevisionMap& map, std::span<const std::string> current,
                    std::span<const std::string> target) {
    const RevisionSet applied = map.ancestors(current);
    for (const auto& id : target) {
        if (!applied.count(id))
            throw InputError(fmt::format("cannot downgrade to {}: it is not applied (the database is at {})", id,
                                         names_of(map, current)));
    }
    RevisionSet undo;
    if (target.empty()) {
        undo = applied;
    } else {
        const RevisionSet keep = map.ancestors(target);
        for (const auto& id : map.descendants(target))
            if (applied.count(id) && !keep.count(id)) undo.insert(id);
    }
    Plan plan{Direction::downgrade, map.in_order(undo)};
    std::reverse(plan.revisions.begin(), plan.revisions.end());
    return plan;
}

std::vector<std::string> stamp_heads(const RevisionMap& map, std::span<const std::string> current,
                                     std::span<const std::string> target) {
    if (target.empty()) return {};
    const RevisionSet below = map.ancestors(target);
    const RevisionSet above = map.descendants(target);
    std::vector<std::string> kept(target.begin(), target.end());
    for (const auto& id : current)
        if (!below.count(id) && !above.count(id)) kept.push_back(id);
    return map.heads_of(map.ancestors(kept));
}

HeadTracker::HeadTracker(const RevisionMap& map, std::span<const std::string> current)
    : map_(map), applied_(map.ancestors(current)), heads_(map.heads_of(applied_)) {}

HeadTracker::Change HeadTracker::step(const Revision& revision, Direction direction) {
    Change change;
    if (direction == Direction::upgrade) {
        // Parents are applied before children, so the new revision has no applied child:
        // it replaces its parents among the heads.
        applied_.insert(revision.id);
        for (const auto& parent : revision.down_revisions) {
            const auto it = std::find(heads_.begin(), heads_.end(), parent);
            if (it != heads_.end()) {
                heads_.erase(it);
                change.removed.push_back(parent);
            }
        }
        heads_.push_back(revision.id);
        change.added.push_back(revision.id);
    } else {
        applied_.erase(revision.id);
        heads_.erase(std::remove(heads_.begin(), heads_.end(), revision.id), heads_.end());
        change.removed.push_back(revision.id);
        // A parent becomes a head again unless another applied child still stands on it.
        for (const auto& parent : revision.down_revisions) {
            const auto kids = map_.children(parent);
            const bool still_covered =
                std::any_of(kids.begin(), kids.end(), [&](const std::string& kid) { return applied_.count(kid); });
            if (!still_covered && std::find(heads_.begin(), heads_.end(), parent) == heads_.end()) {
                heads_.push_back(parent);
                change.added.push_back(parent);
            }
        }
    }
    return change;
}

std::string names_of(const RevisionMap& map, std::span<const std::string> ids) {
    if (ids.empty()) return "<base>";
    std::vector<std::string> names;
    for (const auto& id : ids) {
        const Revision* revision = map.find(id);
        names.push_back(revision ? revision->name() : id);
    }
    return text::join(names, ", ");
}

std::string destination_name(const RevisionMap& map, const Revision& revision, Direction direction) {
    if (direction == Direction::upgrade) return revision.name();
    return names_of(map, revision.down_revisions);
}

}  // namespace dbm
