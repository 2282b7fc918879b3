#include "core/migrator.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>

#include <fmt/format.h>

#include "core/section_runner.hpp"
#include "dbm/error.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace dbm {

namespace {

std::string describe_violations(const std::vector<ForeignKeyViolation>& violations) {
    std::vector<std::string> items;
    for (std::size_t i = 0; i < violations.size() && i < 5; ++i)
        items.push_back(fmt::format("{} {} -> {}", violations[i].table, violations[i].row, violations[i].parent));
    if (violations.size() > 5) items.push_back(fmt::format("and {} more", violations.size() - 5));
    return text::join(items, ", ");
}

}  // namespace

Migrator::Migrator(const Config& config, const RevisionMap& map, Connection& connection, MigrationObserver& observer)
    : config_(config),
      map_(map),
      connection_(connection),
      observer_(observer),
      store_(connection.dialect(), config.version_table),
      programs_(config.migrations_dir) {
    map.require_bodies("the Migrator");
}

namespace {
MigrationObserver unwatched;
}

Migrator::Migrator(const Config& config, const RevisionMap& map, Connection& connection)
    : Migrator(config, map, connection, unwatched) {}

// Runs body inside the migration transaction; any error rolls everything back and says so.
template <typename Body>
auto Migrator::in_migration(Body&& body, bool clear_running) {
    committed_at_.clear();
    partly_run_.clear();
    segment_.reset();
    connection_.begin_migration();
    try {
        wait_while_running(clear_running);
        return body();
    } catch (Error& error) {
        connection_.rollback_migration();
        // Bad input is found before anything runs; only runtime failures need saying what
        // became of the work done, and only to a database that outlives the process (an
        // in-memory one is a scratch replay, e.g. for `check`).
        if ((error.exit_code() != ExitCode::failure && error.exit_code() != ExitCode::interrupted) ||
            config_.database.ephemeral)
            throw;
        if (!partly_run_.empty())
            error.append(fmt::format("; {} runs outside a transaction: what it did before it failed stays, and it is not "
                                     "recorded as applied (the database is recorded at {})",
                                     partly_run_, committed_at_));
        else if (committed_at_.empty())
            error.append("; rolled back, the database is unchanged");
        else
            error.append(fmt::format("; rolled back to the last commit: the database is at {}", committed_at_));
        throw;
    } catch (...) {
        connection_.rollback_migration();
        throw;
    }
}

void Migrator::wait_while_running(bool clear) {
    // A no-transaction revision runs outside the lock; the marker it leaves stands for the
    // lock meanwhile, so that it runs exactly once however many dbm processes race.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config_.lock_timeout_ms);
    while (const auto running = store_.running(connection_)) {
        if (clear) {
            ConnectionSink sink(connection_);
            store_.clear_running(sink);
            return;
        }
        if (std::chrono::steady_clock::now() >= deadline)
            throw Error(fmt::format("revision {} (no-transaction, {}) has been running since {} in process {}; gave up "
                                    "waiting after {} ms (lock_timeout_ms). If no dbm runs it any more, it was "
                                    "interrupted: check what it did, then record the truth with 'dbm stamp --purge REV'",
                                    running->revision, running->direction, running->started_at, running->pid,
                                    config_.lock_timeout_ms));
        connection_.rollback_migration();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        connection_.begin_migration();
    }
}

void Migrator::verify_checksums(std::span<const std::string> heads) {
    const auto changed = changed_revisions(config_, map_, connection_, heads);
    if (changed.empty()) return;
    const auto what = [](const ChangedRevision& item) {
        const std::string found = item.what_changed();
        return found.empty() ? std::string("its SHA-256 differs from dbm_log's") : found;
    };
    std::string files;
    if (changed.size() == 1) {
        files = fmt::format("{} changed after it was applied ({})", paths::display(changed[0].revision->path), what(changed[0]));
    } else {
        std::vector<std::string> items;
        for (const auto& item : changed) items.push_back(fmt::format("{} ({})", paths::display(item.revision->path), what(item)));
        files = text::join(items, ", ") + " changed after they were applied";
    }
    throw Error(fmt::format("{}; review the change and accept it with 'dbm stamp --accept-changes', or restore the file, "
                            "or pass --ignore-checksums",
                            files));
}

