#include "core/migrator.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

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
        items.push_back(fmt::format("{} rowid {} -> {}", violations[i].table, violations[i].rowid, violations[i].parent));
    if (violations.size() > 5) items.push_back(fmt::format("and {} more", violations.size() - 5));
    return text::join(items, ", ");
}

}  // namespace

fs::path backup_path_for(const fs::path& database) {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
    fs::path candidate = database.string() + "." + stamp + ".bak";
    for (int n = 2; fs::exists(candidate); ++n) candidate = fmt::format("{}.{}-{}.bak", database.string(), stamp, n);
    return candidate;
}

Migrator::Migrator(const Config& config, const RevisionMap& map, Connection& connection, MigrationObserver& observer)
    : config_(config),
      map_(map),
      connection_(connection),
      observer_(observer),
      store_(connection.dialect(), config.version_table) {}

// Runs body inside the migration transaction; any error rolls everything back and says so.
template <typename Body>
auto Migrator::in_migration(Body&& body) {
    committed_at_.clear();
    connection_.begin_migration();
    try {
        return body();
    } catch (Error& error) {
        connection_.rollback_migration();
        // Bad input is found before anything runs; only runtime failures need saying what
        // became of the work done, and only to a database that outlives the process (an
        // in-memory one is a scratch replay, e.g. for `check`).
        if (error.exit_code() != ExitCode::failure || config_.database.in_memory) throw;
        if (committed_at_.empty())
            error.append("; rolled back, the database is unchanged");
        else
            error.append(fmt::format("; rolled back to the last commit: the database is at {}", committed_at_));
        throw;
    } catch (...) {
        connection_.rollback_migration();
        throw;
    }
}

std::vector<std::string> Migrator::known_heads() {
    std::vector<std::string> heads = store_.read_heads(connection_);
    for (const auto& id : heads) {
        if (map_.find(id)) continue;
        throw Error(fmt::format("the database is at revision '{}', which no file in {} defines; restore that file, "
                                "or re-stamp with 'dbm stamp --purge REV'",
                                id, paths::display(config_.versions_dir())));
    }
    return heads;
}

std::vector<std::string> Migrator::current_heads() { return known_heads(); }

std::vector<ChangedRevision> Migrator::changed_revisions(std::span<const std::string> heads) {
    std::vector<ChangedRevision> changed;
    const auto recorded = store_.recorded_checksums(connection_);
    for (const Revision* revision : map_.in_order(map_.ancestors(heads))) {
        const auto it = recorded.find(revision->id);
        if (it != recorded.end() && it->second != revision->checksum) changed.push_back({revision, it->second});
    }
    return changed;
}

void Migrator::verify_checksums(std::span<const std::string> heads) {
    const auto changed = changed_revisions(heads);
    if (changed.empty()) return;
    std::vector<std::string> files;
    for (const auto& item : changed) files.push_back(paths::display(item.revision->path));
    throw Error(fmt::format("{} changed after it was applied (its SHA-256 differs from dbm_log); restore it, or pass "
                            "--ignore-checksums",
                            text::join(files, ", ")));
}

void Migrator::backup() {
    if (config_.database.in_memory) throw InputError("--backup: an in-memory database cannot be backed up");
    if (connection_.is_empty()) return;
    const fs::path path = backup_path_for(config_.database.path);
    connection_.backup_to(path);
    observer_.backup_written(path);
}

void Migrator::verify_foreign_keys() {
    const auto violations = connection_.foreign_key_violations();
    if (violations.empty()) return;
    // Tell apart what this migration broke from what was already broken before it.
    connection_.rollback_migration();
    const auto before = connection_.foreign_key_violations();
    if (!before.empty())
        throw Error(fmt::format("the database already had {} broken foreign key reference(s) before this migration "
                                "({}); fix them first",
                                before.size(), describe_violations(before)));
    throw Error(fmt::format("the migration breaks {} foreign key reference(s): {}", violations.size(),
                            describe_violations(violations)));
}

