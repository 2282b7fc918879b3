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
};

inline constexpr const char* default_migrations_dir = "migrations";
inline constexpr const char* config_file_name = "dbm.yaml";

// -d DIR when given; else ./migrations; else the nearest parent directory holding
// migrations/dbm.yaml, as git finds .git. InputError when there is none.
std::filesystem::path find_migrations_dir(const std::optional<std::filesystem::path>& directory,
                                          const std::filesystem::path& working_dir);

// Reads dbm.yaml and applies the precedence --db > DATABASE_URL > dbm.yaml. Relative paths
// in dbm.yaml resolve against the project root; those on the command line or in the
// environment against the working directory, where the user typed them.
Config load_config(const ConfigOverrides& overrides);

}  // namespace dbm
