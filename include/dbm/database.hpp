// The seam between dbm and a database engine (SPEC §10).
//
// src/core reaches a database only through Dialect (what SQL text looks like, usable with
// no connection, for --sql scripts) and Connection (a live database), both handed out by
// the engine's Backend (backend.hpp). SQLite is the first implementation, in src/sqlite; a
// PostgreSQL one is added beside it without touching the core.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "dbm/operations.hpp"
#include "dbm/schema.hpp"
#include "dbm/schema_rules.hpp"
#include "dbm/value.hpp"

namespace dbm {

// A value bound to a statement parameter.
using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string>;

// One result row. Cells are kept as text (NULL as nullopt): everything dbm reads back
// (versions, checksums, pragma output) is text or small integers.
class Row {
public:
    explicit Row(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}
    std::size_t size() const { return cells_.size(); }
    bool is_null(std::size_t column) const { return !cells_.at(column).has_value(); }
    // The cell's text; "" for NULL.
    const std::string& text(std::size_t column) const;
    // The cell as an integer; 0 for NULL.
    std::int64_t integer(std::size_t column) const;

private:
    std::vector<std::optional<std::string>> cells_;
};

// One statement of a script and the byte offset where it starts in that script.
struct ScriptStatement {
    std::string text;
    std::size_t offset = 0;
};

// A row that breaks a foreign key, as the engine reports it.
struct ForeignKeyViolation {
    std::string table;
    std::string row;  // which row, as the engine names it: SQLite's "rowid 7"
    std::string parent;
};

// Where a database lives, parsed from a URL (sqlite:///app.db) by its engine's backend.
struct DatabaseUrl {
    std::string text;             // as the user wrote it
    std::string scheme;           // the backend's: "sqlite"
    std::string display;          // as messages name it (a path relative to the working directory)
    std::string absolute_text;    // the URL with nothing relative in it, to record in dbm.yaml
    bool ephemeral = false;       // gone when dbm exits (SQLite's :memory:): no backup, no reset
    // Engine parameters from the URL's query string, as the engine names them (SQLite's
    // URI parameters: mode, cache, immutable, nolock, vfs).
    std::vector<std::pair<std::string, std::string>> parameters;
    // The SQLite backend's: the absolute file path (empty in memory). Only src/sqlite reads it.
    std::filesystem::path path;
    bool read_only() const;  // mode=ro (or immutable=1): nothing may write to it
};

// What a scratch database is called in messages and replay configurations; the connection
// itself comes from open_scratch (backend.hpp).
inline DatabaseUrl scratch_database(std::string scheme) {
    DatabaseUrl url;
    url.text = url.display = url.absolute_text = "a scratch database";
    url.scheme = std::move(scheme);
    url.ephemeral = true;
    return url;
}

// Parses a database URL with the backend that accepts it (backend.hpp); relative paths
// resolve against base_dir. InputError naming the supported forms for anything else.
DatabaseUrl parse_database_url(std::string_view text, const std::filesystem::path& base_dir);

// What SQL text looks like for one engine. Needs no connection.
class Dialect {
public:
    virtual ~Dialect() = default;
    // The URL scheme of the engine: "sqlite".
    virtual std::string scheme() const = 0;
    virtual std::string quote_identifier(std::string_view name) const = 0;
    virtual std::string quote_literal(std::string_view value) const = 0;
    // An SQL expression whose value is `expression`'s value written as a literal (NULL as
    // NULL): SQLite's quote(x).
    virtual std::string literal_of(std::string_view expression) const = 0;
    // Splits a script into statements the way the engine itself reads them (strings,
    // comments and trigger bodies may contain semicolons). Blank tails are dropped.
    virtual std::vector<ScriptStatement> split_statements(std::string_view script) const = 0;
    // True for statements that end or open a transaction on their own (BEGIN, COMMIT,
    // ROLLBACK, VACUUM...), which must not appear inside a transactional revision.
    virtual bool controls_transaction(std::string_view statement) const = 0;
    // An SQL expression for the current UTC time, as stored in dbm_log.applied_at.
    virtual std::string now_expression() const = 0;
    // The placeholder of the index-th (from 1) parameter of a statement: SQLite's "?".
    virtual std::string parameter(std::size_t index) const = 0;
    // dbm's own tables, addressed so that no temporary table of the same name can stand
    // in for them (SQLite: main."name").
    virtual std::string own_table(std::string_view name) const = 0;
    // The column definition of dbm_log's key, numbered by the engine (SQLite: INTEGER
    // PRIMARY KEY, the rowid).
    virtual std::string serial_key_column(std::string_view name) const = 0;
    // Text framing an offline (--sql) script so that running it does what a live
    // migration does: foreign keys off, the write lock, and at the end a foreign-key
    // check that aborts the script before COMMIT if any row is broken.
    virtual std::string script_begin() const = 0;
    // A comment line telling how to run an offline script on the database.
    virtual std::string script_usage(const std::string& database) const = 0;
    virtual std::string script_check_and_commit() const = 0;
    virtual std::string script_commit() const = 0;
    // The SQL that turns `from` into `to` by `operations`, for this engine.
    virtual std::string render(const std::vector<schema::Operation>& operations, const Schema& from,
                               const Schema& to) const = 0;
    // What a schema means on this engine: name folding, SQL fragment equality, types, table
    // options (schema_rules.hpp).
    virtual const SchemaRules& schema_rules() const = 0;
    // Every name a statement mentions (identifiers, and strings where the engine takes a
    // name), each with its byte offset in the statement; none for text it cannot read.
    struct NameAt {
        std::string name;
        std::size_t offset = 0;
    };
    virtual std::vector<NameAt> names_in(std::string_view statement) const = 0;
    // An error message made readable: e.g. the stop a rendered preflight check signals.
    virtual std::string explain_error(const std::string& message) const { return message; }
};

// What introspection leaves out.
struct IntrospectOptions {
    std::vector<std::string> skip_tables;      // dbm's own tables
    std::vector<std::string> ignore_patterns;  // ignore_tables globs from dbm.yaml
};

// The dialect of a URL's backend, without opening anything.
const Dialect& dialect_for(const DatabaseUrl& url);

struct OpenOptions {
    // read_only never creates the file: a missing database reads as an empty one.
    enum class Mode { read_only, read_write } mode = Mode::read_only;
    int lock_timeout_ms = 5000;
};

// A statement prepared once and run many times (the batches of a C++ revision).
class PreparedStatement {
public:
    virtual ~PreparedStatement() = default;
    virtual std::size_t parameter_count() const = 0;
    // Runs with `params` bound in order, stepping through and discarding any rows.
    virtual void run(std::span<const Value> params) = 0;
    // The statement as last run, its parameters written as literals (for --sql scripts).
    virtual std::string expanded_sql() const = 0;
};

// A live database.
class Connection {
public:
    virtual ~Connection() = default;
    virtual const Dialect& dialect() const = 0;
    // The database as messages name it (a path relative to the working directory when
    // it lies below it).
    virtual const std::string& display_name() const = 0;