void Migrator::backup() {
    if (config_.database.ephemeral) throw InputError("--backup: an in-memory database cannot be backed up");
    if (connection_.is_empty()) return;
    observer_.backup_written(connection_.back_up(
        [this](const std::filesystem::path& path, std::uint64_t done, std::uint64_t total) {
            observer_.backup_progress(path, done, total);
        }));
}

namespace {

// What `after` holds beyond `before`, row for row.
std::vector<ForeignKeyViolation> added_violations(const std::vector<ForeignKeyViolation>& after,
                                                  std::vector<ForeignKeyViolation> before) {
    std::vector<ForeignKeyViolation> added;
    for (const auto& violation : after) {
        const auto same = std::find_if(before.begin(), before.end(), [&](const ForeignKeyViolation& other) {
            return other.table == violation.table && other.row == violation.row && other.parent == violation.parent;
        });
        if (same == before.end())
            added.push_back(violation);
        else
            before.erase(same);
    }
    return added;
}

// Whether the SQL names `table` (as a whole word, in any case).
bool mentions(std::string_view sql, const std::string& table) {
    const std::string haystack = text::lower(sql), needle = text::lower(table);
    const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) {
        const bool starts = at == 0 || !word(haystack[at - 1]);
        const bool ends = at + needle.size() == haystack.size() || !word(haystack[at + needle.size()]);
        if (starts && ends) return true;
    }
    return false;
}

}  // namespace

void Migrator::start_segment(const Plan* plan, std::size_t first, std::vector<std::string> heads, bool creates_tables,
                             bool first_ran_outside) {
    // The savepoint lets the foreign-key check undo the segment, see what was broken before
    // it, and redo it, all under the lock.
    connection_.execute("SAVEPOINT dbm_segment");
    segment_ = Segment{plan, first, first, std::move(heads), creates_tables, first_ran_outside};
}

void Migrator::verify_foreign_keys() {
    std::vector<ForeignKeyViolation> violations = connection_.foreign_key_violations();
    if (violations.empty()) return;
    observer_.phase_started(MigrationObserver::Phase::checking_foreign_keys);
    // Rows broken before the migration do not stop it (SQLite leaves foreign keys off by
    // default, so databases often hold some); only the ones it breaks do. Telling them
    // apart means undoing the work and redoing it: paid only when some row is broken.
    if (segment_ && segment_->plan) {
        connection_.execute("ROLLBACK TO dbm_segment");
        const std::vector<ForeignKeyViolation> before = connection_.foreign_key_violations();
        if (!before.empty()) {
            ConnectionSink sink(connection_);
            if (segment_->creates_tables) create_own_tables(sink);
            HeadTracker tracker(map_, segment_->heads);
            for (std::size_t i = segment_->first; i < segment_->end; ++i)
                apply_revision(run_context(), *segment_->plan, *segment_->plan->revisions[i], tracker, sink,
                               !(i == segment_->first && segment_->first_ran_outside), std::chrono::steady_clock::now());
            violations = added_violations(connection_.foreign_key_violations(), before);
            if (violations.empty()) {
                observer_.phase_finished(MigrationObserver::Phase::checking_foreign_keys);
                observer_.broken_before(before);
                return;
            }
        }
    }
    std::vector<std::string> culprits;
    if (segment_ && segment_->plan) {
        for (std::size_t i = segment_->first; i < segment_->end; ++i) {
            const Revision& revision = *segment_->plan->revisions[i];
            const std::string_view sql = body_text(revision, segment_->plan->direction);
            if (std::any_of(violations.begin(), violations.end(),
                            [&](const auto& v) { return mentions(sql, v.table) || mentions(sql, v.parent); }))
                culprits.push_back(revision.name());
        }
    }
    connection_.rollback_migration();
    throw Error(fmt::format("the migration breaks {} foreign key reference(s): {}{}", violations.size(),
                            describe_violations(violations),
                            culprits.empty() ? std::string() : fmt::format(" (by {}, which changes these tables)", text::join(culprits, ", "))));
}

void Migrator::create_own_tables(SqlSink& sink) {
    store_.create_tables(sink);
    store_.add_section_columns(connection_, sink);
}

void Migrator::commit_checked() {
    verify_foreign_keys();
    connection_.commit_migration();
    segment_.reset();
}

class Migrator::LiveTarget final : public PlanTarget {
public:
    LiveTarget(Migrator& migrator, const Plan& plan, std::span<const std::string> heads)
        : m_(migrator), plan_(plan), heads_(heads.begin(), heads.end()), sink_(migrator.connection_) {}

