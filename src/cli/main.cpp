// dbm's entry point: CLI11 wiring, one small block per command, and the one place where
// errors become messages and exit codes.
#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/cli_docs.hpp"
#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "dbm/error.hpp"
#include "dbm/backend.hpp"
#include "dbm/commit.hpp"
#include "dbm/version.hpp"
#include "sqlite/sqlite_backend.hpp"
#include "util/log.hpp"
#include "util/text.hpp"

namespace {

using namespace dbm;
using namespace dbm::cli;

bool color_allowed(bool no_color, int fd) {
    return !no_color && std::getenv("NO_COLOR") == nullptr && isatty(fd) != 0;
}

void print_error(const std::string& message, bool color) {
    if (color) {
        // Colour only the word "error", wherever the location prefix puts it.
        const auto at = message.find("error:");
        if (at != std::string::npos) {
            std::cerr << message.substr(0, at) << "\033[1;31merror:\033[0m" << message.substr(at + 6) << '\n';
            return;
        }
    }
    std::cerr << message << '\n';
}

// --json: an error is one JSON object on stderr (docs/json.md), the exit code unchanged.
void print_json_error(int code, const std::string& message, const SourceLocation& where) {
    static constexpr std::pair<int, const char*> kinds[] = {
        {1, "failure"}, {2, "bad_input"}, {3, "check_failed"}, {130, "interrupted"}};
    const char* kind = "failure";
    for (const auto& [number, name] : kinds)
        if (number == code) kind = name;
    Json json;
    json.begin_object().key("code").value(static_cast<std::int64_t>(code)).key("kind").value(kind);
    json.key("message").value(message).key("file");
    if (where.file.empty()) json.null(); else json.value(where.file);
    json.key("line");
    if (where.line > 0) json.value(static_cast<std::int64_t>(where.line)); else json.null();
    json.key("column");
    if (where.column > 0) json.value(static_cast<std::int64_t>(where.column)); else json.null();
    json.end_object();
    std::cerr << json.str() << '\n';
}

// --json anywhere before "--" (for errors found before the options are parsed).
bool json_requested(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        if (argument == "--") return false;
        if (argument == "--json") return true;
    }
    return false;
}

// The command named on the command line (its first word that names one), if any.
const CLI::App* find_command(const CLI::App& app, std::string_view name) {
    for (const CLI::App* command : app.get_subcommands({}))
        if (command->get_name() == name) return command;
    return nullptr;
}

std::vector<std::string> command_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::App* command : app.get_subcommands({}))
        if (!command->get_name().starts_with("__")) names.push_back(command->get_name());
    return names;
}

std::string suggestion(std::string_view word, const std::vector<std::string>& candidates) {
    const std::vector<std::string_view> views(candidates.begin(), candidates.end());
    const std::string match = text::closest_match(word, views);
    return match.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", match);
}

std::string unknown_command_message(const CLI::App& app, std::string_view name) {
    return fmt::format("unknown command '{}'{}; see 'dbm --help'", name, suggestion(name, command_names(app)));
}

// Every long and short option name of an app (--db, -d, ...).
std::vector<std::string> option_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::Option* option : app.get_options()) {
        auto own = dbm::cli::option_names(*option);
        names.insert(names.end(), own.begin(), own.end());
    }
    return names;
}

// A usage error, said with what was probably meant and where the command's help is:
// "unknown command 'upgrad' (did you mean 'upgrade'?)", "unknown option '--dryrun' (did
// you mean '--dry-run'?); see 'dbm upgrade --help'".
std::string usage_error_message(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
    const CLI::App* command = nullptr;
    std::vector<std::string> words;
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        if (argument == "--") break;
        if (!command) command = find_command(app, argument);
        words.emplace_back(argument);
    }
    const std::string help = command ? fmt::format("see 'dbm {} --help'", command->get_name()) : "see 'dbm --help'";
    if (dynamic_cast<const CLI::ExtrasError*>(&error)) {
        for (const std::string& word : words) {
            if (word.starts_with("-")) {
                const std::string flag = word.substr(0, word.find('='));
                std::vector<std::string> known = option_names(app);
                if (command) {
                    const auto own = option_names(*command);
                    known.insert(known.end(), own.begin(), own.end());
                }
                if (std::find(known.begin(), known.end(), flag) == known.end())
                    return fmt::format("unknown option '{}'{}; {}", flag, suggestion(flag, known), help);
            } else if (!command) {
                return unknown_command_message(app, word);
            }
        }
    }
    return fmt::format("{}; {}", error.what(), help);
}

