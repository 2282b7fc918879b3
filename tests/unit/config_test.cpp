// Unit tests for finding the migrations directory and reading dbm.yaml (src/core/config.hpp).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "core/config.hpp"
#include "dbm/error.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using dbm::Config;
using dbm::ConfigOverrides;
using dbm::InputError;

namespace {

using test::TempDir;
using test::WorkingDir;

void write(const fs::path& path, const std::string& contents) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << contents;
    REQUIRE(out.good());
}

// root/migrations/dbm.yaml with the given contents; returns root.
void make_project(const fs::path& root, const std::string& yaml) {
    write(root / "migrations" / "dbm.yaml", yaml);
    fs::create_directories(root / "migrations" / "versions");
}

InputError load_error(const ConfigOverrides& overrides = {}) {
    try {
        dbm::load_config(overrides);
    } catch (const InputError& error) {
        return error;
    }
    FAIL("load_config accepted a bad configuration");
    throw std::logic_error("unreachable");
}

}  // namespace

// --- find_migrations_dir ------------------------------------------------------------------

TEST_CASE("an explicit -d that does not exist is refused naming it", "[config][find]") {
    TempDir temp;
    REQUIRE_THROWS_AS(dbm::find_migrations_dir(fs::path("db/missing"), temp.path()), InputError);
    REQUIRE_THROWS_WITH(dbm::find_migrations_dir(fs::path("db/missing"), temp.path()), Catch::Contains("missing"));
}

TEST_CASE("an explicit -d that exists is used, resolved against the working directory", "[config][find]") {
    TempDir temp;
    fs::create_directories(temp.path() / "db" / "migrations");
    CHECK(dbm::find_migrations_dir(fs::path("db/migrations"), temp.path()) == temp.path() / "db" / "migrations");
    CHECK(dbm::find_migrations_dir(temp.path() / "db" / "migrations", "/") == temp.path() / "db" / "migrations");
}

TEST_CASE("./migrations in the working directory is found", "[config][find]") {
    TempDir temp;
    fs::create_directories(temp.path() / "migrations");
    CHECK(dbm::find_migrations_dir(std::nullopt, temp.path()) == temp.path() / "migrations");
}

TEST_CASE("a parent directory's migrations/dbm.yaml is found from a nested subdirectory", "[config][find]") {
    TempDir temp;
    make_project(temp.path(), "");
    const fs::path nested = temp.path() / "app" / "src" / "models";
    fs::create_directories(nested);
    CHECK(dbm::find_migrations_dir(std::nullopt, nested) == temp.path() / "migrations");
}

TEST_CASE("no migrations directory anywhere up the tree is refused mentioning dbm init", "[config][find]") {
    TempDir temp;
    const fs::path nested = temp.path() / "a" / "b";
    fs::create_directories(nested);
    REQUIRE_THROWS_AS(dbm::find_migrations_dir(std::nullopt, nested), InputError);
    REQUIRE_THROWS_WITH(dbm::find_migrations_dir(std::nullopt, nested), Catch::Contains("dbm init"));
}

// --- load_config ------------------------------------------------------------------------------

TEST_CASE("an empty dbm.yaml gives the default settings", "[config][load]") {
    TempDir temp;
    make_project(temp.path(), "");
    WorkingDir cwd(temp.path());
    const Config config = dbm::load_config({});
    CHECK(config.project_root == temp.path());
    CHECK(config.migrations_dir == temp.path() / "migrations");
    CHECK(config.config_file == temp.path() / "migrations" / "dbm.yaml");
    CHECK(config.versions_dir() == temp.path() / "migrations" / "versions");
    CHECK(config.database.path == temp.path() / "app.db");
    CHECK_FALSE(config.database.ephemeral);
    CHECK(config.models_path == temp.path() / "models.yaml");
    CHECK(config.version_table == "dbm_version");
    CHECK(config.ignore_tables.empty());
    CHECK(config.lock_timeout_ms == 5000);
}

