// The graph's rules for a new revision (Alembic's command.revision and command.merge):
// which parent it follows, which revisions a merge may join, and its id.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/revision.hpp"
#include "core/revision_map.hpp"

namespace dbm {

struct NewRevisionRequest {
    std::string message;
    std::optional<std::string> head;  // --head: the revision it follows ("base" for none)
    bool splice = false;              // --splice: may follow a revision that is not a head
    std::optional<std::string> rev_id;
    std::vector<std::string> depends_on;
    bool program = false;  // --lang cpp
};

// A new revision following --head (default: the single head), with its id, message and
// date; the SQL sections are left for the caller. InputError when the graph forbids it.
NewRevision plan_new_revision(const RevisionMap& map, const NewRevisionRequest& request);

// A merge revision joining `revisions` (each any revision argument), none an ancestor of
// another.
NewRevision plan_merge(const RevisionMap& map, const std::string& message, const std::vector<std::string>& revisions,
                       const std::optional<std::string>& rev_id);

// A new revision id: `requested` when given (checked), else a random one not yet taken.
std::string new_revision_id_or(const std::optional<std::string>& requested, const RevisionMap& map);

}  // namespace dbm
