// What a database records of its revisions, read without taking the lock: for the read
// commands (current, check, migrate's "up to date" test) and for the Migrator itself.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/revision_map.hpp"
#include "core/version_store.hpp"
#include "dbm/database.hpp"

namespace dbm {

// A revision whose file no longer matches the checksum recorded when it was applied.
struct ChangedRevision {
    const Revision* revision;
    RecordedChecksum recorded;
    // What differs, for messages: "only its downgrade section (its upgrade section is as
    // applied)", ...; empty when dbm_log has no section checksums for it.
    std::string what_changed() const;
};

// The database's heads. Error when one of them has no revision file.
std::vector<std::string> current_heads(const Config& config, const RevisionMap& map, Connection& connection);

// Applied revisions (ancestors of `heads`) whose files changed since.
std::vector<ChangedRevision> changed_revisions(const Config& config, const RevisionMap& map, Connection& connection,
                                               std::span<const std::string> heads);

// One revision as `dbm status` shows it.
struct RevisionStatus {
    const Revision* revision;
    bool applied = false;                     // an ancestor of (or one of) the database's heads
    std::optional<RecordedChecksum> recorded; // dbm_log's last upgrade or stamp of it
    // Applied, recorded, and its file differs from what was applied.
    bool changed() const { return applied && recorded && recorded->file != revision->checksum; }
};

// Every revision, oldest first (the order they apply), with what the database records of
// it, read from one state of the database. `heads` gets the database's heads.
std::vector<RevisionStatus> revision_statuses(const Config& config, const RevisionMap& map, Connection& connection,
                                              std::vector<std::string>& heads);

}  // namespace dbm
