// upgrade, downgrade, stamp, reset: commands that move a database along the graph.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <functional>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "core/database_state.hpp"
#include "core/lint.hpp"
#include "core/migrator.hpp"
#include "core/offline_script.hpp"
#include "dbm/error.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace dbm::cli {

namespace {

// A revision the run applied or reverted, for --json.
struct StepDone {
    std::string revision;
    std::string name;  // <rev>_<slug>
    Direction direction;
    std::string destination;
    std::int64_t duration_ms = 0;
};

// Prints each step of a running migration as it happens, and keeps what --json reports.
class PrintingObserver final : public MigrationObserver {
public:
    PrintingObserver(Output& out, const Connection& connection) : out_(out), connection_(connection) {}

    std::vector<StepDone> steps;
    std::optional<std::string> backup;
    std::vector<std::string> logged;

    // "  Backing up app.db to app.db.<ts>.bak..." while it copies (on a terminal, the pages
    // copied of the total beside the elapsed time), then "done".
    void backup_progress(const std::filesystem::path& path, std::uint64_t done, std::uint64_t total) override {
        if (!backup_open_) {
            out_.begin_step(fmt::format("Backing up {} to {}", connection_.display_name(), paths::display(path)));
            backup_open_ = true;
        }
        if (total > 0) out_.step_detail(fmt::format("{} of {} pages", done, total));
    }
    void backup_written(const std::filesystem::path& path) override {
        backup = paths::display(path);
        if (backup_open_) {
            backup_open_ = false;
            out_.end_step();
        } else {
            out_.step(fmt::format("Backing up {} to {}", connection_.display_name(), *backup));
        }
    }
    // On a terminal, "users: 1200 of 5000 rows copied" beside the step's elapsed time.
    bool wants_row_progress() const override { return out_.shows_progress(); }
    void rows_copied(std::string_view table, std::uint64_t done, std::uint64_t total) override {
        out_.step_detail(fmt::format("{}: {} of {} rows copied", text::printable(table), done, total));
    }
    void phase_started(Phase phase) override {
        out_.begin_step(phase == Phase::dropping    ? "Dropping all tables"
                        : phase == Phase::resetting ? "Resetting database to initial state"
                                                    : "Checking foreign keys");
    }
    void broken_before(const std::vector<ForeignKeyViolation>& violations) override {
        std::vector<std::string> items;
        for (std::size_t i = 0; i < violations.size() && i < 5; ++i)
            items.push_back(fmt::format("{} {} -> {}", violations[i].table, violations[i].row, violations[i].parent));
        if (violations.size() > 5) items.push_back(fmt::format("and {} more", violations.size() - 5));
        out_.warn(fmt::format("warning: {} already had {} broken foreign key reference(s) before this migration ({}); "
                              "they do not stop it, but fix them",
                              connection_.display_name(), violations.size(), text::join(items, ", ")));
    }
    void phase_finished(Phase) override { out_.end_step(); }
    void step_started(const Step& step) override {
        started_ = std::chrono::steady_clock::now();
        out_.begin_step(fmt::format("{} to {}", step.direction == Direction::upgrade ? "Upgrading" : "Downgrading",
                                    step.destination));
    }
    void step_finished(const Step& step) override {
        const auto spent = std::chrono::steady_clock::now() - started_;
        steps.push_back({step.revision->id, step.revision->name(), step.direction, step.destination,
                         std::chrono::duration_cast<std::chrono::milliseconds>(spent).count()});
        out_.end_step();
    }
    // On stderr: the step's line on stdout stays whole.
    void revision_logged(std::string_view line) override {
        logged.emplace_back(line);
        out_.note(fmt::format("    {}", line));
    }

private:
    Output& out_;
    const Connection& connection_;
    std::chrono::steady_clock::time_point started_;
    bool backup_open_ = false;
};

// --json of upgrade, downgrade and reset: what ran, and where it left the database.
void json_run(Output& out, const Project& project, const PrintingObserver& observer, const ApplyOutcome& outcome,
              bool dry_run, std::chrono::steady_clock::time_point began) {
    Json json;
    json.begin_object().key("database").value(project.config.database.display).key("dry_run").value(dry_run);
    json.key("steps").begin_array();
    for (const StepDone& step : observer.steps) {
        json.begin_object().key("revision").value(step.revision).key("name").value(step.name);
        json.key("direction").value(to_string(step.direction)).key("destination").value(step.destination);
        json.key("duration_ms").value(step.duration_ms).end_object();
    }
    json.end_array();
    json.key("heads_before").value(outcome.heads_before).key("heads_after").value(outcome.heads_after);
    json.key("backup");
    if (observer.backup) json.value(*observer.backup); else json.null();
    json.key("log").value(observer.logged);
    const auto spent = std::chrono::steady_clock::now() - began;
    json.key("duration_ms").value(static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(spent).count()));
    out.result(json);
}

