// Which revisions an upgrade, downgrade or stamp runs, in which order, and what the
// version table holds after each one. Pure functions over the revision graph.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/revision_map.hpp"

namespace dbm {

enum class Direction { upgrade, downgrade };

const char* to_string(Direction direction);

struct Plan {
    Direction direction = Direction::upgrade;
    std::vector<const Revision*> revisions;  // in the order they run
};

// Everything the target stands on that is not applied yet, parents first.
Plan plan_upgrade(const RevisionMap& map, std::span<const std::string> current, std::span<const std::string> target);

// Everything applied that stands on the target (not the target itself), children first.
// An empty target means base: everything. InputError when a target is not applied.
Plan plan_downgrade(const RevisionMap& map, std::span<const std::string> current,
                    std::span<const std::string> target);

// The version table after `stamp target`: the target replaces the heads on its own
// branches; heads of unrelated branches stay. An empty target means base: nothing.
std::vector<std::string> stamp_heads(const RevisionMap& map, std::span<const std::string> current,
                                     std::span<const std::string> target);

// Follows the version table through a plan one revision at a time.
class HeadTracker {
public:
    HeadTracker(const RevisionMap& map, std::span<const std::string> current);

    // Applies or reverts one revision; returns the heads it removed and the ones it added.
    struct Change {
        std::vector<std::string> removed;
        std::vector<std::string> added;
    };
    Change step(const Revision& revision, Direction direction);

    const std::vector<std::string>& heads() const { return heads_; }
    const RevisionSet& applied() const { return applied_; }

private:
    const RevisionMap& map_;
    RevisionSet applied_;
    std::vector<std::string> heads_;
};

// How output names where a step leaves the database: "<rev>_<slug>" after an upgrade;
// the parents' names, or "<base>", after a downgrade.
std::string destination_name(const RevisionMap& map, const Revision& revision, Direction direction);

// "<rev>_<slug>" for each id, comma-separated, or "<base>" for none.
std::string names_of(const RevisionMap& map, std::span<const std::string> ids);

}  // namespace dbm
