#include "sqlite/sqlite_connection.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <atomic>
#include <mutex>
#include <utility>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include "dbm/error.hpp"
#include "sqlite/introspect.hpp"
#include "sqlite/row_copy.hpp"
#include "sqlite/sqlite_backend.hpp"
#include "sqlite/sqlite_dialect.hpp"
#include "util/log.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace dbm {

namespace {

// The open connections' handles, for a signal handler: a fixed table of atomics (a handler
// may not lock or allocate). dbm opens a few connections at once at most.
constexpr std::size_t max_connections = 16;
std::atomic<sqlite3*> open_handles[max_connections];
std::atomic<bool> sqlite_interrupted{false};

}  // namespace

}  // namespace dbm

namespace dbm::sqlite {

void interrupt_all() noexcept {
    sqlite_interrupted.store(true);
    for (auto& handle : open_handles)
        if (sqlite3* db = handle.load()) sqlite3_interrupt(db);
}

}  // namespace dbm::sqlite

namespace dbm::sqlite {

namespace {

// Read-only commands never create a database: a missing file reads as an empty one.
// With URI parameters the file is opened as SQLite's file: URI (uri.html), its path
// percent-encoded where a URI needs it.
std::string file_to_open(const DatabaseUrl& url, const OpenOptions& options) {
    if (url.ephemeral) return ":memory:";
    if (options.mode == OpenOptions::Mode::read_only && access(url.path.c_str(), F_OK) != 0) return ":memory:";
    if (url.parameters.empty()) return url.path.string();
    std::string uri = "file:";
    for (const char c : url.path.string()) {
        if (c == '%' || c == '?' || c == '#') uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
        else uri += c;
    }
    for (std::size_t i = 0; i < url.parameters.size(); ++i)
        uri += (i ? "&" : "?") + url.parameters[i].first + "=" + url.parameters[i].second;
    return uri;
}

// A hot journal (a write interrupted mid-way) is rolled back by the first connection that
// reads the database and may write it: a read command opens such a database read-write
// when it may, so that it recovers it instead of failing.
bool recoverable_hot_journal(const DatabaseUrl& url) {
    const std::string journal = url.path.string() + "-journal";
    struct stat status {};
    return ::stat(journal.c_str(), &status) == 0 && status.st_size > 0 && access(url.path.c_str(), W_OK) == 0 &&
           access(url.path.parent_path().c_str(), W_OK) == 0;
}

int open_flags(const DatabaseUrl& url, const OpenOptions& options) {
    if (url.ephemeral) return SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
    if (url.read_only()) return SQLite::OPEN_READONLY;
    if (options.mode == OpenOptions::Mode::read_write) return SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
    if (access(url.path.c_str(), F_OK) != 0) return SQLite::OPEN_READWRITE;
    return recoverable_hot_journal(url) ? SQLite::OPEN_READWRITE : SQLite::OPEN_READONLY;
}

// Opens `file`, with SQLite set up once before its first connection: no memory statistics,
// which dbm never reads and which cost a global mutex around every allocation. NOMUTEX: a
// connection is only ever used by the thread that opened it, so SQLite need not lock it on
// every call.
SQLite::Database open_database(const std::string& file, int flags, int timeout_ms) {
    static std::once_flag configured;
    std::call_once(configured, [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        sqlite3_initialize();
    });
    // OPEN_URI: a file: name is SQLite's URI; dbm's own paths are absolute, never "file:...".
    return SQLite::Database(file, flags | SQLite::OPEN_NOMUTEX | SQLite::OPEN_URI, timeout_ms);
}

std::string describe(int extended_code, const std::string& name, const char* sqlite_message, int timeout_ms) {
    switch (extended_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return fmt::format("database {} is locked by another process; gave up after {} ms (lock_timeout_ms)",
                           name, timeout_ms);
    case SQLITE_READONLY:
        if (extended_code == SQLITE_READONLY_DIRECTORY)
            return fmt::format("cannot write {}: its directory is read-only", name);
        if (extended_code == SQLITE_READONLY_ROLLBACK || extended_code == SQLITE_READONLY_RECOVERY)
            return fmt::format("{} holds the journal of a write that was interrupted, which only a process that may "
                               "write the database and its directory can roll back: run any dbm command with that "
                               "permission (dbm current rolls it back), then read it again",
                               name);
        return fmt::format("cannot write {}: the database is read-only ({})", name, sqlite_message);
    case SQLITE_FULL:
        return fmt::format("cannot write {}: database or disk is full", name);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return fmt::format("{} is not a database or is corrupt ({})", name, sqlite_message);
    case SQLITE_CANTOPEN:
        if (errno == EMFILE || errno == ENFILE)
            return fmt::format("cannot open {}: {} (raise the limit: ulimit -n)", name, std::strerror(errno));
        return fmt::format("cannot open {} ({}); does its directory exist and is it writable?", name,
                           sqlite_message);
    case SQLITE_IOERR:
        // errno says why: a full disk, a file size limit (ulimit -f), ...
        if (errno != 0) return fmt::format("I/O error on {}: {} ({})", name, std::strerror(errno), sqlite_message);
        return fmt::format("I/O error on {} ({})", name, sqlite_message);
    default:
        return sqlite_message;
    }
}

// A URL that opens the database read-only cannot serve a command that writes: said
// before anything is opened, not at the first write.
void refuse_read_only(const DatabaseUrl& url, const OpenOptions& options) {
    if (options.mode == OpenOptions::Mode::read_write && url.read_only())
        throw Error(fmt::format("cannot write {}: its URL opens it read-only (mode=ro or immutable=1)", url.display));
}

// -v shows every statement dbm runs, with its parameters filled in.
int trace_statement(unsigned, void*, void* statement, void*) {
    if (char* sql = sqlite3_expanded_sql(static_cast<sqlite3_stmt*>(statement))) {
        log::debug(sql);
        sqlite3_free(sql);
    }
    return 0;
}

// Binds each value in order: SqlValue (dbm's own statements) or Value (a C++ revision's).
template <typename Values>
void bind_all(SQLite::Statement& statement, const Values& params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int index = static_cast<int>(i) + 1;
        std::visit(
            [&](const auto& value) {
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, std::nullptr_t>)
                    statement.bind(index);
                else if constexpr (std::is_same_v<T, Blob>)
                    statement.bind(index, value.bytes.data(), static_cast<int>(value.bytes.size()));
                else
                    statement.bind(index, value);
            },
            params[i]);
    }
}

}  // namespace

