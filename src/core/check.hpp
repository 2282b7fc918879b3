// `dbm check` (SPEC §6): everything that makes a database differ from what its revisions
// and models say, one finding each.
#pragma once

#include <functional>
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

// Compares, in order: applied revision files with their recorded checksums; the database's
// revision with the heads; the live schema with what replaying the applied revisions into
// an in-memory database builds (drift: ALTERs run by hand); and the models with what the
// revisions build up to head. `models` is asked for only then (the caller may still be
// reading them) and gives null when the project does not use models.
std::vector<Finding> check_database(const Config& config, const RevisionMap& map, Connection& live,
                                    const std::function<const Schema*()>& models);

}  // namespace dbm
