// Adopting a Flask-Migrate database: version_table: alembic_version.
#include <catch2/catch.hpp>

#include "harness.hpp"

using e2e::Project;

TEST_CASE("a database made by Flask-Migrate is read and upgraded with version_table: alembic_version", "[alembic]") {
    Project project;
    // What `flask db upgrade` leaves behind: Alembic's version table and the app's tables.
    const auto created = e2e::run(
        {SQLITE3_SHELL, "app.db",
         "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY "
         "(version_num));"
         "INSERT INTO alembic_version VALUES ('ae1027a6acf');"
         "CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR(80) NOT NULL, PRIMARY KEY (id), UNIQUE (username));"
         "INSERT INTO user (username) VALUES ('alice');"},
        project.dir());
    REQUIRE(created.exit_code == 0);
    std::filesystem::create_directories(project.path("migrations/versions"));
    project.write("migrations/env.py", "# Flask-Migrate's own directory\n");

    auto result = project.dbm({"init", "-d", "dbm_migrations"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.find("  Creating directory dbm_migrations...  done\n") == 0);
    std::filesystem::remove(project.path("dbm_migrations/dbm.yaml"));
    project.write("dbm_migrations/dbm.yaml", "database: sqlite:///app.db\nversion_table: alembic_version\n");

    result = project.dbm({"-d", "dbm_migrations", "current"});
    REQUIRE(result.exit_code == 1);
    CHECK(result.err.find("the database is at revision 'ae1027a6acf', which no file in dbm_migrations/versions "
                          "defines") != std::string::npos);

    result = project.dbm({"-d", "dbm_migrations", "revision", "-m", "Baseline", "--rev-id", "ae1027a6acf"});
    REQUIRE(result.exit_code == 0);
    CHECK(project.dbm({"-d", "dbm_migrations", "current"}).out == "  Current revision for app.db: ae1027a6acf (head)\n");

    result = project.dbm({"-d", "dbm_migrations", "revision", "-m", "Add email", "--rev-id", "b7d4e3f2a9c1"});
    REQUIRE(result.exit_code == 0);
    project.fill_revision("dbm_migrations/versions/b7d4e3f2a9c1_add_email.sql",
                          "ALTER TABLE user ADD COLUMN email VARCHAR(120);\n", "ALTER TABLE user DROP COLUMN email;\n",
                          "2026-11-25 06:30:12.000000");
    result = project.dbm({"upgrade", "-d", "dbm_migrations"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Upgrading to b7d4e3f2a9c1_add_email... done\n");
    CHECK(project.query("SELECT version_num FROM alembic_version") == "b7d4e3f2a9c1\n");
    CHECK(project.query("SELECT username, email IS NULL FROM user") == "alice|1\n");
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE name = 'dbm_version'") == "0\n");

    result = project.dbm({"downgrade", "-d", "dbm_migrations"});
    REQUIRE(result.exit_code == 0);
    CHECK(project.query("SELECT version_num FROM alembic_version") == "ae1027a6acf\n");
    CHECK(project.query("SELECT count(*) FROM pragma_table_info('user') WHERE name = 'email'") == "0\n");
}