// --json of --sql: the script as one string.
void json_script(Output& out, const std::string& script) {
    Json json;
    json.begin_object().key("script").value(script);
    out.result(json);
}

std::unique_ptr<Connection> open_for_writing(const Config& config) {
    return open_connection(config.database, {OpenOptions::Mode::read_write, config.lock_timeout_ms});
}

void print_script(const Project& project, Output& out,
                  const std::function<void(std::ostream&, const OfflineContext&)>& write) {
    const Dialect& dialect = dialect_for(project.config.database);
    const VersionStore store(dialect, project.config.version_table);
    const std::string& database = project.config.database.display;
    // Written whole at the end: an error half-way must not leave half a script on stdout.
    std::ostringstream script;
    write(script, OfflineContext{project.map, dialect, store, database, &project.config});
    if (out.json())
        json_script(out, script.str());
    else
        std::cout << script.str() << std::flush;
}

// SPEC §7.4, nothing lost without a backup: an upgrade that lint says drops data (a table
// or column holding rows) backs up first, unless --no-backup. Asked by the Migrator under
// the lock, with the plan it is about to run; only revisions that can drop anything are
// linted, so an upgrade that cannot costs nothing more.
std::function<bool(const Plan&, std::span<const std::string>, Connection&)> backup_if_lossy(const Project& project,
                                                                                            Output& out) {
    return [&project, &out](const Plan& plan, std::span<const std::string> heads, Connection& connection) {
        if (std::none_of(plan.revisions.begin(), plan.revisions.end(), [](const Revision* r) { return may_drop(*r); }))
            return false;
        std::vector<std::string> target;
        for (const Revision* revision : plan.revisions) target.push_back(revision->id);
        const LintReport report = lint_upgrade(project.config, project.map, heads, target, &connection);
        std::vector<std::string> lossy;
        for (const auto& finding : report.findings)
            if (finding.loses_data) lossy.push_back(finding.message);
        if (lossy.empty()) return false;
        out.note(fmt::format("Backing up first, as {} (--no-backup to skip):",
                             lossy.size() == 1 ? "this drops data" : "these drop data"));
        for (const auto& line : lossy) out.note("  " + line);
        return true;
    };
}

// upgrade and downgrade: a live run (--json reports it; a text run printed its steps).
ApplyOutcome move(const Project& project, Direction direction, const UpgradeOptions& options, Output& out) {
    const auto began = std::chrono::steady_clock::now();
    const auto connection = open_for_writing(project.config);
    PrintingObserver observer(out, *connection);
    Migrator migrator(project.config, project.map, *connection, observer);
    // Downgrade does not verify checksums: fixing a broken downgrade section is the usual
    // reason to edit a file that was applied.
    dbm::ApplyOptions migrate{options.revision, options.dry_run, options.backup,
                              options.ignore_checksums || direction == Direction::downgrade, {}};
    if (direction == Direction::upgrade && !options.no_backup) migrate.backup_if = backup_if_lossy(project, out);
    const ApplyOutcome outcome = direction == Direction::upgrade ? migrator.upgrade(migrate) : migrator.downgrade(migrate);
    if (out.json()) json_run(out, project, observer, outcome, options.dry_run, began);
    return outcome;
}

// An upgrade to the heads of a database that is there already: it reads the revisions'
// headers only (the header index), since with nothing to apply there is nothing to
// checksum, and prints what a full run would. False when there is something to do (or no
// database yet, known before any revision is read): the full run decides, under the lock.
bool up_to_date(const Config& config, Output& out) {
    const auto began = std::chrono::steady_clock::now();
    if (config.database.ephemeral || !database_exists(config.database)) return false;
    const Project project = load_project(config, true);
    if (project.map.empty()) return false;
    const auto connection =
        open_connection(project.config.database, {OpenOptions::Mode::read_only, project.config.lock_timeout_ms});
    const std::vector<std::string> current = current_heads(project.config, project.map, *connection);
    if (!project.map.are_heads(current)) return false;
    if (out.json()) {
        const PrintingObserver nothing_ran(out, *connection);
        json_run(out, project, nothing_ran, {current, current, 0}, false, began);
    } else {
        out.info(fmt::format("  Database is up to date at {}.", names_of(project.map, current)));
    }
    return true;
}

}  // namespace