class SqliteStatement final : public PreparedStatement {
public:
    SqliteStatement(SqliteConnection& connection, std::string_view sql) try
        : connection_(connection), statement_(connection.db_, std::string(sql)) {
    } catch (const SQLite::Exception& error) {
        connection.fail(error);
    }
    std::size_t parameter_count() const override {
        return static_cast<std::size_t>(statement_.getBindParameterCount());
    }
    std::string expanded_sql() const override { return statement_.getExpandedSQL(); }
    void run(std::span<const Value> params) override {
        if (sqlite_interrupted.load()) throw Interrupted();
        try {
            statement_.reset();
            bind_all(statement_, params);
            while (statement_.executeStep()) {
            }
        } catch (const SQLite::Exception& error) {
            connection_.fail(error);
        }
    }

private:
    SqliteConnection& connection_;
    SQLite::Statement statement_;
};

SqliteConnection::SqliteConnection(const DatabaseUrl& url, const OpenOptions& options) try
    : path_(url.path),
      display_name_((refuse_read_only(url, options), url.display)),
      file_(file_to_open(url, options)),
      lock_timeout_ms_(options.lock_timeout_ms),
      opened_to_read_(options.mode == OpenOptions::Mode::read_only),
      db_(open_database(file_, open_flags(url, options), options.lock_timeout_ms)) {
    if (options.mode == OpenOptions::Mode::read_write && sqlite3_db_readonly(db_.getHandle(), "main") == 1)
        throw Error(fmt::format("cannot write {}: the file is read-only (permission denied)", display_name_));
    // SQLite creates its journal beside the database only at the first write; say so now,
    // before any revision runs, rather than blame the first statement.
    if (options.mode == OpenOptions::Mode::read_write && !url.ephemeral &&
        access(url.path.parent_path().c_str(), W_OK) != 0)
        throw Error(fmt::format("cannot write {}: its directory is read-only (SQLite keeps its journal there)",
                                display_name_));
    for (auto& handle : open_handles) {
        sqlite3* expected = nullptr;
        if (handle.compare_exchange_strong(expected, db_.getHandle())) break;
    }
    if (url.ephemeral) {
        sandboxed_ = true;
        sqlite3_limit(db_.getHandle(), SQLITE_LIMIT_ATTACHED, 0);
        sqlite3_set_authorizer(db_.getHandle(), &SqliteConnection::authorize, this);
    }
    if (log::enabled()) {
        log::debug(fmt::format("opened {}", display_name_));
        sqlite3_trace_v2(db_.getHandle(), SQLITE_TRACE_STMT, trace_statement, nullptr);
    }
} catch (const SQLite::Exception& error) {
    throw Error(describe(error.getExtendedErrorCode(), url.display, error.what(), options.lock_timeout_ms));
}