TEST_CASE("every setting in dbm.yaml is read", "[config][load]") {
    TempDir temp;
    make_project(temp.path(),
                 "database: sqlite:///var/data.db\n"
                 "models: schema/models.sql\n"
                 "version_table: alembic_version\n"
                 "ignore_tables: [spatial_*, sqlite_stat1]\n"
                 "lock_timeout_ms: 250\n");
    WorkingDir cwd(temp.path());
    const Config config = dbm::load_config({});
    CHECK(config.database.path == temp.path() / "var" / "data.db");
    CHECK(config.models_path == temp.path() / "schema" / "models.sql");
    CHECK(config.version_table == "alembic_version");
    CHECK(config.ignore_tables == std::vector<std::string>{"spatial_*", "sqlite_stat1"});
    CHECK(config.lock_timeout_ms == 250);
}

TEST_CASE("a relative database in dbm.yaml resolves against the project root from a subdirectory",
          "[config][load]") {
    TempDir temp;
    make_project(temp.path(), "database: sqlite:///app.db\n");
    const fs::path sub = temp.path() / "src" / "pkg";
    fs::create_directories(sub);
    WorkingDir cwd(sub);
    const Config config = dbm::load_config({});
    CHECK(config.project_root == temp.path());
    CHECK(config.database.path == temp.path() / "app.db");
}

TEST_CASE("the --db URL overrides DATABASE_URL, which overrides dbm.yaml", "[config][load]") {
    TempDir temp;
    make_project(temp.path(), "database: sqlite:///from_file.db\n");
    const fs::path sub = temp.path() / "work";
    fs::create_directories(sub);
    WorkingDir cwd(sub);

    ConfigOverrides overrides;
    CHECK(dbm::load_config(overrides).database.path == temp.path() / "from_file.db");

    overrides.environment_url = "sqlite:///from_env.db";
    CHECK(dbm::load_config(overrides).database.path == sub / "from_env.db");

    overrides.database_url = "from_flag.db";
    CHECK(dbm::load_config(overrides).database.path == sub / "from_flag.db");

    overrides.database_url = "sqlite:///:memory:";
    CHECK(dbm::load_config(overrides).database.ephemeral);
}

TEST_CASE("an empty DATABASE_URL is ignored", "[config][load]") {
    TempDir temp;
    make_project(temp.path(), "database: sqlite:///from_file.db\n");
    WorkingDir cwd(temp.path());
    ConfigOverrides overrides;
    overrides.environment_url = "";
    CHECK(dbm::load_config(overrides).database.path == temp.path() / "from_file.db");
}

TEST_CASE("malformed YAML is refused at its file, line and column", "[config][load][yaml]") {
    TempDir temp;
    make_project(temp.path(),
                 "database: sqlite:///app.db\n"
                 "models: [models.yaml\n"
                 "version_table: dbm_version\n");
    WorkingDir cwd(temp.path());
    REQUIRE_THROWS_AS(dbm::load_config({}), InputError);
    const InputError error = load_error();
    CHECK(error.where().file == "migrations/dbm.yaml");
    // yaml-cpp notices the unclosed "[" at the ":" of the next key.
    CHECK(error.where().line == 3);
    CHECK(error.where().column == 14);
    CHECK_THAT(error.format(), Catch::StartsWith("migrations/dbm.yaml:3:14: error: "));
}

TEST_CASE("a badly indented key is refused at its line and column", "[config][load][yaml]") {
    TempDir temp;
    make_project(temp.path(),
                 "database: sqlite:///app.db\n"
                 "models: models.yaml\n"
                 "  version_table: dbm_version\n");
    WorkingDir cwd(temp.path());
    const InputError error = load_error();
    CHECK(error.where().file == "migrations/dbm.yaml");
    CHECK(error.where().line == 3);
    CHECK(error.where().column == 16);  // the ":" after the indented key
}

TEST_CASE("an unknown key is refused at its line and column with a did-you-mean hint", "[config][load]") {
    TempDir temp;
    make_project(temp.path(),
                 "version_table: dbm_version\n"
                 "databse: sqlite:///app.db\n");
    WorkingDir cwd(temp.path());
    REQUIRE_THROWS_AS(dbm::load_config({}), InputError);
    REQUIRE_THROWS_WITH(dbm::load_config({}), Catch::Contains("databse") && Catch::Contains("did you mean 'database'"));
    const InputError error = load_error();
    CHECK(error.where().file == "migrations/dbm.yaml");
    CHECK(error.where().line == 2);
    CHECK(error.where().column == 1);
    CHECK(error.format() == "migrations/dbm.yaml:2:1: error: " + std::string(error.what()));
}