    SqlSink& sink() override { return sink_; }
    bool live() const override { return true; }
    void create_own_tables() override {
        m_.start_segment(&plan_, 0, heads_, true, false);
        m_.create_own_tables(sink_);
    }
    void section_starting(const Step& step) override { m_.observer_.step_started(step); }
    void revision_done(const Step& step, std::size_t index) override {
        m_.segment_->end = index + 1;
        m_.observer_.step_finished(step);
    }
    // It runs outside any transaction: commit what came before, run it statement by
    // statement, then take the lock again and check nobody moved the version table.
    void leave_transaction(const Revision& revision, std::span<const std::string> heads) override {
        m_.store_.mark_running(sink_, revision, to_string(plan_.direction));
        m_.commit_checked();
        m_.committed_at_ = names_of(m_.map_, heads);
    }
    void outside_failed(const Revision& revision) override {
        // What ran stays; the marker goes, since this process says what happened.
        m_.partly_run_ = revision.name();
        m_.connection_.begin_migration();
        m_.store_.clear_running(sink_);
        m_.connection_.commit_migration();
    }
    void enter_transaction(const Revision&, std::span<const std::string> heads, std::size_t index) override {
        m_.connection_.begin_migration();
        std::vector<std::string> expected(heads.begin(), heads.end());
        std::sort(expected.begin(), expected.end());
        if (m_.store_.read_heads(m_.connection_) != expected)
            throw Error("another process changed the version table while a no-transaction revision ran");
        m_.start_segment(&plan_, index, {heads.begin(), heads.end()}, false, true);
        m_.store_.clear_running(sink_);
    }

private:
    Migrator& m_;
    const Plan& plan_;
    std::vector<std::string> heads_;
    ConnectionSink sink_;
};

std::vector<std::string> Migrator::run_plan(const Plan& plan, std::span<const std::string> heads) {
    check_plan(run_context(), plan);
    LiveTarget target(*this, plan, heads);
    if (!observer_.wants_row_progress()) return dbm::run_plan(run_context(), plan, heads, target);
    connection_.report_copies([this](std::string_view table, std::uint64_t done, std::uint64_t total) {
        observer_.rows_copied(table, done, total);
    });
    struct StopReporting {
        Connection& connection;
        ~StopReporting() { connection.report_copies({}); }
    } stop{connection_};
    return dbm::run_plan(run_context(), plan, heads, target);
}

Plan Migrator::plan_move(Direction direction, std::span<const std::string> heads,
                         std::span<const std::string> target) const {
    return direction == Direction::upgrade ? plan_upgrade(map_, heads, target) : plan_downgrade(map_, heads, target);
}

void Migrator::compile_programs(Direction direction, const ApplyOptions& options) {
    if (!map_.has_programs()) return;
    Plan plan;
    try {
        const auto heads = current_heads(config_, map_, connection_);
        const auto target = map_.resolve(options.target, heads);
        plan = plan_move(direction, heads, target);
    } catch (const Error&) {
        return;  // said under the lock, where the plan is made for real
    }
    for (const Revision* revision : plan.revisions)
        if (revision->is_program()) programs_.executable(*revision);
}

ApplyOutcome Migrator::move(Direction direction, const ApplyOptions& options) {
    compile_programs(direction, options);
    return in_migration([&] {
        ApplyOutcome outcome;
        outcome.heads_before = current_heads(config_, map_, connection_);
        if (!options.ignore_checksums) verify_checksums(outcome.heads_before);
        const auto target = map_.resolve(options.target, outcome.heads_before);
        const Plan plan = plan_move(direction, outcome.heads_before, target);
        outcome.steps = plan.revisions.size();
        if (plan.revisions.empty()) {
            outcome.heads_after = outcome.heads_before;
            connection_.rollback_migration();
            return outcome;
        }
        for (const Revision* revision : plan.revisions) {
            if (options.dry_run && !revision->transactional)
                throw InputError(fmt::format("--dry-run cannot include {}: it is marked no-transaction and commits on "
                                             "its own",
                                             revision->name()));
        }
        if (options.backup || (!options.dry_run && options.backup_if && !config_.database.ephemeral &&
                               options.backup_if(plan, outcome.heads_before, connection_)))
            backup();
        outcome.heads_after = run_plan(plan, outcome.heads_before);
        if (options.dry_run) {
            verify_foreign_keys();
            connection_.rollback_migration();
        } else {
            commit_checked();
        }
        return outcome;
    });
}

