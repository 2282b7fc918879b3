// One loop for every run of a plan, live (Migrator) or written out as a script (--sql),
// as Alembic runs both through one migration context: it checks the sections, runs each
// revision's section, and records it (the version table and dbm_log) in one place. What
// differs, the sink and what happens around a no-transaction revision, is the target's.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/plan.hpp"
#include "core/revision_map.hpp"
#include "core/version_store.hpp"

namespace dbm {

struct Step {
    Direction direction;
    const Revision* revision;
    std::string destination;  // where the step leaves the database, as output names it
};

// Where a plan runs. The loop calls, for each revision: revision_starting, then (only for a
// no-transaction revision) leave_transaction, section_starting, the section, then
// enter_transaction (or outside_failed when the section failed), the record, and
// revision_done.
class PlanTarget {
public:
    virtual ~PlanTarget() = default;
    virtual SqlSink& sink() = 0;
    // A live run records how long each revision took and its sections' checksums.
    virtual bool live() const = 0;
    // The version table and dbm_log, before the first revision.
    virtual void create_own_tables() = 0;
    virtual void revision_starting(const Step&, std::span<const std::string> heads_before) { (void)heads_before; }
    virtual void section_starting(const Step&) {}
    virtual void leave_transaction(const Revision& revision, std::span<const std::string> heads) = 0;
    virtual void enter_transaction(const Revision& revision, std::span<const std::string> heads, std::size_t index) = 0;
    virtual void outside_failed(const Revision&) {}
    virtual void revision_done(const Step&, std::size_t index) { (void)index; }
};

class ProgramCache;

struct RunContext {
    const RevisionMap& map;
    const Dialect& dialect;
    const VersionStore& store;
    // For C++ revisions: where their programs are compiled, and who prints what they log.
    // A run without them (a script) refuses C++ revisions.
    ProgramCache* programs = nullptr;
    std::function<void(std::string_view)> log = {};
    IntrospectOptions introspect = {};  // what a program's schema operations leave out
};

// Runs one revision's body into the sink: its SQL section, or its program (which needs a
// live connection: InputError naming the revision for a script).
void run_body(const RunContext& context, SqlSink& sink, const Revision& revision, Direction direction);

// InputError, before anything runs, when a section of the plan may not run (section_runner.hpp).
void check_plan(const RunContext& context, const Plan& plan);

// Runs the plan (checked first) from `heads`; returns the heads it leaves.
std::vector<std::string> run_plan(const RunContext& context, const Plan& plan, std::span<const std::string> heads,
                                  PlanTarget& target);

// One revision's section (when `run_section`) and its record into `sink`: the heads
// `tracker` moves to, and a dbm_log row (with the time since `started` in a live run).
void apply_revision(const RunContext& context, const Plan& plan, const Revision& revision, HeadTracker& tracker,
                    SqlSink& sink, bool run_section,
                    std::optional<std::chrono::steady_clock::time_point> started);

// What a stamp from `before` to `after` records: a "stamp" row for each revision that
// becomes applied. Returns those revisions.
RevisionSet log_stamped(const RunContext& context, SqlSink& sink, std::span<const std::string> before,
                 std::span<const std::string> after, bool live);

}  // namespace dbm
