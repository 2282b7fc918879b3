#include "core/version_store.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "util/text.hpp"

namespace dbm {

VersionStore::VersionStore(const Dialect& dialect, std::string version_table)
    : dialect_(dialect),
      version_table_(std::move(version_table)),
      quoted_table_(dialect.own_table(version_table_)),
      quoted_log_(dialect.own_table(log_table_name)),
      quoted_running_(dialect.own_table(running_table_name)) {}

// The placeholders of a statement's parameters, in the dialect's form: "?, ?, ?".
std::string VersionStore::parameters(std::size_t first, std::size_t count) const {
    std::string list;
    for (std::size_t i = first; i < first + count; ++i) list += (list.empty() ? "" : ", ") + dialect_.parameter(i);
    return list;
}

void VersionStore::verify(Connection& connection) const {
    // dbm_log as dbm writes it now, or as dbm wrote it before it kept section checksums
    // (add_section_columns brings that one up to date).
    const auto shaped = [&](const std::string& table, std::vector<std::string> expected, std::size_t older = 0) {
        if (!connection.table_exists(table)) return;
        std::vector<std::string> columns;
        for (auto& name : connection.column_names(table)) columns.push_back(text::lower(name));
        if (columns == expected) return;
        if (older && columns.size() == older && std::equal(columns.begin(), columns.end(), expected.begin())) return;
        throw Error(fmt::format("table '{}' is not {}'s (its columns are {}, not {}); {}", table,
                                table == version_table_ ? "a version table like dbm" : "dbm",
                                text::join(columns, ", "), text::join(expected, ", "),
                                table == version_table_ ? "version_table in dbm.yaml must name dbm's or Alembic's version table"
                                                        : "rename it: dbm keeps its log under that name"));
    };
    shaped(version_table_, {"version_num"});
    shaped(log_table_name,
           {"id", "revision", "checksum", "direction", "applied_at", "duration_ms", "upgrade_checksum", "downgrade_checksum"},
           6);
}

bool VersionStore::has_section_columns(Connection& connection) const {
    return connection.table_exists(log_table_name) && connection.column_names(log_table_name).size() == 8;
}

void VersionStore::add_section_columns(Connection& connection, SqlSink& sink) const {
    if (!connection.table_exists(log_table_name) || has_section_columns(connection)) return;
    sink.run(fmt::format("ALTER TABLE {} ADD COLUMN upgrade_checksum CHAR(64)", quoted_log_));
    sink.run(fmt::format("ALTER TABLE {} ADD COLUMN downgrade_checksum CHAR(64)", quoted_log_));
}

std::vector<std::string> VersionStore::read_heads(Connection& connection) const {
    std::vector<std::string> heads;
    if (!connection.table_exists(version_table_)) return heads;
    verify(connection);
    for (const Row& row : connection.query(fmt::format("SELECT version_num FROM {} ORDER BY version_num", quoted_table_)))
        heads.push_back(row.text(0));
    return heads;
}

std::map<std::string, RecordedChecksum> VersionStore::recorded_checksums(Connection& connection) const {
    std::map<std::string, RecordedChecksum> checksums;
    if (!connection.table_exists(log_table_name)) return checksums;
    const bool sections = has_section_columns(connection);
    const auto rows = connection.query(fmt::format(
        "SELECT revision, checksum, {1}, direction, applied_at, duration_ms FROM {0} WHERE id IN "
        "(SELECT max(id) FROM {0} WHERE direction IN ('upgrade', 'stamp') GROUP BY revision)",
        quoted_log_, sections ? "upgrade_checksum, downgrade_checksum" : "NULL, NULL"));
    for (const Row& row : rows) {
        RecordedChecksum& recorded = checksums[row.text(0)];
        recorded.file = row.text(1);
        if (!row.is_null(2)) recorded.upgrade = row.text(2);
        if (!row.is_null(3)) recorded.downgrade = row.text(3);
        recorded.direction = row.text(4);
        recorded.applied_at = row.text(5);
        if (!row.is_null(6)) recorded.duration_ms = row.integer(6);
    }
    return checksums;
}

void VersionStore::create_tables(SqlSink& sink) const {
    // The same definition Alembic uses, so either tool can own the table.
    sink.run(fmt::format("CREATE TABLE IF NOT EXISTS {} (version_num VARCHAR(32) NOT NULL, "
                         "CONSTRAINT {} PRIMARY KEY (version_num))",
                         quoted_table_, dialect_.quote_identifier(version_table_ + "_pkc")));
    sink.run(fmt::format("CREATE TABLE IF NOT EXISTS {} ("
                         "{}, "
                         "revision VARCHAR(32) NOT NULL, "
                         "checksum CHAR(64) NOT NULL, "
                         "direction VARCHAR(9) NOT NULL CHECK (direction IN ('upgrade', 'downgrade', 'stamp')), "
                         "applied_at VARCHAR(26) NOT NULL, "
                         "duration_ms INTEGER, "
                         "upgrade_checksum CHAR(64), "
                         "downgrade_checksum CHAR(64))",
                         quoted_log_, dialect_.serial_key_column("id")));
}

void VersionStore::drop_tables(SqlSink& sink) const {
    sink.run(fmt::format("DROP TABLE IF EXISTS {}", quoted_table_));
    sink.run(fmt::format("DROP TABLE IF EXISTS {}", quoted_log_));
    sink.run(fmt::format("DROP TABLE IF EXISTS {}", quoted_running_));
}

std::optional<RunningRevision> VersionStore::running(Connection& connection) const {
    if (!connection.table_exists(running_table_name)) return std::nullopt;
    const auto rows = connection.query(fmt::format("SELECT revision, direction, pid, started_at FROM {} LIMIT 1", quoted_running_));
    if (rows.empty()) return std::nullopt;
    return RunningRevision{rows[0].text(0), rows[0].text(1), rows[0].text(2), rows[0].text(3)};
}

void VersionStore::mark_running(SqlSink& sink, const Revision& revision, std::string_view direction) const {
    sink.run(fmt::format("CREATE TABLE IF NOT EXISTS {} (revision VARCHAR(32) NOT NULL, direction VARCHAR(9) NOT NULL, "
                         "pid INTEGER NOT NULL, started_at VARCHAR(26) NOT NULL)",
                         quoted_running_));
    sink.run(fmt::format("INSERT INTO {} (revision, direction, pid, started_at) VALUES ({}, {})", quoted_running_,
                         parameters(1, 3), dialect_.now_expression()),
             {revision.id, std::string(direction), static_cast<std::int64_t>(::getpid())});
}

void VersionStore::clear_running(SqlSink& sink) const { sink.run(fmt::format("DELETE FROM {}", quoted_running_)); }

void VersionStore::update_heads(SqlSink& sink, const HeadTracker::Change& change) const {
    if (change.removed.size() == 1 && change.added.size() == 1) {
        sink.run(fmt::format("UPDATE {} SET version_num = {} WHERE version_num = {}", quoted_table_, dialect_.parameter(1),
                             dialect_.parameter(2)),
                 {change.added.front(), change.removed.front()});
        return;
    }
    for (const auto& id : change.removed)
        sink.run(fmt::format("DELETE FROM {} WHERE version_num = {}", quoted_table_, dialect_.parameter(1)), {id});
    for (const auto& id : change.added)
        sink.run(fmt::format("INSERT INTO {} (version_num) VALUES ({})", quoted_table_, dialect_.parameter(1)), {id});
}

void VersionStore::replace_heads(SqlSink& sink, const std::vector<std::string>& heads) const {
    sink.run(fmt::format("DELETE FROM {}", quoted_table_));
    for (const auto& id : heads)
        sink.run(fmt::format("INSERT INTO {} (version_num) VALUES ({})", quoted_table_, dialect_.parameter(1)), {id});
}

void VersionStore::log(SqlSink& sink, const Revision& revision, std::string_view direction,
                       std::optional<std::int64_t> duration_ms, bool sections) const {
    std::vector<SqlValue> params{revision.id, revision.checksum, std::string(direction)};
    if (duration_ms)
        params.emplace_back(*duration_ms);
    else
        params.emplace_back(nullptr);
    if (sections) {
        const auto checksums = body_checksums(revision);
        params.emplace_back(checksums ? SqlValue(checksums->upgrade) : SqlValue(nullptr));
        params.emplace_back(checksums ? SqlValue(checksums->downgrade) : SqlValue(nullptr));
    }
    sink.run(fmt::format("INSERT INTO {} (revision, checksum, direction, applied_at, duration_ms{}) "
                         "VALUES ({}, {}, {}{})",
                         quoted_log_, sections ? ", upgrade_checksum, downgrade_checksum" : "", parameters(1, 3),
                         dialect_.now_expression(), parameters(4, 1), sections ? ", " + parameters(5, 2) : ""),
             params);
}

}  // namespace dbm