int SqliteConnection::authorize(void* self, int action, const char* first, const char* second, const char*, const char*) {
    auto& connection = *static_cast<SqliteConnection*>(self);
    const auto refuse = [&](std::string what) {
        connection.denied_ = std::move(what);
        return SQLITE_DENY;
    };
    switch (action) {
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
        return refuse("ATTACH, which would reach a file");
    case SQLITE_FUNCTION: {
        // load_extension loads code; fts3_tokenizer takes a pointer to call.
        const std::string name = second ? text::lower(second) : std::string();
        if (name == "load_extension" || name == "fts3_tokenizer") return refuse(name + "(), which would load or call code");
        return SQLITE_OK;
    }
    default:
        (void)first;
        return SQLITE_OK;
    }
}

SqliteConnection::~SqliteConnection() {
    for (auto& handle : open_handles) {
        sqlite3* expected = db_.getHandle();
        if (handle.compare_exchange_strong(expected, nullptr)) break;
    }
}

const Dialect& SqliteConnection::dialect() const { return sqlite::dialect(); }

void SqliteConnection::fail(const std::exception& error) const {
    if (const auto* sqlite_error = dynamic_cast<const SQLite::Exception*>(&error)) {
        const int code = sqlite_error->getExtendedErrorCode();
        if ((code & 0xff) == SQLITE_INTERRUPT || sqlite_interrupted.load()) throw Interrupted();
        // SQLite reports a denied action as SQLITE_AUTH, a denied function as SQLITE_ERROR.
        if (sandboxed_ && !denied_.empty()) {
            const std::string what = std::exchange(denied_, std::string());
            throw Error(fmt::format("the scratch database dbm uses here may not run {}", what));
        }
        const std::string message = describe(code, display_name_, sqlite_error->what(), lock_timeout_ms_);
        if ((code & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError(message);
        throw Error(message);
    }
    throw Error(error.what());
}

void SqliteConnection::execute(std::string_view sql, const std::vector<SqlValue>& params) {
    if (sqlite_interrupted.load()) throw Interrupted();
    try {
        SQLite::Statement statement(db_, std::string(sql));
        bind_all(statement, params);
        if (copy_progress_) {
            if (const auto copy = whole_table_copy(sql)) {
                step_reporting_copy(statement, copy->source_sql, copy->source);
                return;
            }
        }
        while (statement.executeStep()) {
        }
    } catch (const SQLite::Exception& error) {
        fail(error);
    }
}

namespace {

// What the progress handler needs while a copy runs.
struct CopyWatch {
    sqlite3* db;
    sqlite3_stmt* statement = nullptr;  // found on the first call: SQLiteCpp hides it
    std::string_view table;
    std::uint64_t total;
    std::uint64_t reported = 0;
    const Connection::CopyProgress* progress;
};

// Called by SQLite every few thousand virtual-machine instructions. The rows read so far
// are the steps of the full scan of the source table; reported when they moved by at
// least 1/200 of the total.
int report_copy(void* context) {
    auto& watch = *static_cast<CopyWatch*>(context);
    // The copy is the one statement of the connection that runs and writes now.
    for (sqlite3_stmt* open = nullptr; !watch.statement && (open = sqlite3_next_stmt(watch.db, open));)
        if (sqlite3_stmt_busy(open) && !sqlite3_stmt_readonly(open)) watch.statement = open;
    if (!watch.statement) return 0;
    const auto done = std::min<std::uint64_t>(
        static_cast<std::uint64_t>(sqlite3_stmt_status(watch.statement, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0)), watch.total);
    if (done > watch.reported && (done - watch.reported) * 200 >= watch.total) {
        watch.reported = done;
        try {
            (*watch.progress)(watch.table, done, watch.total);
        } catch (...) {
            // A display that failed must not fail the migration.
        }
    }
    return 0;
}

}  // namespace

void SqliteConnection::step_reporting_copy(SQLite::Statement& statement, std::string_view source_sql,
                                           std::string_view source) {
    std::uint64_t total = 0;
    {
        SQLite::Statement count(db_, fmt::format("SELECT count(*) FROM {}", source_sql));
        if (count.executeStep()) total = static_cast<std::uint64_t>(count.getColumn(0).getInt64());
    }
    if (total == 0) {
        while (statement.executeStep()) {
        }
        return;
    }
    CopyWatch watch{db_.getHandle(), nullptr, source, total, 0, &copy_progress_};
    sqlite3_progress_handler(db_.getHandle(), 4096, report_copy, &watch);
    struct Clear {
        sqlite3* db;
        ~Clear() { sqlite3_progress_handler(db, 0, nullptr, nullptr); }
    } clear{db_.getHandle()};
    copy_progress_(source, 0, total);
    while (statement.executeStep()) {
    }
    copy_progress_(source, total, total);
}

std::unique_ptr<PreparedStatement> SqliteConnection::prepare(std::string_view sql) {
    return std::make_unique<SqliteStatement>(*this, sql);
}

void SqliteConnection::for_each_row(std::string_view sql, std::span<const Value> params,
                                    const std::function<void(std::span<const Value>)>& row) {
    if (sqlite_interrupted.load()) throw Interrupted();
    try {
        SQLite::Statement statement(db_, std::string(sql));
        bind_all(statement, params);
        std::vector<Value> cells(static_cast<std::size_t>(statement.getColumnCount()));
        while (statement.executeStep()) {
            for (std::size_t i = 0; i < cells.size(); ++i) {
                const SQLite::Column column = statement.getColumn(static_cast<int>(i));
                switch (column.getType()) {
                case SQLITE_INTEGER: cells[i] = static_cast<std::int64_t>(column.getInt64()); break;
                case SQLITE_FLOAT: cells[i] = column.getDouble(); break;
                case SQLITE_TEXT: cells[i] = column.getString(); break;
                case SQLITE_BLOB: {
                    const auto* bytes = static_cast<const char*>(column.getBlob());
                    cells[i] = Blob{std::string(bytes ? bytes : "", static_cast<std::size_t>(column.getBytes()))};
                    break;
                }
                default: cells[i] = nullptr;
                }
            }
            row(cells);
        }
    } catch (const SQLite::Exception& error) {
        fail(error);
    }
}

std::vector<Row> SqliteConnection::query(std::string_view sql, const std::vector<SqlValue>& params) {
    if (sqlite_interrupted.load()) throw Interrupted();
    std::vector<Row> rows;
    try {
        SQLite::Statement statement(db_, std::string(sql));
        bind_all(statement, params);
        const int columns = statement.getColumnCount();
        while (statement.executeStep()) {
            std::vector<std::optional<std::string>> cells;
            cells.reserve(static_cast<std::size_t>(columns));
            for (int i = 0; i < columns; ++i) {
                const SQLite::Column column = statement.getColumn(i);
                if (column.isNull())
                    cells.emplace_back(std::nullopt);
                else
                    cells.emplace_back(column.getString());
            }
            rows.emplace_back(std::move(cells));
        }
    } catch (const SQLite::Exception& error) {
        fail(error);
    }
    return rows;
}

bool SqliteConnection::table_exists(std::string_view name) {
    return !query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", {std::string(name)}).empty();
}

std::vector<std::string> SqliteConnection::column_names(std::string_view table) {
    std::vector<std::string> names;
    for (const Row& row : query("SELECT name FROM pragma_table_info(?, 'main')", {std::string(table)})) names.push_back(row.text(0));
    return names;
}

bool SqliteConnection::is_empty() { return query("SELECT 1 FROM sqlite_schema LIMIT 1", {}).empty(); }

void SqliteConnection::begin_snapshot() {
    // BEGIN is deferred: the first read takes the shared lock (or, in WAL mode, the
    // snapshot), which holds until COMMIT.
    execute("BEGIN", {});
    query("SELECT 1 FROM sqlite_schema LIMIT 1", {});
    // What reads a snapshot (migrate, check, status) scans the schema a few times: each
    // catalog query of introspection reads sqlite_schema again. SQLite's default page cache
    // (2 MiB) would keep a large schema's pages beside its parsed schema, for scans that read
    // them as fast from the OS's cache: 256 KiB takes `migrate` at 2,000 tables from 29.5 to
    // 27.3 MiB. Set here, under the snapshot's lock, because the pragma loads the schema
    // (set at open it would wait for a locked database once more). Not for a connection
    // that may write, whose upgrade the cache serves.
    if (opened_to_read_) execute("PRAGMA cache_size = -256", {});
}

void SqliteConnection::end_snapshot() noexcept {
    if (sqlite3_get_autocommit(db_.getHandle()) == 0) sqlite3_exec(db_.getHandle(), "COMMIT", nullptr, nullptr, nullptr);
}

void SqliteConnection::begin_migration() {
    // PRAGMA foreign_keys is a silent no-op inside a transaction, so it is switched off
    // here, before BEGIN. Table rebuilds need it off: DROP TABLE on a parent would otherwise
    // run ON DELETE CASCADE and empty its children. foreign_key_violations() checks at the end.
    saved_foreign_keys_ = query("PRAGMA foreign_keys", {}).at(0).integer(0) != 0;
    execute("PRAGMA foreign_keys = OFF", {});
    try {
        // IMMEDIATE takes the write lock now, waiting up to busy_timeout: this is the lock
        // that makes racing dbm processes run one after the other.
        execute("BEGIN IMMEDIATE", {});
    } catch (...) {
        restore_foreign_keys();
        throw;
    }
}

std::vector<ForeignKeyViolation> SqliteConnection::foreign_key_violations() {
    std::vector<ForeignKeyViolation> violations;
    for (const Row& row : query("PRAGMA foreign_key_check", {}))
        violations.push_back({row.text(0), "rowid " + row.text(1), row.text(2)});
    return violations;
}

void SqliteConnection::commit_migration() {
    execute("COMMIT", {});
    restore_foreign_keys();
}

void SqliteConnection::rollback_migration() noexcept {
    // A failed statement leaves the transaction open: it must be rolled back explicitly.
    if (sqlite3_get_autocommit(db_.getHandle()) == 0) sqlite3_exec(db_.getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
    restore_foreign_keys();
}

void SqliteConnection::restore_foreign_keys() noexcept {
    if (!saved_foreign_keys_) return;
    const char* sql = *saved_foreign_keys_ ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF";
    sqlite3_exec(db_.getHandle(), sql, nullptr, nullptr, nullptr);
    saved_foreign_keys_.reset();
}

namespace {

// "<db>.<UTC timestamp>.bak" beside the database, never an existing file's name.
std::filesystem::path backup_path_for(const std::filesystem::path& database) {
    namespace fs = std::filesystem;
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
    fs::path candidate = database.string() + "." + stamp + ".bak";
    for (int n = 2; fs::exists(candidate); ++n) candidate = fmt::format("{}.{}-{}.bak", database.string(), stamp, n);
    return candidate;
}

}  // namespace

std::filesystem::path SqliteConnection::back_up(const BackupProgress& progress) {
    if (path_.empty()) throw InputError("--backup: an in-memory database cannot be backed up");
    const std::filesystem::path destination = backup_path_for(path_);
    backup_to(destination, progress);
    return destination;
}

void SqliteConnection::backup_to(const std::filesystem::path& destination, const BackupProgress& progress) {
    // The copy goes to a temporary name first and is linked into place only when complete,
    // so a failed or interrupted backup never leaves a file that looks like a good one.
    const std::filesystem::path partial = destination.string() + ".part";
    ::unlink(partial.c_str());
    try {
        {
            // A second, read-only connection reads the committed state. This one may hold the
            // write lock (taken before the backup, so that nobody writes in between), and
            // SQLite refuses to back up from a connection in a write transaction. Holding
            // that lock still lets readers in.
            SQLite::Database source = open_database(file_, SQLite::OPEN_READONLY, lock_timeout_ms_);
            SQLite::Database copy = open_database(partial.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 0);
            SQLite::Backup backup(copy, source);
            if (!progress) {
                // One step copies every page under one read lock: a consistent snapshot even
                // while other processes write.
                const int rc = backup.executeStep(-1);
                if (rc != SQLITE_DONE)
                    throw Error(fmt::format("backup of {} did not complete ({})", display_name_, sqlite3_errstr(rc)));
            } else {
                // In steps, to say how far it is. Between steps SQLite restarts the copy if
                // another connection wrote meanwhile, so it is still one consistent state
                // (and a migration holds the write lock, so nobody does).
                progress(destination, 0, 0);
                for (int rc = SQLITE_OK; rc != SQLITE_DONE;) {
                    rc = backup.executeStep(1024);  // 4 MiB of 4 KiB pages a step
                    if (rc != SQLITE_OK && rc != SQLITE_DONE)
                        throw Error(fmt::format("backup of {} did not complete ({})", display_name_, sqlite3_errstr(rc)));
                    const auto total = static_cast<std::uint64_t>(backup.getTotalPageCount());
                    progress(destination, total - static_cast<std::uint64_t>(backup.getRemainingPageCount()), total);
                }
            }
        }
        if (::link(partial.c_str(), destination.c_str()) != 0)
            throw Error(fmt::format("cannot write backup {}: {}", paths::display(destination), std::strerror(errno)));
        ::unlink(partial.c_str());
    } catch (const SQLite::Exception& error) {
        const int system_error = errno;
        ::unlink(partial.c_str());
        throw Error(fmt::format("cannot write backup {}: {}{}", paths::display(destination), error.what(),
                                system_error ? fmt::format(" ({})", std::strerror(system_error)) : std::string()));
    } catch (...) {
        ::unlink(partial.c_str());
        throw;
    }
}

void SqliteConnection::drop_all_objects(const std::vector<std::string>& keep) {
    // Views first (they may name tables), then virtual tables (whose modules drop their own
    // shadow tables, which must never be dropped directly), then tables; indexes and triggers
    // go with their tables.
    const auto objects = query(
        "SELECT type, name FROM pragma_table_list WHERE schema = 'main' AND type IN ('view', 'virtual', 'table') AND "
        "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY CASE type WHEN 'view' THEN 0 WHEN 'virtual' THEN 1 ELSE 2 END",
        {});
    for (const Row& object : objects) {
        if (std::find(keep.begin(), keep.end(), object.text(1)) != keep.end()) continue;
        // A shadow table of a module SQLite lacks shows as a table; it went with its virtual table.
        if (object.text(0) == "table" && !table_exists(object.text(1))) continue;
        execute(fmt::format("DROP {} {}", object.text(0) == "view" ? "VIEW" : "TABLE",
                            dialect().quote_identifier(object.text(1))),
                {});
    }
    for (const char* internal : {"sqlite_stat1", "sqlite_stat4"})
        if (table_exists(internal)) execute(fmt::format("DROP TABLE {}", internal), {});
    if (table_exists("sqlite_sequence")) execute("DELETE FROM sqlite_sequence", {});
}

Schema SqliteConnection::introspect(const IntrospectOptions& options) { return schema::introspect_sqlite(*this, options); }

std::vector<std::string> SqliteConnection::schema_statements() {
    // Tables (not SQLite's own, nor shadow tables, which their virtual tables make), then
    // virtual tables, indexes, views and triggers, each group as created. sqlite_sequence
    // comes with the first AUTOINCREMENT table.
    std::vector<std::string> statements;
    for (const Row& row : query("SELECT s.sql FROM sqlite_schema AS s LEFT JOIN pragma_table_list AS t ON t.schema = 'main' "
                                "AND t.name = s.name WHERE s.sql IS NOT NULL AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                                "AND coalesce(t.type, '') != 'shadow' ORDER BY CASE WHEN s.type = 'table' AND t.type = "
                                "'table' THEN 0 WHEN s.type = 'table' THEN 1 WHEN s.type = 'index' THEN 2 WHEN s.type = "
                                "'view' THEN 3 ELSE 4 END, s.rowid",
                                {}))
        statements.push_back(row.text(0));
    return statements;
}

}  // namespace dbm::sqlite
