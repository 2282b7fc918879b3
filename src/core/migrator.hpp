// Moves a live database along the revision graph (SPEC §7): every upgrade, downgrade,
// stamp and reset runs in one locked transaction, its plan made after the lock is taken,
// checked for broken foreign keys before COMMIT, and rolled back whole on any error.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/autogenerate.hpp"
#include "core/config.hpp"
#include "core/database_state.hpp"
#include "core/plan.hpp"
#include "core/plan_runner.hpp"
#include "core/program_cache.hpp"
#include "core/version_store.hpp"

namespace dbm {

// The CLI's window on a running migration, so that progress is printed as it happens.
class MigrationObserver {
public:
    enum class Phase { dropping, resetting, checking_foreign_keys };
    virtual ~MigrationObserver() = default;
    // While the backup is written: its path, then pages copied of the total.
    virtual void backup_progress(const std::filesystem::path&, std::uint64_t /*done*/, std::uint64_t /*total*/) {}
    virtual void backup_written(const std::filesystem::path&) {}
    // Whether rows_copied is worth reporting (someone watches a terminal): counting the
    // rows of each rebuilt table costs a scan.
    virtual bool wants_row_progress() const { return false; }
    // While a rebuild copies a table into its new shape: the rows copied of the total.
    virtual void rows_copied(std::string_view /*table*/, std::uint64_t /*done*/, std::uint64_t /*total*/) {}
    virtual void phase_started(Phase) {}
    virtual void phase_finished(Phase) {}
    virtual void step_started(const Step&) {}
    virtual void step_finished(const Step&) {}
    // Rows whose foreign keys were broken before the migration began: they do not stop it.
    virtual void broken_before(const std::vector<ForeignKeyViolation>&) {}
    // A line a C++ revision logged (op.log) while it runs.
    virtual void revision_logged(std::string_view) {}
};

struct ApplyOptions {
    std::string target;
    bool dry_run = false;
    bool backup = false;
    bool ignore_checksums = false;
    // Asked under the lock, once the plan is known and not empty, when `backup` is not set:
    // true backs up first (upgrade's backup before a revision that drops data).
    std::function<bool(const Plan& plan, std::span<const std::string> heads, Connection& connection)> backup_if;
};

struct ApplyOutcome {
    std::vector<std::string> heads_before;
    std::vector<std::string> heads_after;
    std::size_t steps = 0;
};

struct ResetOptions {
    bool backup = true;
    bool upgrade = false;
};

class Migrator {
public:
    Migrator(const Config& config, const RevisionMap& map, Connection& connection, MigrationObserver& observer);
    // A run nobody watches (a stamp during adoption, a replay into a scratch database).
    Migrator(const Config& config, const RevisionMap& map, Connection& connection);

    ApplyOutcome upgrade(const ApplyOptions& options);
    ApplyOutcome downgrade(const ApplyOptions& options);
    // Writes the version table only; returns the resolved target. With accept_changes,
    // every applied file that changed since it was applied (reviewed by the user) gets a
    // stamp row with its checksums now, in `accepted`; an empty target stamps nothing else.
    std::vector<std::string> stamp(std::string_view target, bool purge, bool accept_changes = false,
                                   std::vector<const Revision*>* accepted = nullptr);
    ApplyOutcome reset(const ResetOptions& options);
    // Applies or reverts exactly one revision, in a transaction of its own (`verify`'s
    // stairway on a scratch database). InputError when that is no legal move: an upgrade
    // needs its parents applied and itself not; a downgrade needs it to be a head.
    ApplyOutcome step(const Revision& revision, Direction direction);

private:
    // Runs body in the migration transaction, once no no-transaction revision is running
    // elsewhere (or, with clear_running, after clearing the marker one left).
    template <typename Body>
    auto in_migration(Body&& body, bool clear_running = false);
    void wait_while_running(bool clear);
    void verify_checksums(std::span<const std::string> heads);
    void backup();
    ApplyOutcome move(Direction direction, const ApplyOptions& options);
    // Runs every revision of the plan through the plan runner; returns the heads it leaves.
    std::vector<std::string> run_plan(const Plan& plan, std::span<const std::string> heads);
    // The plan runner's live target: this connection, the lock, the observer.
    class LiveTarget;
    RunContext run_context() {
        return {map_, connection_.dialect(), store_, &programs_,
                [this](std::string_view line) { observer_.revision_logged(line); }, introspect_options(config_)};
    }
    // Compiles the C++ revisions the move will run before the lock is taken, so that a
    // compile error holds no lock (the plan is made again under the lock; a revision that
    // raced in meanwhile compiles there).
    void compile_programs(Direction direction, const ApplyOptions& options);
    // An upgrade or downgrade plan from `heads` to `target`.
    Plan plan_move(Direction direction, std::span<const std::string> heads, std::span<const std::string> target) const;
    // Throws, after rolling back, when the work since the last commit broke a foreign key
    // reference that was not broken before it.
    void verify_foreign_keys();
    void commit_checked();
    // The version table and dbm_log, as this dbm writes them, in the current transaction.
    void create_own_tables(SqlSink& sink);

    // The work since the last commit, which verify_foreign_keys may undo and redo to tell
    // what it broke from what was broken before.
    struct Segment {
        const Plan* plan = nullptr;
        std::size_t first = 0, end = 0;  // revisions of plan->revisions
        std::vector<std::string> heads;  // before the first
        bool creates_tables = false;     // the version table and dbm_log were created in it
        bool first_ran_outside = false;  // the first is a no-transaction revision already run
    };
    void start_segment(const Plan* plan, std::size_t first, std::vector<std::string> heads, bool creates_tables,
                       bool first_ran_outside);

    const Config& config_;
    const RevisionMap& map_;
    Connection& connection_;
    MigrationObserver& observer_;
    VersionStore store_;
    ProgramCache programs_;
    std::string committed_at_;  // set when a no-transaction revision committed earlier work
    std::string partly_run_;    // a no-transaction revision that failed part-way
    std::optional<Segment> segment_;
};

}  // namespace dbm