    // Runs one statement, stepping through and discarding any rows it returns.
    virtual void execute(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
    virtual std::vector<Row> query(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
    // Error for SQL the engine refuses.
    virtual std::unique_ptr<PreparedStatement> prepare(std::string_view sql) = 0;
    // Each row of a query, its cells typed as the engine holds them.
    virtual void for_each_row(std::string_view sql, std::span<const Value> params,
                              const std::function<void(std::span<const Value>)>& row) = 0;
    virtual bool table_exists(std::string_view name) = 0;
    // The columns of a table in order; none when it does not exist.
    virtual std::vector<std::string> column_names(std::string_view table) = 0;
    // True when the database holds no table, view, index or trigger at all.
    virtual bool is_empty() = 0;

    // A read transaction: everything read until end_snapshot() comes from one state of the
    // database, however other processes write meanwhile (SPEC §12).
    virtual void begin_snapshot() = 0;
    virtual void end_snapshot() noexcept = 0;

    // The migration transaction (SPEC §7.1). begin_migration switches foreign-key
    // enforcement off (outside the transaction, the only place where that works) and then
    // takes the cross-process write lock, waiting up to the lock timeout. commit_migration
    // commits and restores the previous setting; rollback_migration rolls back explicitly
    // (a failed statement does not) and restores the setting. Neither checks foreign keys:
    // the caller asks foreign_key_violations() first.
    virtual void begin_migration() = 0;
    virtual std::vector<ForeignKeyViolation> foreign_key_violations() = 0;
    virtual void commit_migration() = 0;
    virtual void rollback_migration() noexcept = 0;

    // A consistent copy of the database beside it, written whole or not at all, under a
    // name no file has; returns its path. InputError when the database cannot be copied
    // (in memory). `progress` hears of the destination first (0 of 0), then of the pages
    // copied of the total as the copy goes.
    using BackupProgress =
        std::function<void(const std::filesystem::path& destination, std::uint64_t done, std::uint64_t total)>;
    virtual std::filesystem::path back_up(const BackupProgress& progress = {}) = 0;
    // From now on, while a statement copies every row of one table into another (a
    // rebuild's INSERT ... SELECT), `progress` hears of the rows copied of the table's
    // total, a few hundred times at most; an empty function stops it. An engine that
    // cannot tell how far a statement is reports nothing.
    using CopyProgress = std::function<void(std::string_view table, std::uint64_t done, std::uint64_t total)>;
    virtual void report_copies(CopyProgress progress) = 0;
    // Drops every table, view, trigger and index but the tables named in keep (used by
    // reset, inside a migration).
    virtual void drop_all_objects(const std::vector<std::string>& keep) = 0;
    // The live schema, as models describe one.
    virtual Schema introspect(const IntrospectOptions& options) = 0;
    // The statements that create this database's whole schema (every table, dbm's and the
    // ignored ones too, indexes, views, triggers, virtual tables) in an order that runs, for
    // a scratch copy without the rows.
    virtual std::vector<std::string> schema_statements() = 0;
};

std::unique_ptr<Connection> open_connection(const DatabaseUrl& url, const OpenOptions& options);
// Whether the database is there (Backend::exists): `check` on a machine with none checks
// the revisions and the models alone.
bool database_exists(const DatabaseUrl& url);

// From a signal handler: stops the statements running on every open connection, and every
// later one, with Interrupted. Async-signal-safe.
void interrupt_connections() noexcept;
// Whether interrupt_connections was called: work that waits on something else than a
// statement (a C++ revision's process) stops too.
bool interrupt_requested() noexcept;

// Holds a read snapshot for a scope.
class ReadSnapshot {
public:
    explicit ReadSnapshot(Connection& connection) : connection_(connection) { connection_.begin_snapshot(); }
    ~ReadSnapshot() { connection_.end_snapshot(); }
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

private:
    Connection& connection_;
};

}  // namespace dbm