// "Options every command takes:" and the global options, as --help lists them.
std::string global_options_help(const CLI::App& app) {
    std::string text = "Options every command takes:\n";
    for (const CLI::Option* option : app.get_options()) {
        if (option->get_name() == "--help" || option->get_name() == "--version") continue;
        std::string names = option->get_name(false, true);
        if (option->get_type_size() != 0 && !option->get_type_name().empty()) names += " " + option->get_type_name();
        std::string description = option->get_description();
        if (!option->get_envname().empty()) description += " [env " + option->get_envname() + "]";
        text += fmt::format("  {:<27} {}\n", names, description);
    }
    return text;
}

// Help wrapped at word boundaries to the terminal's width (100 columns when not a terminal).
std::string wrapped(const std::string& help) {
    const std::size_t columns = stdout_terminal_width();
    return text::wrap_help(help, columns >= 40 ? columns : 100);
}

// --lang: true for cpp (a C++ revision), false for sql.
bool is_program_language(const std::string& language) {
    if (language != "sql" && language != "cpp")
        throw dbm::InputError(fmt::format("unknown revision language '{}' (expected sql or cpp)", language));
    return language == "cpp";
}

}  // namespace

namespace {

// SIGINT/SIGTERM stop the running statement: the migration then rolls back and dbm exits
// 130. A second signal has the default effect.
void on_signal(int) { dbm::interrupt_connections(); }

void install_signal_handlers() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    // A signal the parent ignores (a shell's background job ignores SIGINT) stays ignored.
    for (const int signal_number : {SIGINT, SIGTERM}) {
        struct sigaction previous {};
        sigaction(signal_number, nullptr, &previous);
        if (previous.sa_handler != SIG_IGN) sigaction(signal_number, &action, nullptr);
    }
    // Past `ulimit -f`, a write fails (EFBIG) and is reported like any failed write, rather
    // than the signal killing dbm mid-way without a word.
    signal(SIGXFSZ, SIG_IGN);
}

}  // namespace

