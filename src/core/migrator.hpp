// Moves a live database along the revision graph (SPEC §7): every upgrade, downgrade,
// stamp and reset runs in one locked transaction, its plan made after the lock is taken,
// checked for broken foreign keys before COMMIT, and rolled back whole on any error.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/plan.hpp"
#include "core/version_store.hpp"

namespace dbm {

struct Step {
    Direction direction;
    const Revision* revision;
    std::string destination;  // where the step leaves the database, as output names it
};

// The CLI's window on a running migration, so that progress is printed as it happens.
class MigrationObserver {
public:
    enum class Phase { dropping, resetting };
    virtual ~MigrationObserver() = default;
    virtual void backup_written(const std::filesystem::path&) {}
    virtual void phase_started(Phase) {}
    virtual void phase_finished(Phase) {}
    virtual void step_started(const Step&) {}
    virtual void step_finished(const Step&) {}
};

struct MigrateOptions {
    std::string target;
    bool dry_run = false;
    bool backup = false;
    bool ignore_checksums = false;
};

struct MigrateOutcome {
    std::vector<std::string> heads_before;
    std::vector<std::string> heads_after;
    std::size_t steps = 0;
};

struct ResetOptions {
    bool backup = true;
    bool upgrade = false;
};

// A revision whose file no longer matches the checksum recorded when it was applied.
struct ChangedRevision {
    const Revision* revision;
    std::string recorded_checksum;
};

class Migrator {
public:
    Migrator(const Config& config, const RevisionMap& map, Connection& connection, MigrationObserver& observer);

    MigrateOutcome upgrade(const MigrateOptions& options);
    MigrateOutcome downgrade(const MigrateOptions& options);
    // Writes the version table only; returns the resolved target.
    std::vector<std::string> stamp(std::string_view target, bool purge);
    MigrateOutcome reset(const ResetOptions& options);

    // The database's heads, read without taking the lock. Error when one of them has no
    // revision file.
    std::vector<std::string> current_heads();
    // Applied revisions whose files changed since.
    std::vector<ChangedRevision> changed_revisions(std::span<const std::string> heads);

private:
    template <typename Body>
    auto in_migration(Body&& body);
    std::vector<std::string> known_heads();
    void verify_checksums(std::span<const std::string> heads);
    void backup();
    MigrateOutcome move(Direction direction, const MigrateOptions& options);
    // Runs every revision of the plan; returns the heads it leaves.
    std::vector<std::string> run_plan(const Plan& plan, std::span<const std::string> heads);
    // Throws, after rolling back, when the migration broke a foreign key reference.
    void verify_foreign_keys();
    void commit_checked();

    const Config& config_;
    const RevisionMap& map_;
    Connection& connection_;
    MigrationObserver& observer_;
    VersionStore store_;
    std::string committed_at_;  // set when a no-transaction revision committed earlier work
};

// "<db>.<UTC timestamp>.bak" beside the database, never an existing file's name.
std::filesystem::path backup_path_for(const std::filesystem::path& database);

}  // namespace dbm
