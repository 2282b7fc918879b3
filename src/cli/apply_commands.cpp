// upgrade, downgrade, stamp, reset: commands that move a database along the graph.
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "core/migrator.hpp"
#include "core/offline_script.hpp"
#include "dbm/error.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace dbm::cli {

namespace {

// Prints each step of a running migration as it happens.
class PrintingObserver final : public MigrationObserver {
public:
    PrintingObserver(Output& out, const Connection& connection) : out_(out), connection_(connection) {}

    void backup_written(const std::filesystem::path& path) override {
        out_.step(fmt::format("Backing up {} to {}", connection_.display_name(), paths::display(path)));
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
        out_.begin_step(fmt::format("{} to {}", step.direction == Direction::upgrade ? "Upgrading" : "Downgrading",
                                    step.destination));
    }
    void step_finished(const Step&) override { out_.end_step(); }
    // On stderr: the step's line on stdout stays whole.
    void revision_logged(std::string_view line) override { out_.note(fmt::format("    {}", line)); }

private:
    Output& out_;
    const Connection& connection_;
};

std::unique_ptr<Connection> open_for_writing(const Config& config) {
    return open_connection(config.database, {OpenOptions::Mode::read_write, config.lock_timeout_ms});
}

void print_script(const Project& project, const std::function<void(std::ostream&, const OfflineContext&)>& write) {
    const Dialect& dialect = dialect_for(project.config.database);
    const VersionStore store(dialect, project.config.version_table);
    const std::string& database = project.config.database.display;
    // Written whole at the end: an error half-way must not leave half a script on stdout.
    std::ostringstream script;
    write(script, OfflineContext{project.map, dialect, store, database, &project.config});
    std::cout << script.str() << std::flush;
}

// upgrade and downgrade: an offline script with --sql, otherwise a live run.
ApplyOutcome move(const Project& project, Direction direction, const UpgradeOptions& options, Output& out) {
    const auto connection = open_for_writing(project.config);
    PrintingObserver observer(out, *connection);
    Migrator migrator(project.config, project.map, *connection, observer);
    // Downgrade does not verify checksums: fixing a broken downgrade section is the usual
    // reason to edit a file that was applied.
    const dbm::ApplyOptions migrate{options.revision, options.dry_run, options.backup,
                                 options.ignore_checksums || direction == Direction::downgrade};
    return direction == Direction::upgrade ? migrator.upgrade(migrate) : migrator.downgrade(migrate);
}

}  // namespace

void upgrade_command(const GlobalOptions& global, const UpgradeOptions& options, Output& out) {
    const Project project = load_project(global);
    if (options.sql) {
        if (options.dry_run || options.backup) throw InputError("--sql writes a script and touches no database; "
                                                                "it cannot be combined with --dry-run or --backup");
        print_script(project, [&](std::ostream& script, const OfflineContext& context) {
            write_upgrade_script(script, context, options.revision);
        });
        return;
    }
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
        if (options.backup) throw InputError("--sql writes a script and touches no database; it cannot take --backup");
        print_script(project, [&](std::ostream& script, const OfflineContext& context) {
            write_downgrade_script(script, context, options.revision);
        });
        return;
    }
    const ApplyOutcome outcome = move(project, Direction::downgrade, options, out);
    if (outcome.steps == 0)
        out.info(fmt::format("  Nothing to downgrade: the database is at {}.", names_of(project.map, outcome.heads_before)));
}

void stamp_command(const GlobalOptions& global, const StampOptions& options, Output& out) {
    if (options.revision.empty() && !options.accept_changes)
        throw InputError("stamp needs the revision to record ('head', 'base', an id...), or --accept-changes");
    if (options.revision.empty() && options.purge) throw InputError("stamp --purge needs the revision to record");
    const Project project = load_project(global);
    if (options.sql) {
        if (options.accept_changes)
            throw InputError("--accept-changes compares the files with the database's log; it cannot take --sql");
        print_script(project, [&](std::ostream& script, const OfflineContext& context) {
            write_stamp_script(script, context, options.revision, options.purge);
        });
        return;
    }
    const auto connection = open_for_writing(project.config);
    PrintingObserver observer(out, *connection);
    Migrator migrator(project.config, project.map, *connection, observer);
    std::vector<const Revision*> accepted;
    const auto target = migrator.stamp(options.revision, options.purge, options.accept_changes, &accepted);
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
        if (!isatty(STDIN_FILENO))
            throw InputError(fmt::format("reset drops every table in {}; pass --yes to confirm (there is no terminal "
                                         "to ask)",
                                         database));
        fmt::print("Drop every table, view, trigger and index in {}{}? [y/N] ", database,
                   options.no_backup ? " (no backup)" : " (a backup is written first)");
        std::fflush(stdout);
        std::string answer;
        std::getline(std::cin, answer);
        const std::string reply = text::lower(text::trim(answer));
        if (reply != "y" && reply != "yes") throw Error("reset cancelled; nothing was changed");
    }
    const auto connection = open_for_writing(project.config);
    PrintingObserver observer(out, *connection);
    Migrator migrator(project.config, project.map, *connection, observer);
    migrator.reset({!options.no_backup, options.upgrade});
}

}  // namespace dbm::cli
