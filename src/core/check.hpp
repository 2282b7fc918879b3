// `dbm check` (SPEC §6): everything that makes a database differ from what its revisions
// and models say, one finding each.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/revision_map.hpp"
#include "dbm/database.hpp"

namespace dbm {

struct Finding {
    std::string kind;     // "behind_head", "changed_file", "drift", "models"
    std::string message;  // one line
};

// What check_database read and replayed, for check_models to go on from.
struct DatabaseCheck {
    std::vector<Finding> findings;
    bool at_head = false;
    // What replaying the applied revisions built; empty when they do not replay.
    std::optional<Schema> applied;
};

// Compares, in order: applied revision files with their recorded checksums; the database's
// revision with the heads; the live schema with what replaying the applied revisions into
// a scratch database builds (drift: ALTERs run by hand).
DatabaseCheck check_database(const Config& config, const RevisionMap& map, Connection& live);

// `check --no-db` (or with no database): the revisions replayed up to head, as if a
// database were there at head, for check_models to compare the models with.
DatabaseCheck check_history(const Config& config, const RevisionMap& map);

// What check compares the revisions with: the models, or why there are none (a project
// that writes its revisions by hand has no models file, or one that declares nothing).
struct CheckedModels {
    std::optional<Schema> schema;
    std::string not_compared;  // the reason, when schema is empty
    std::vector<std::string> warnings;
};
CheckedModels read_checked_models(const Config& config);

// The models compared with what the revisions build up to head: one finding per
// difference, appended to `check.findings` (nothing when the revisions do not replay).
void check_models(const Config& config, const RevisionMap& map, const Schema& models, DatabaseCheck& check);

}  // namespace dbm