void Migrator::commit_checked() {
    verify_foreign_keys();
    connection_.commit_migration();
}

std::vector<std::string> Migrator::run_plan(const Plan& plan, std::span<const std::string> heads) {
    const Dialect& dialect = connection_.dialect();
    for (const Revision* revision : plan.revisions) check_section(dialect, *revision, plan.direction);
    ConnectionSink sink(connection_);
    store_.create_tables(sink);
    HeadTracker tracker(map_, heads);
    for (const Revision* revision : plan.revisions) {
        const Step step{plan.direction, revision, destination_name(map_, *revision, plan.direction)};
        const auto started = std::chrono::steady_clock::now();
        observer_.step_started(step);
        if (revision->transactional) {
            run_section(sink, dialect, *revision, plan.direction);
        } else {
            // It runs outside any transaction: commit what came before, run it statement by
            // statement, then take the lock again and check nobody moved the version table.
            commit_checked();
            committed_at_ = names_of(map_, tracker.heads());
            run_section(sink, dialect, *revision, plan.direction);
            connection_.begin_migration();
            auto expected = tracker.heads();
            std::sort(expected.begin(), expected.end());
            if (store_.read_heads(connection_) != expected)
                throw Error("another process changed the version table while a no-transaction revision ran");
        }
        store_.update_heads(sink, tracker.step(*revision, plan.direction));
        const auto elapsed =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        store_.log(sink, *revision, to_string(plan.direction), elapsed.count());
        observer_.step_finished(step);
    }
    return tracker.heads();
}

MigrateOutcome Migrator::move(Direction direction, const MigrateOptions& options) {
    return in_migration([&] {
        MigrateOutcome outcome;
        outcome.heads_before = known_heads();
        if (!options.ignore_checksums) verify_checksums(outcome.heads_before);
        const auto target = map_.resolve(options.target, outcome.heads_before);
        const Plan plan = direction == Direction::upgrade ? plan_upgrade(map_, outcome.heads_before, target)
                                                          : plan_downgrade(map_, outcome.heads_before, target);
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
        if (options.backup) backup();
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

MigrateOutcome Migrator::upgrade(const MigrateOptions& options) { return move(Direction::upgrade, options); }

MigrateOutcome Migrator::downgrade(const MigrateOptions& options) { return move(Direction::downgrade, options); }

std::vector<std::string> Migrator::stamp(std::string_view target_spec, bool purge) {
    return in_migration([&] {
        const std::vector<std::string> before = purge ? std::vector<std::string>{} : known_heads();
        const std::vector<std::string> target = map_.resolve(target_spec, before);
        const std::vector<std::string> after = stamp_heads(map_, before, target);
        ConnectionSink sink(connection_);
        store_.create_tables(sink);
        store_.replace_heads(sink, after);
        const RevisionSet already = map_.ancestors(before);
        RevisionSet added;
        for (const auto& id : map_.ancestors(after))
            if (!already.count(id)) added.insert(id);
        for (const Revision* revision : map_.in_order(added)) store_.log(sink, *revision, "stamp", std::nullopt);
        // Only dbm's own tables changed: there is no foreign key to check.
        connection_.commit_migration();
        return target;
    });
}

MigrateOutcome Migrator::reset(const ResetOptions& options) {
    // Resolve the target first: an error must come before anything is dropped.
    const std::vector<std::string> target = options.upgrade ? map_.resolve("head", {}) : std::vector<std::string>{};
    return in_migration([&] {
        MigrateOutcome outcome;
        outcome.heads_before = store_.read_heads(connection_);
        if (options.backup) backup();
        // Dropping empties the application's schema; resetting then forgets every applied
        // revision by dropping dbm's own tables (the backup keeps them).
        observer_.phase_started(MigrationObserver::Phase::dropping);
        connection_.drop_all_objects({store_.version_table(), log_table_name});
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
