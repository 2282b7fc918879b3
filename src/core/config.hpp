// dbm.yaml, finding the migrations directory, and which database to use.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dbm/database.hpp"

namespace dbm {

// What the command line and the environment say about where things are.
struct ConfigOverrides {
    std::optional<std::filesystem::path> directory;     // -d/--directory
    std::optional<std::string> database_url;            // --db
    std::optional<std::string> environment_url;         // DATABASE_URL
    std::optional<int> lock_timeout_ms;                 // --lock-timeout / DBM_LOCK_TIMEOUT
};

struct Config {
    std::filesystem::path project_root;    // the directory holding the migrations directory
    std::filesystem::path migrations_dir;  // absolute
    std::filesystem::path config_file;     // migrations_dir / "dbm.yaml"
    DatabaseUrl database;
    std::filesystem::path models_path;
    std::string version_table = "dbm_version";
    std::vector<std::string> ignore_tables;
    int lock_timeout_ms = 5000;

    std::filesystem::path versions_dir() const { return migrations_dir / "versions"; }
    // This machine's caches (compiled C++ revisions, the header index), git-ignored.
    std::filesystem::path cache_dir() const { return migrations_dir / ".dbm-cache"; }
};

inline constexpr const char* default_migrations_dir = "migrations";
// Where dbm keeps its files in a Flask-Migrate project, whose migrations/ is Alembic's.
inline constexpr const char* beside_alembic_dir = "dbm_migrations";
inline constexpr const char* config_file_name = "dbm.yaml";

// A directory of Alembic's (Flask-Migrate's migrations/): it holds alembic.ini or env.py.
bool is_alembic_directory(const std::filesystem::path& dir);

// Where `dbm init` puts the migrations directory without -d: migrations/, or dbm_migrations/
// beside a Flask-Migrate project's migrations/.
std::filesystem::path default_migrations_dir_in(const std::filesystem::path& project_root);

// -d DIR when given; else the nearest directory (this one or a parent, as git finds .git)
// holding migrations/dbm.yaml or dbm_migrations/dbm.yaml. InputError when there is none,
// saying what is there instead.
std::filesystem::path find_migrations_dir(const std::optional<std::filesystem::path>& directory,
                                          const std::filesystem::path& working_dir);

// Reads dbm.yaml and applies the precedence --db > DATABASE_URL > dbm.yaml. Relative paths
// in dbm.yaml resolve against the project root; those on the command line or in the
// environment against the working directory, where the user typed them.
Config load_config(const ConfigOverrides& overrides);

}  // namespace dbm
