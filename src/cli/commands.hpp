// One function per dbm command, as Alembic's command.py: each loads what it needs, calls
// the core, and prints through Output. main.cpp only wires CLI11 to these.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/output.hpp"
#include "core/config.hpp"
#include "core/revision_map.hpp"
#include "core/revision_rules.hpp"

namespace dbm::cli {

struct GlobalOptions {
    std::optional<std::string> directory;  // -d
    std::optional<std::string> database;   // --db
    bool verbose = false;
    bool quiet = false;
    bool no_color = false;
    bool json = false;  // --json (docs/json.md)
    std::optional<int> lock_timeout_ms;  // --lock-timeout
};

// --lock-timeout when given, else `fallback` (dbm.yaml's lock_timeout_ms where there is one).
int lock_timeout_ms(const GlobalOptions& global, int fallback);

// -d, --db and DATABASE_URL, as load_config takes them.
ConfigOverrides config_overrides(const GlobalOptions& global);

// The configuration and the revision graph, loaded once per command.
struct Project {
    Config config;
    RevisionMap map;
};
// `headers_only`: for commands that read the graph alone (current, heads, history,
// branches, show, revision, and migrate but for --from-history): the revisions come through the header index
// (core/header_index.hpp), without bodies or checksums.
Project load_project(const GlobalOptions& global, bool headers_only = false);
// The same, for a configuration already read.
Project load_project(Config config, bool headers_only = false);

struct InitOptions {
    bool from_db = false;  // --from-db: adopt the database; an error when it has no schema
};

// revision -m, --head, --splice, --rev-id, --depends-on: what core's graph rules take.
using RevisionOptions = NewRevisionRequest;

struct MigrateCommandOptions {
    RevisionOptions revision;  // message, --head, --splice, --rev-id, --depends-on
    bool allow_empty = false;
    bool sql_only = false;
    bool from_history = false;
};

struct MergeOptions {
    std::string message;
    std::vector<std::string> revisions;
    std::optional<std::string> rev_id;
};

struct UpgradeOptions {
    std::string revision;
    bool sql = false;
    bool backup = false;
    bool dry_run = false;
    bool ignore_checksums = false;
    bool no_backup = false;  // upgrade: not even before a revision that drops data
};

struct StampOptions {
    std::string revision;  // may be empty only with accept_changes
    bool purge = false;
    bool sql = false;
    bool accept_changes = false;
};

struct ResetCommandOptions {
    bool yes = false;
    bool upgrade = false;
    bool no_backup = false;
};

struct ReadOptions {
    bool verbose = false;
    bool require_head = false;          // current
    std::optional<std::string> range;   // history -r
    bool graph = false;                 // history --graph
    std::string revision;               // show
    bool no_db = false;                 // check --no-db
};

void init_command(const GlobalOptions& global, const InitOptions& options, Output& out);
struct DiagramOptions {
    bool mermaid = false;  // the default
    bool dot = false;
    bool from_db = false;  // the live database instead of the models
};
void schema_command(const GlobalOptions& global, const DiagramOptions& options, Output& out);
void inspect_command(const GlobalOptions& global, bool sql, Output& out);
void revision_command(const GlobalOptions& global, const RevisionOptions& options, Output& out);
void merge_command(const GlobalOptions& global, const MergeOptions& options, Output& out);
void migrate_command(const GlobalOptions& global, const MigrateCommandOptions& options, Output& out);

void upgrade_command(const GlobalOptions& global, const UpgradeOptions& options, Output& out);
void downgrade_command(const GlobalOptions& global, const UpgradeOptions& options, Output& out);
void stamp_command(const GlobalOptions& global, const StampOptions& options, Output& out);
void reset_command(const GlobalOptions& global, const ResetCommandOptions& options, Output& out);

struct LintOptions {
    std::string range;                 // [FROM:]TO; empty: from the database's revision to the heads
    std::string severity = "warning";  // the least that fails (exit 3)
    bool no_db = false;
};
void lint_command(const GlobalOptions& global, const LintOptions& options, Output& out);
// __revisions: every revision id, then the specs (head, heads, base), one per line; nothing
// outside a project (completion must never print an error).
void revision_words_command(const GlobalOptions& global, Output& out);
void verify_command(const GlobalOptions& global, Output& out);
void status_command(const GlobalOptions& global, const ReadOptions& options, Output& out);
void current_command(const GlobalOptions& global, const ReadOptions& options, Output& out);
void history_command(const GlobalOptions& global, const ReadOptions& options, Output& out);
void heads_command(const GlobalOptions& global, const ReadOptions& options, Output& out);
void branches_command(const GlobalOptions& global, const ReadOptions& options, Output& out);
void show_command(const GlobalOptions& global, const ReadOptions& options, Output& out);
void check_command(const GlobalOptions& global, const ReadOptions& options, Output& out);

}  // namespace dbm::cli
