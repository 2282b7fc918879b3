// dbm's own tables: the version table (one row per applied head, as Alembic's
// alembic_version, so a Flask-Migrate database is read and written as it is) and dbm_log
// (every applied, reverted or stamped revision with its file's SHA-256).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/plan.hpp"
#include "core/sql_sink.hpp"

namespace dbm {

inline constexpr const char* log_table_name = "dbm_log";
// Marks a no-transaction revision while it runs outside dbm's transaction (and so outside
// its lock): other dbm processes wait for it instead of running it again.
inline constexpr const char* running_table_name = "dbm_running";

struct RunningRevision {
    std::string revision;
    std::string direction;
    std::string pid;
    std::string started_at;
};

// What dbm_log holds for a revision's last upgrade or stamp: the file's SHA-256 and, when
// dbm_log has the columns and the row was written live, each section's.
// Also when that was, and how long it took (`dbm status`).
struct RecordedChecksum {
    std::string file;
    std::optional<std::string> upgrade;
    std::optional<std::string> downgrade;
    std::string direction;                 // "upgrade" or "stamp"
    std::string applied_at;                // UTC, "2026-11-25 06:30:12.123456"
    std::optional<std::int64_t> duration_ms;
};

class VersionStore {
public:
    VersionStore(const Dialect& dialect, std::string version_table);

    const std::string& version_table() const { return version_table_; }
    // The version table and dbm_log: what revisions must not touch.
    std::vector<std::string> own_tables() const { return {version_table_, log_table_name, running_table_name}; }

    // Error when the version table or dbm_log exists but is not shaped as dbm's (and
    // Alembic's): version_table may name an application table by mistake, and dbm must
    // never write into one.
    void verify(Connection& connection) const;

    // The version table's rows (verified first); none when it does not exist yet.
    std::vector<std::string> read_heads(Connection& connection) const;
    // For each revision, the checksums recorded when it was last upgraded or stamped.
    std::map<std::string, RecordedChecksum> recorded_checksums(Connection& connection) const;

    void create_tables(SqlSink& sink) const;
    // A dbm_log made before dbm kept section checksums gets their columns (two ALTER TABLE
    // ADD COLUMN, in the caller's transaction).
    void add_section_columns(Connection& connection, SqlSink& sink) const;
    bool has_section_columns(Connection& connection) const;
    void drop_tables(SqlSink& sink) const;
    // The no-transaction revision some dbm process is running, if any.
    std::optional<RunningRevision> running(Connection& connection) const;
    void mark_running(SqlSink& sink, const Revision& revision, std::string_view direction) const;
    void clear_running(SqlSink& sink) const;
    void update_heads(SqlSink& sink, const HeadTracker::Change& change) const;
    void replace_heads(SqlSink& sink, const std::vector<std::string>& heads) const;
    // One dbm_log row; direction is "upgrade", "downgrade" or "stamp". No duration is
    // recorded for offline scripts, nor section checksums (the dbm_log they run on may
    // not have the columns).
    void log(SqlSink& sink, const Revision& revision, std::string_view direction,
             std::optional<std::int64_t> duration_ms, bool sections) const;

private:
    std::string parameters(std::size_t first, std::size_t count) const;

    const Dialect& dialect_;
    std::string version_table_;
    std::string quoted_table_;  // main."name": a TEMP table of the same name cannot stand in for it
    std::string quoted_log_;
    std::string quoted_running_;
};

}  // namespace dbm