TEST_CASE("an unknown key unlike any setting is refused without a hint", "[config][load]") {
    TempDir temp;
    make_project(temp.path(), "colour_scheme: dark\n");
    WorkingDir cwd(temp.path());
    REQUIRE_THROWS_AS(dbm::load_config({}), InputError);
    REQUIRE_THROWS_WITH(dbm::load_config({}), Catch::Contains("colour_scheme") && !Catch::Contains("did you mean"));
}

TEST_CASE("a negative lock_timeout_ms is refused at its value", "[config][load]") {
    TempDir temp;
    make_project(temp.path(), "database: sqlite:///app.db\nlock_timeout_ms: -5\n");
    WorkingDir cwd(temp.path());
    REQUIRE_THROWS_AS(dbm::load_config({}), InputError);
    REQUIRE_THROWS_WITH(dbm::load_config({}), Catch::Contains("lock_timeout_ms"));
    const InputError error = load_error();
    CHECK(error.where().line == 2);
    CHECK(error.where().column == 18);
}

TEST_CASE("a lock_timeout_ms that is not a number is refused", "[config][load]") {
    TempDir temp;
    make_project(temp.path(), "lock_timeout_ms: abc\n");
    WorkingDir cwd(temp.path());
    REQUIRE_THROWS_AS(dbm::load_config({}), InputError);
    REQUIRE_THROWS_WITH(dbm::load_config({}), Catch::Contains("lock_timeout_ms"));
    CHECK(load_error().where().line == 1);
}

TEST_CASE("ignore_tables that is not a list is refused at its value", "[config][load]") {
    TempDir temp;
    make_project(temp.path(), "ignore_tables: spatial_*\n");
    WorkingDir cwd(temp.path());
    REQUIRE_THROWS_AS(dbm::load_config({}), InputError);
    REQUIRE_THROWS_WITH(dbm::load_config({}), Catch::Contains("ignore_tables"));
    const InputError error = load_error();
    CHECK(error.where().line == 1);
    CHECK(error.where().column == 16);
}

TEST_CASE("a version_table that is not a plain name is refused", "[config][load]") {
    TempDir temp;
    make_project(temp.path(), "database: sqlite:///app.db\nversion_table: \"bad name\"\n");
    WorkingDir cwd(temp.path());
    REQUIRE_THROWS_AS(dbm::load_config({}), InputError);
    REQUIRE_THROWS_WITH(dbm::load_config({}), Catch::Contains("version_table"));
    CHECK(load_error().where().line == 2);
}

TEST_CASE("a database URL of another engine in dbm.yaml is refused", "[config][load]") {
    TempDir temp;
    make_project(temp.path(), "database: postgresql://user@localhost/app\n");
    WorkingDir cwd(temp.path());
    REQUIRE_THROWS_AS(dbm::load_config({}), InputError);
    REQUIRE_THROWS_WITH(dbm::load_config({}), Catch::Contains("postgresql://user@localhost/app") &&
                                                  Catch::Contains("sqlite:///"));
}

TEST_CASE("a database URL of another engine given with --db is refused", "[config][load]") {
    TempDir temp;
    make_project(temp.path(), "");
    WorkingDir cwd(temp.path());
    ConfigOverrides overrides;
    overrides.database_url = "mysql://root@localhost/app";
    REQUIRE_THROWS_AS(dbm::load_config(overrides), InputError);
    REQUIRE_THROWS_WITH(dbm::load_config(overrides), Catch::Contains("mysql://root@localhost/app"));
}

TEST_CASE("a migrations directory without dbm.yaml is refused mentioning dbm init", "[config][load]") {
    TempDir temp;
    fs::create_directories(temp.path() / "migrations");
    WorkingDir cwd(temp.path());
    REQUIRE_THROWS_AS(dbm::load_config({}), InputError);
    REQUIRE_THROWS_WITH(dbm::load_config({}), Catch::Contains("dbm.yaml") && Catch::Contains("dbm init"));
}