int main(int argc, char** argv) {
    // The engines this dbm is built with; the registry finds one by a URL's scheme.
    dbm::sqlite::register_sqlite();
    install_signal_handlers();
    // dbm is short-lived: keep freed memory for reuse instead of handing it back to the
    // kernel and faulting it in again (a tenth of `migrate` on a large schema).
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    // One arena for every thread: what one thread frees (a models piece's tree, SQLite's
    // schema once read) is then reused by the others instead of each growing its own
    // (migrate on 10,000 tables: 15 MiB less; no slower, its threads malloc little at once).
    mallopt(M_ARENA_MAX, 1);
    CLI::App app{"dbm: database migrations for SQLite, the Flask-Migrate/Alembic workflow in one binary.", "dbm"};
    app.fallthrough();  // global options may also follow the command
    // The version, the commit it was built from, and the engine libraries inside it.
    std::string version = fmt::format("dbm {} (commit {})", DBM_VERSION, DBM_COMMIT);
    for (const auto& engine : engine_versions()) version += "\n" + engine;
    app.set_version_flag("--version", version);

    GlobalOptions global;
    app.add_option("-d,--directory", global.directory, "Migrations directory (default: ./migrations, else the nearest parent's)")
        ->envname("DBM_DIRECTORY");
    app.add_option("--db", global.database, "Database URL, overriding DATABASE_URL and dbm.yaml");
    app.add_flag("-v,--verbose", global.verbose,
                 "Show the SQL dbm runs on stderr; with history, heads and branches: each revision in full");
    app.add_flag("-q,--quiet", global.quiet, "Print only what a script needs (a revision id, a path written) and errors")
        ->envname("DBM_QUIET");
    app.add_flag("--no-color", global.no_color, "No colour (also with NO_COLOR set)");
    app.add_flag("--json", global.json, "Machine-readable output: one JSON object on stdout, errors as one on stderr "
                                        "(docs/json.md)")
        ->envname("DBM_JSON");
    app.add_option("--lock-timeout", global.lock_timeout_ms,
                   "How long to wait for another dbm or writer to finish, in milliseconds (default: dbm.yaml's "
                   "lock_timeout_ms, 5000)")
        ->envname("DBM_LOCK_TIMEOUT")
        ->check(CLI::Validator(CLI::Range(0, 86400000)).description(""))
        ->type_name("MS");

    std::function<void(Output&)> run;
    // For history, heads and branches -v means "in full", as Alembic's does, not the SQL.
    bool verbose_is_detail = false;

    InitOptions init_options;
    auto* init = app.add_subcommand("init", "Create a migrations directory, dbm.yaml and models.yaml; adopt a database "
                                            "that already has a schema");
    init->add_flag("--from-db", init_options.from_db,
                   "Adopt the database: models.yaml from its schema, a baseline revision, the database stamped at it");
    init->callback([&] { run = [&](Output& out) { init_command(global, init_options, out); }; });

    bool inspect_sql = false;
    auto* inspect = app.add_subcommand("inspect", "Print the database's schema as models.yaml");
    inspect->add_flag("--sql", inspect_sql, "As CREATE statements instead");
    inspect->callback([&] { run = [&](Output& out) { inspect_command(global, inspect_sql, out); }; });

    DiagramOptions diagram;
    auto* schema_cmd = app.add_subcommand("schema", "Draw the models (or the database) as an ER diagram");
    schema_cmd->add_flag("--mermaid", diagram.mermaid, "A Mermaid erDiagram (the default)");
    schema_cmd->add_flag("--dot", diagram.dot, "A Graphviz graph");
    schema_cmd->add_flag("--from-db", diagram.from_db, "The live database's schema instead of the models");
    schema_cmd->callback([&] { run = [&](Output& out) { schema_command(global, diagram, out); }; });

    MigrateCommandOptions migrate;
    auto* migrate_cmd = app.add_subcommand("migrate", "Compare the models with the database and write a revision");
    migrate_cmd->add_option("-m,--message", migrate.revision.message, "What the revision does");
    migrate_cmd->add_flag("--allow-empty", migrate.allow_empty, "Write a revision even when nothing changed");
    migrate_cmd->add_flag("--sql-only", migrate.sql_only, "Print the upgrade SQL instead of writing a revision");
    migrate_cmd->add_flag("--from-history", migrate.from_history,
                          "Compare with the schema the revisions build, not with the database");
    migrate_cmd->add_option("--head", migrate.revision.head, "The revision it follows (default: head)");
    migrate_cmd->add_option("--rev-id", migrate.revision.rev_id, "Use this revision id instead of a random one");
    std::string migrate_language = "sql";
    migrate_cmd->add_option("--lang", migrate_language, "Revision language: sql, or cpp for op calls in a C++ revision");
    migrate_cmd->callback([&] {
        run = [&](Output& out) {
            migrate.revision.program = is_program_language(migrate_language);
            migrate_command(global, migrate, out);
        };
    });

    RevisionOptions revision;
    bool autogenerate = false;
    auto* revision_cmd = app.add_subcommand("revision", "Create a new revision file (empty, or with --autogenerate)");
    revision_cmd->add_option("-m,--message", revision.message, "What the revision does");
    revision_cmd->add_option("--head", revision.head, "The revision it follows (default: head; 'base' starts a new root)");
    revision_cmd->add_flag("--splice", revision.splice, "Allow --head to name a revision that is not a head (a new branch)");
    revision_cmd->add_option("--rev-id", revision.rev_id, "Use this revision id instead of a random one");
    revision_cmd->add_option("--depends-on", revision.depends_on, "A revision on another branch that must run first");
    revision_cmd->add_flag("--autogenerate", autogenerate, "Fill it with the difference between models and database");
    std::string language = "sql";
    revision_cmd->add_option("--lang", language, "Revision language: sql, or cpp for a C++ revision (docs/cpp-revisions.md)");
    revision_cmd->callback([&] {
        run = [&](Output& out) {
            revision.program = is_program_language(language);
            if (!autogenerate) return revision_command(global, revision, out);
            MigrateCommandOptions options;
            options.revision = revision;
            migrate_command(global, options, out);
        };
    });

    MergeOptions merge;
    auto* merge_cmd = app.add_subcommand("merge", "Create a revision joining several heads");
    merge_cmd->add_option("-m,--message", merge.message, "What the merge is for");
    merge_cmd->add_option("--rev-id", merge.rev_id, "Use this revision id instead of a random one");
    merge_cmd->add_option("revisions", merge.revisions, "Revisions to join ('heads' for all)")->required();
    merge_cmd->callback([&] { run = [&](Output& out) { merge_command(global, merge, out); }; });

    UpgradeOptions upgrade;
    upgrade.revision = "head";
    auto* upgrade_cmd = app.add_subcommand("upgrade", "Apply revisions up to REV, in one transaction");
    upgrade_cmd->add_option("revision", upgrade.revision, "Target (default: head); with --sql, [FROM:]TO");
    upgrade_cmd->add_flag("--sql", upgrade.sql, "Print the SQL script instead of running it (touches no database)");
    upgrade_cmd->add_flag("--backup", upgrade.backup,
                          "Write a backup copy of the database first (done anyway before a revision that drops data)");
    upgrade_cmd->add_flag("--no-backup", upgrade.no_backup, "No backup, not even before a revision that drops data");
    upgrade_cmd->add_flag("--dry-run", upgrade.dry_run, "Run everything, check foreign keys, then roll back");
    upgrade_cmd->add_flag("--ignore-checksums", upgrade.ignore_checksums, "Apply even if an applied revision file changed");
    upgrade_cmd->callback([&] { run = [&](Output& out) { upgrade_command(global, upgrade, out); }; });

    UpgradeOptions downgrade;
    downgrade.revision = "-1";
    auto* downgrade_cmd = app.add_subcommand("downgrade", "Revert revisions down to REV, in one transaction");
    downgrade_cmd->add_option("revision", downgrade.revision, "Target (default: -1); with --sql, FROM:TO");
    downgrade_cmd->add_flag("--sql", downgrade.sql, "Print the SQL script instead of running it (touches no database)");
    downgrade_cmd->add_flag("--backup", downgrade.backup, "Write a backup copy of the database first");
    downgrade_cmd->add_flag("--dry-run", downgrade.dry_run, "Run everything, check foreign keys, then roll back");
    downgrade_cmd->callback([&] { run = [&](Output& out) { downgrade_command(global, downgrade, out); }; });

    StampOptions stamp;
    auto* stamp_cmd = app.add_subcommand("stamp", "Set the version table to REV without running any revision");
    stamp_cmd->add_option("revision", stamp.revision, "Revision to record ('head', 'base', an id...)");
    stamp_cmd->add_flag("--purge", stamp.purge, "Empty the version table first (it may name unknown revisions)");
    stamp_cmd->add_flag("--sql", stamp.sql, "Print the SQL script instead of running it");
    stamp_cmd->add_flag("--accept-changes", stamp.accept_changes,
                        "Record the checksums of applied files that changed since (after you reviewed them)");
    stamp_cmd->callback([&] { run = [&](Output& out) { stamp_command(global, stamp, out); }; });

    ResetCommandOptions reset;
    auto* reset_cmd = app.add_subcommand("reset", "Back up, then drop every table, view, trigger and index");
    reset_cmd->add_flag("--yes", reset.yes, "Do not ask for confirmation");
    reset_cmd->add_flag("--upgrade", reset.upgrade, "Re-apply every revision up to head afterwards");
    reset_cmd->add_flag("--no-backup", reset.no_backup, "Skip the backup copy");
    reset_cmd->callback([&] { run = [&](Output& out) { reset_command(global, reset, out); }; });

    ReadOptions current;
    auto* current_cmd = app.add_subcommand("current", "Show the revision(s) the database is at");
    current_cmd->add_flag("--require-head", current.require_head, "Exit 3 unless the database is at head");
    current_cmd->callback([&] { run = [&](Output& out) { current_command(global, current, out); }; });

    ReadOptions status;
    auto* status_cmd = app.add_subcommand("status", "List every revision: applied or pending, when, how long, checksum");
    status_cmd->callback([&] { run = [&](Output& out) { status_command(global, status, out); }; });

    // history, heads and branches: graph listings where -v means "each revision in full".
    const auto add_listing = [&](const char* name, const char* description, ReadOptions& options,
                                 void (*command)(const GlobalOptions&, const ReadOptions&, Output&)) {
        auto* subcommand = app.add_subcommand(name, description);
        subcommand->callback([&, command] {
            options.verbose = global.verbose;
            verbose_is_detail = true;
            run = [&, command](Output& out) { command(global, options, out); };
        });
        return subcommand;
    };
    ReadOptions history;
    auto* history_cmd = add_listing("history", "List revisions, newest first", history, history_command);
    history_cmd->add_option("-r,--rev-range", history.range, "Only START:END (e.g. base:head, -3:, current:)");
    history_cmd->add_flag("--graph", history.graph, "Draw branches and merges beside the revisions");
    ReadOptions heads;
    add_listing("heads", "List the heads of the revision graph", heads, heads_command);
    ReadOptions branches;
    add_listing("branches", "List branch points of the revision graph", branches, branches_command);

    ReadOptions show;
    auto* show_cmd = app.add_subcommand("show", "Show one revision");
    show_cmd->add_option("revision", show.revision, "Revision id, prefix, 'head'...")->required();
    show_cmd->callback([&] { run = [&](Output& out) { show_command(global, show, out); }; });

    ReadOptions check;
    auto* check_cmd = app.add_subcommand("check", "Exit 3 if the database or models differ from the revisions");
    check_cmd->add_flag("--no-db", check.no_db,
                        "Check the revisions and the models without a database (replayed into a scratch one)");
    check_cmd->callback([&] { run = [&](Output& out) { check_command(global, check, out); }; });

    auto* verify_cmd = app.add_subcommand("verify", "On a scratch database: every revision up, down and up again, "
                                                    "one head, the models equal head (exit 3 on a finding)");
    verify_cmd->callback([&] { run = [&](Output& out) { verify_command(global, out); }; });

    LintOptions lint;
    auto* lint_cmd = app.add_subcommand("lint", "Judge the revisions an upgrade would run: data loss, failures on the "
                                                "rows there, big rebuilds (exit 3 on a finding)");
    lint_cmd->add_option("range", lint.range, "[FROM:]TO (default: from the database's revision to the heads)");
    lint_cmd->add_option("--severity", lint.severity, "The least that fails: warning (default) or error");
    lint_cmd->add_flag("--no-db", lint.no_db, "Count no rows: judge the revisions by what they change");
    lint_cmd->callback([&] { run = [&](Output& out) { lint_command(global, lint, out); }; });

    std::string shell;
    auto* completion_cmd = app.add_subcommand("completion", "Print a shell completion script: bash, zsh or fish");
    completion_cmd->add_option("shell", shell, "bash, zsh or fish")->required();
    completion_cmd->callback([&] { run = [&](Output& out) { out.data(completion_script(app, shell)); }; });
    // What completion scripts and packaging call: hidden from help.
    auto* revisions_cmd = app.add_subcommand("__revisions", "Revision ids and specs, for completion")->group("");
    revisions_cmd->callback([&] { run = [&](Output& out) { revision_words_command(global, out); }; });
    auto* man_cmd = app.add_subcommand("__man", "The man page dbm(1), in roff")->group("");
    man_cmd->callback([&] { run = [&](Output& out) { out.data(man_page(app, DBM_VERSION)); }; });

    std::string help_topic;
    auto* help_cmd = app.add_subcommand("help", "Show the help of dbm or of one command");
    help_cmd->add_option("command", help_topic, "The command");
    help_cmd->callback([&] {
        run = [&](Output&) {
            // The formatter, not app.help(): that one shows the help of the command given (help).
            if (help_topic.empty())
                return void(std::cout << wrapped(app.get_formatter()->make_help(&app, "dbm", CLI::AppFormatMode::Normal)));
            const CLI::App* topic = find_command(app, help_topic);
            if (!topic) throw InputError(unknown_command_message(app, help_topic));
            std::cout << wrapped(topic->help("dbm"));
        };
    });

    // Each command's help ends with the options every command takes, from their own
    // definitions above (so the two cannot drift).
    // Made only when help is shown (CLI11 adds a newline after a footer callback's text).
    for (CLI::App* command : app.get_subcommands({}))
        command->footer([&app] {
            std::string text = global_options_help(app);
            text.pop_back();
            return text;
        });

    app.require_subcommand(0, 1);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << wrapped(app.help());
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        std::cout << wrapped(app.help("", CLI::AppFormatMode::All));
        return 0;
    } catch (const CLI::CallForVersion&) {
        std::cout << app.version() << '\n';
        return 0;
    } catch (const CLI::ParseError& error) {
        const std::string message = usage_error_message(app, error, argc, argv);
        if (json_requested(argc, argv))
            print_json_error(static_cast<int>(ExitCode::bad_input), message, {});
        else
            print_error("dbm: error: " + message, color_allowed(global.no_color, STDERR_FILENO));
        return static_cast<int>(ExitCode::bad_input);
    }
    if (!run) {
        std::cerr << wrapped(app.help());
        return static_cast<int>(ExitCode::bad_input);
    }

    const bool stderr_color = color_allowed(global.no_color, STDERR_FILENO);
    if (global.verbose && !verbose_is_detail) log::enable(stderr_color);
    const bool live = isatty(STDOUT_FILENO) != 0 && isatty(STDERR_FILENO) != 0;
    Output out(color_allowed(global.no_color, STDOUT_FILENO), global.quiet, live, global.json);
    try {
        run(out);
        // Output that did not reach its file (a full disk, /dev/full, a closed pipe) is a
        // failure: a CI script must not take a truncated script or listing for a whole one.
        std::cout.flush();
        if (std::fflush(stdout) != 0 || std::ferror(stdout) || !std::cout) {
            const int error = errno;
            const std::string message =
                fmt::format("cannot write to standard output: {}", error ? std::strerror(error) : "write failed");
            if (global.json)
                print_json_error(static_cast<int>(ExitCode::failure), message, {});
            else
                print_error("dbm: error: " + message, stderr_color);
            return static_cast<int>(ExitCode::failure);
        }
        return 0;
    } catch (const Error& error) {
        out.fail_step();
        if (global.json)
            print_json_error(static_cast<int>(error.exit_code()), error.what(), error.where());
        else
            print_error(error.format(), stderr_color);
        return static_cast<int>(error.exit_code());
    } catch (const std::exception& error) {
        out.fail_step();
        const std::string message = fmt::format("unexpected failure: {}", error.what());
        if (global.json)
            print_json_error(static_cast<int>(ExitCode::failure), message, {});
        else
            print_error("dbm: error: " + message, stderr_color);
        return static_cast<int>(ExitCode::failure);
    }
}
