// A live SQLite database behind dbm's Connection interface.
#pragma once

#include <optional>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "dbm/database.hpp"

namespace dbm::sqlite {

class SqliteConnection final : public Connection {
public:
    SqliteConnection(const DatabaseUrl& url, const OpenOptions& options);
    ~SqliteConnection() override;

    const Dialect& dialect() const override;
    const std::string& display_name() const override { return display_name_; }
    void execute(std::string_view sql, const std::vector<SqlValue>& params) override;
    std::vector<Row> query(std::string_view sql, const std::vector<SqlValue>& params) override;
    std::unique_ptr<PreparedStatement> prepare(std::string_view sql) override;
    void for_each_row(std::string_view sql, std::span<const Value> params,
                      const std::function<void(std::span<const Value>)>& row) override;
    bool table_exists(std::string_view name) override;
    std::vector<std::string> column_names(std::string_view table) override;
    bool is_empty() override;
    void begin_snapshot() override;
    void end_snapshot() noexcept override;
    void begin_migration() override;
    std::vector<ForeignKeyViolation> foreign_key_violations() override;
    void commit_migration() override;
    void rollback_migration() noexcept override;
    std::filesystem::path back_up(const BackupProgress& progress = {}) override;
    void report_copies(CopyProgress progress) override { copy_progress_ = std::move(progress); }
    void drop_all_objects(const std::vector<std::string>& keep) override;
    Schema introspect(const IntrospectOptions& options) override;
    std::vector<std::string> schema_statements() override;

private:
    friend class SqliteStatement;
    // Turns an SQLite failure into an Error whose message says what it means here.
    [[noreturn]] void fail(const std::exception& error) const;
    void restore_foreign_keys() noexcept;

    void backup_to(const std::filesystem::path& destination, const BackupProgress& progress = {});
    // Steps a statement that copies a whole table, reporting its rows to copy_progress_.
    void step_reporting_copy(SQLite::Statement& statement, std::string_view source_sql, std::string_view source);

    std::filesystem::path path_;  // the database file; empty in memory
    std::string display_name_;
    std::string file_;  // what was opened; ":memory:" for an in-memory or missing database
    int lock_timeout_ms_;
    bool opened_to_read_;  // OpenOptions::Mode::read_only: the connection of a command that only reads
    SQLite::Database db_;
    std::optional<bool> saved_foreign_keys_;
    CopyProgress copy_progress_;
    // A scratch (in-memory) database reaches no file and loads no code: what SQL it runs
    // (replayed revisions, SQL models) comes from files a pull request may change.
    bool sandboxed_ = false;
    mutable std::string denied_;  // what the sandbox last refused, for the error message
    static int authorize(void* self, int action, const char* first, const char* second, const char*, const char*);
};

}  // namespace dbm::sqlite