void upgrade_command(const GlobalOptions& global, const UpgradeOptions& options, Output& out) {
    Config config = load_config(config_overrides(global));  // read once, for both runs below
    if (!options.sql && !options.dry_run && !options.backup && (options.revision == "head" || options.revision == "heads") &&
        up_to_date(config, out))
        return;
    const Project project = load_project(std::move(config));
    if (options.sql) {
        if (options.dry_run || options.backup) throw InputError("--sql writes a script and touches no database; "
                                                                "it cannot be combined with --dry-run or --backup");
        print_script(project, out, [&](std::ostream& script, const OfflineContext& context) {
            write_upgrade_script(script, context, options.revision);
        });
        return;
    }
    if (options.backup && options.no_backup) throw InputError("--backup and --no-backup contradict each other");
    const ApplyOutcome outcome = move(project, Direction::upgrade, options, out);
    if (outcome.steps == 0) {
        const std::string where = names_of(project.map, outcome.heads_before);
        out.info(project.map.are_heads(outcome.heads_before) ? fmt::format("  Database is up to date at {}.", where)
                                  : fmt::format("  Nothing to upgrade: the database is at {}.", where));
    } else if (options.dry_run) {
        out.info("  Dry run: every statement and the foreign key check passed; rolled back, nothing was changed.");
    }
}

void downgrade_command(const GlobalOptions& global, const UpgradeOptions& options, Output& out) {
    const Project project = load_project(global);
    if (options.sql) {
        if (options.backup || options.dry_run)
            throw InputError("--sql writes a script and touches no database; it cannot be combined with --dry-run or "
                             "--backup");
        print_script(project, out, [&](std::ostream& script, const OfflineContext& context) {
            write_downgrade_script(script, context, options.revision);
        });
        return;
    }
    const ApplyOutcome outcome = move(project, Direction::downgrade, options, out);
    if (outcome.steps == 0)
        out.info(fmt::format("  Nothing to downgrade: the database is at {}.", names_of(project.map, outcome.heads_before)));
    else if (options.dry_run)
        out.info("  Dry run: every statement and the foreign key check passed; rolled back, nothing was changed.");
}

void stamp_command(const GlobalOptions& global, const StampOptions& options, Output& out) {
    if (options.revision.empty() && !options.accept_changes)
        throw InputError("stamp needs the revision to record ('head', 'base', an id...), or --accept-changes");
    if (options.revision.empty() && options.purge) throw InputError("stamp --purge needs the revision to record");
    const Project project = load_project(global);
    if (options.sql) {
        if (options.accept_changes)
            throw InputError("--accept-changes compares the files with the database's log; it cannot take --sql");
        print_script(project, out, [&](std::ostream& script, const OfflineContext& context) {
            write_stamp_script(script, context, options.revision, options.purge);
        });
        return;
    }
    const auto connection = open_for_writing(project.config);
    PrintingObserver observer(out, *connection);
    Migrator migrator(project.config, project.map, *connection, observer);
    std::vector<const Revision*> accepted;
    const auto target = migrator.stamp(options.revision, options.purge, options.accept_changes, &accepted);
    if (out.json()) {
        Json json;
        json.begin_object().key("database").value(project.config.database.display).key("heads").value(target);
        json.key("accepted").begin_array();
        for (const Revision* revision : accepted) json.value(paths::display(revision->path));
        json.end_array();
        out.result(json);
        return;
    }
    for (const Revision* revision : accepted)
        out.step(fmt::format("Accepting the changed file {}", paths::display(revision->path)));
    if (!options.revision.empty())
        out.step(fmt::format("Stamping the database with revision {}", names_of(project.map, target)));
    else if (accepted.empty())
        out.info("  No applied file has changed: nothing to accept.");
}

void reset_command(const GlobalOptions& global, const ResetCommandOptions& options, Output& out) {
    const Project project = load_project(global);
    if (project.config.database.ephemeral)
        throw InputError("reset: the database is in memory: it starts empty each time dbm opens it and is gone when "
                         "dbm exits, so there is nothing to reset");
    const std::string& database = project.config.database.display;
    if (!options.yes) {
        if (!isatty(STDIN_FILENO) || out.json())
            throw InputError(fmt::format("reset drops every table in {}; pass --yes to confirm ({})", database,
                                         out.json() ? "--json never asks" : "there is no terminal to ask"));
        fmt::print("Drop every table, view, trigger and index in {}{}? [y/N] ", database,
                   options.no_backup ? " (no backup)" : " (a backup is written first)");
        std::fflush(stdout);
        std::string answer;
        std::getline(std::cin, answer);
        const std::string reply = text::lower(text::trim(answer));
        if (reply != "y" && reply != "yes") throw Error("reset cancelled; nothing was changed");
    }
    const auto began = std::chrono::steady_clock::now();
    const auto connection = open_for_writing(project.config);
    PrintingObserver observer(out, *connection);
    Migrator migrator(project.config, project.map, *connection, observer);
    const ApplyOutcome outcome = migrator.reset({!options.no_backup, options.upgrade});
    if (out.json()) json_run(out, project, observer, outcome, false, began);
}

}  // namespace dbm::cli
