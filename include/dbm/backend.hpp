// A database engine behind dbm (SPEC §10): one Backend per engine, found by the URL's
// scheme. The backend parses its URLs, hands out its Dialect, opens connections and
// scratch databases, and interrupts them from a signal handler; core and cli reach an
// engine only through the registry below (the free functions of database.hpp dispatch
// here). SQLite registers itself first (src/sqlite/sqlite_backend.cpp), from main() and
// from the test mains; PostgreSQL is the next entry.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dbm/database.hpp"
#include "schema/models.hpp"

namespace dbm {

class Backend {
public:
    virtual ~Backend() = default;
    // The URL scheme it serves: "sqlite".
    virtual std::string_view scheme() const = 0;
    // Whether a URL is this engine's (its scheme, or a form of its own such as file:).
    virtual bool accepts(std::string_view url_text) const = 0;
    // InputError naming the supported forms for a URL it cannot read.
    virtual DatabaseUrl parse_url(std::string_view text, const std::filesystem::path& base_dir) const = 0;
    virtual const Dialect& dialect() const = 0;
    virtual std::unique_ptr<Connection> open(const DatabaseUrl& url, const OpenOptions& options) const = 0;
    // Whether the database is there to read, without creating it (SQLite: the file exists).
    virtual bool exists(const DatabaseUrl& url) const = 0;
    // A private, empty database of this engine that is gone when closed: for replaying
    // revisions, proving a generated one, and loading SQL models.
    virtual std::unique_ptr<Connection> open_scratch() const = 0;
    // The engine library it is built with, as `dbm --version` names it: "SQLite 3.40.1".
    virtual std::string engine_version() const = 0;
    // From a signal handler: async-signal-safe (see interrupt_connections).
    virtual void interrupt_all() const noexcept = 0;
    // Models written as this engine's CREATE statements (schema.sql); InputError at the
    // statement's file:line when one is refused.
    virtual schema::Models read_sql_models(std::string_view contents, const std::string& file) const = 0;
};

// Adds a backend (at start-up, before any other thread runs). The first one registered
// reads URLs no backend accepts, and says which forms are supported.
void register_backend(const Backend& backend);

// The backend of a scheme; Error when none serves it.
const Backend& backend_for(std::string_view scheme);

// engine_version() of every registered backend, in the order they were registered.
std::vector<std::string> engine_versions();

// A scratch database of the engine `scheme` names (Backend::open_scratch).
std::unique_ptr<Connection> open_scratch(std::string_view scheme);

}  // namespace dbm
