#include "sqlite/sqlite_backend.hpp"

#include <filesystem>

#include <sqlite3.h>

#include "sqlite/sqlite_connection.hpp"
#include "sqlite/sqlite_dialect.hpp"

namespace dbm::sqlite {

namespace {

class SqliteBackend final : public Backend {
public:
    std::string_view scheme() const override { return "sqlite"; }
    bool accepts(std::string_view url_text) const override { return accepts_url(url_text); }
    DatabaseUrl parse_url(std::string_view text, const std::filesystem::path& base_dir) const override {
        return sqlite::parse_url(text, base_dir);
    }
    const Dialect& dialect() const override { return sqlite::dialect(); }
    std::unique_ptr<Connection> open(const DatabaseUrl& url, const OpenOptions& options) const override {
        return std::make_unique<SqliteConnection>(url, options);
    }
    bool exists(const DatabaseUrl& url) const override {
        std::error_code error;
        return !url.path.empty() && std::filesystem::exists(url.path, error);
    }
    // An in-memory database: sandboxed, since what it runs comes from files under review.
    std::unique_ptr<Connection> open_scratch() const override {
        return open(sqlite::parse_url(":memory:", {}), {OpenOptions::Mode::read_write, 0});
    }
    std::string engine_version() const override { return std::string("SQLite ") + sqlite3_libversion(); }
    void interrupt_all() const noexcept override { sqlite::interrupt_all(); }
    schema::Models read_sql_models(std::string_view contents, const std::string& file) const override {
        return sqlite::parse_models_sql(contents, file);
    }
};

}  // namespace

const Backend& backend() {
    static const SqliteBackend instance;
    return instance;
}

void register_sqlite() { register_backend(backend()); }

}  // namespace dbm::sqlite