ApplyOutcome Migrator::step(const Revision& revision, Direction direction) {
    if (revision.is_program()) programs_.executable(revision);
    return in_migration([&] {
        ApplyOutcome outcome;
        outcome.heads_before = current_heads(config_, map_, connection_);
        const HeadTracker tracker(map_, outcome.heads_before);
        const bool applied = tracker.applied().count(revision.id) > 0;
        const auto all_applied = [&](const std::vector<std::string>& ids) {
            return std::all_of(ids.begin(), ids.end(), [&](const std::string& id) { return tracker.applied().count(id) > 0; });
        };
        const bool legal =
            direction == Direction::upgrade
                ? !applied && all_applied(revision.down_revisions) && all_applied(revision.depends_on)
                : std::find(outcome.heads_before.begin(), outcome.heads_before.end(), revision.id) !=
                      outcome.heads_before.end();
        if (!legal)
            throw InputError(fmt::format("cannot {} {} alone from {}", to_string(direction), revision.name(),
                                         names_of(map_, outcome.heads_before)));
        const Plan plan{direction, {&revision}};
        outcome.steps = 1;
        outcome.heads_after = run_plan(plan, outcome.heads_before);
        commit_checked();
        return outcome;
    });
}

ApplyOutcome Migrator::upgrade(const ApplyOptions& options) { return move(Direction::upgrade, options); }

ApplyOutcome Migrator::downgrade(const ApplyOptions& options) { return move(Direction::downgrade, options); }

std::vector<std::string> Migrator::stamp(std::string_view target_spec, bool purge, bool accept_changes,
                                         std::vector<const Revision*>* accepted) {
    // --purge records the truth after an interrupted no-transaction revision: it clears the
    // marker instead of waiting for it.
    return in_migration([&] {
        store_.verify(connection_);
        const std::vector<std::string> before = purge ? std::vector<std::string>{} : current_heads(config_, map_, connection_);
        const std::vector<std::string> target = target_spec.empty() ? before : map_.resolve(target_spec, before);
        const std::vector<std::string> after = target_spec.empty() ? before : stamp_heads(map_, before, target);
        // Read before anything is written: the rows this stamp adds are not changes.
        const std::vector<ChangedRevision> changed = accept_changes ? changed_revisions(config_, map_, connection_, after) : std::vector<ChangedRevision>{};
        ConnectionSink sink(connection_);
        create_own_tables(sink);
        if (!target_spec.empty()) store_.replace_heads(sink, after);
        const RevisionSet added = log_stamped(run_context(), sink, before, after, true);
        for (const ChangedRevision& item : changed) {
            if (added.count(item.revision->id)) continue;
            store_.log(sink, *item.revision, "stamp", std::nullopt, true);
            if (accepted) accepted->push_back(item.revision);
        }
        // Only dbm's own tables changed: there is no foreign key to check.
        connection_.commit_migration();
        return target;
    }, purge);
}

ApplyOutcome Migrator::reset(const ResetOptions& options) {
    // Resolve the target first: an error must come before anything is dropped.
    const std::vector<std::string> target = options.upgrade ? map_.resolve("head", {}) : std::vector<std::string>{};
    return in_migration([&] {
        ApplyOutcome outcome;
        outcome.heads_before = store_.read_heads(connection_);
        if (options.backup) backup();
        // Dropping empties the application's schema; resetting then forgets every applied
        // revision by dropping dbm's own tables (the backup keeps them).
        observer_.phase_started(MigrationObserver::Phase::dropping);
        connection_.drop_all_objects(store_.own_tables());
        observer_.phase_finished(MigrationObserver::Phase::dropping);
        observer_.phase_started(MigrationObserver::Phase::resetting);
        ConnectionSink sink(connection_);
        store_.drop_tables(sink);
        observer_.phase_finished(MigrationObserver::Phase::resetting);
        if (options.upgrade) {
            const Plan plan = plan_upgrade(map_, {}, target);
            outcome.steps = plan.revisions.size();
            outcome.heads_after = run_plan(plan, {});
        }
        commit_checked();
        return outcome;
    });
}

}  // namespace dbm
