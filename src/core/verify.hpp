// `dbm verify` (the stairway test pytest-alembic users write by hand): on a scratch
// database, never the user's, every revision goes up, down and up again, and each down
// must return the schema its up started from; the graph has one head; the models equal
// what the revisions build.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/check.hpp"
#include "core/config.hpp"
#include "core/revision_map.hpp"

namespace dbm {

struct VerifyReport {
    // kind: "heads", "failed" (a step raised an error; the stairway stops there),
    // "downgrade" (its down leaves another schema than its up found), "upgrade" (up again
    // builds another schema than the first up), "models"; revision: the one it is about.
    struct Item {
        std::string kind;
        std::string revision;
        std::string message;
    };
    std::vector<Item> findings;
    std::size_t revisions_checked = 0;  // went up, down and up again
    bool models_compared = false;
};

// `models`: read_checked_models' schema, or none to leave the models out.
VerifyReport verify_revisions(const Config& config, const RevisionMap& map, const std::optional<Schema>& models);

}  // namespace dbm
