// Backups, checksums of applied files, and a binary that needs nothing beside it.
#include <catch2/catch.hpp>

#include <regex>

#include "harness.hpp"

using e2e::lines;
using e2e::Project;

namespace {

std::string backup_named_in(const std::string& line) {
    std::smatch match;
    REQUIRE(std::regex_match(line, match, std::regex(R"(  Backing up app\.db to (app\.db\.\d{8}T\d{6}Z(-\d+)?\.bak)\.\.\. done)")));
    return match[1];
}

}  // namespace

TEST_CASE("upgrade --backup writes a consistent copy of the database as it was before", "[safety]") {
    Project project;
    project.init();
    project.add_two_revisions();
    REQUIRE(project.dbm({"upgrade", "aaaa00000001"}).exit_code == 0);
    const std::string rows_before = project.rows_digest();

    const auto result = project.dbm({"upgrade", "--backup"});
    REQUIRE(result.exit_code == 0);
    const auto output = lines(result.out);
    REQUIRE(output.size() == 2);
    const std::string backup = backup_named_in(output[0]);
    CHECK(output[1] == "  Upgrading to aaaa00000002_more_things... done");
    CHECK(project.rows_digest(backup) == rows_before);
    CHECK(project.query("PRAGMA integrity_check", backup) == "ok\n");
    CHECK(project.query("SELECT count(*) FROM things") == "2\n");
    // No temporary file is left beside it.
    for (const auto& entry : std::filesystem::directory_iterator(project.dir()))
        CHECK(entry.path().extension() != ".part");

    // Nothing to do: no backup either.
    CHECK(project.dbm({"upgrade", "--backup"}).out == "  Database is up to date at aaaa00000002_more_things.\n");
    const auto second = project.dbm({"downgrade", "--backup"});
    REQUIRE(second.exit_code == 0);
    CHECK(backup_named_in(lines(second.out).at(0)) != backup);
}

TEST_CASE("upgrade refuses when an applied revision file changed, unless --ignore-checksums", "[safety]") {
    Project project;
    project.init();
    project.add_two_revisions();
    REQUIRE(project.dbm({"upgrade", "aaaa00000001"}).exit_code == 0);
    const std::string file = "migrations/versions/aaaa00000001_create_things.sql";
    project.write(file, project.read(file) + "-- edited after it ran\n");

    auto result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 1);
    CHECK(result.err == "dbm: error: migrations/versions/aaaa00000001_create_things.sql changed after it was applied (only "
                        "its downgrade section; its upgrade section is as applied); review the change and accept it with "
                        "'dbm stamp --accept-changes', or restore the file, or pass --ignore-checksums; rolled back, the "
                        "database is unchanged\n");
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: aaaa00000001\n");

    result = project.dbm({"upgrade", "--ignore-checksums"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Upgrading to aaaa00000002_more_things... done\n");
}

TEST_CASE("the dbm binary works copied alone into an empty directory", "[safety]") {
    Project project;
    std::filesystem::copy_file(DBM_BINARY, project.path("dbm"));
    std::filesystem::create_directories(project.path("app"));
    auto result = e2e::run({project.path("dbm").string(), "init"}, project.path("app"));
    REQUIRE(result.exit_code == 0);
    CHECK(project.read("app/migrations/script.sql.tmpl").find("${upgrades}") != std::string::npos);
    result = e2e::run({project.path("dbm").string(), "revision", "-m", "First", "--rev-id", "abc"}, project.path("app"));
    REQUIRE(result.exit_code == 0);
    CHECK(project.read("app/migrations/versions/abc_first.sql").find("-- Revision ID: abc\n") != std::string::npos);
    result = e2e::run({project.path("dbm").string(), "upgrade"}, project.path("app"));
    CHECK(result.exit_code == 0);
    CHECK(result.out == "  Upgrading to abc_first... done\n");
}

TEST_CASE("a project's own script.sql.tmpl shapes new revision files, and a broken one is refused", "[safety]") {
    Project project;
    project.init();
    std::filesystem::remove(project.path("migrations/script.sql.tmpl"));
    project.write("migrations/script.sql.tmpl",
                  "-- ${message}\n-- Revision ID: ${revision}\n-- Revises: ${down_revision}\n-- Create Date: ${create_date}\n"
                  "-- Team note: review with a DBA\n-- +dbm upgrade\n${upgrades}\n-- +dbm downgrade\n${downgrades}\n");
    auto result = project.dbm({"revision", "-m", "Custom", "--rev-id", "c0ffee"});
    REQUIRE(result.exit_code == 0);
    CHECK(project.read("migrations/versions/c0ffee_custom.sql").find("-- Team note: review with a DBA\n") != std::string::npos);

    std::filesystem::remove(project.path("migrations/script.sql.tmpl"));
    project.write("migrations/script.sql.tmpl", "-- ${mesage}\n");
    result = project.dbm({"revision", "-m", "Broken"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "migrations/script.sql.tmpl:1:4: error: unknown template variable '${mesage}'\n");
    CHECK(std::distance(std::filesystem::directory_iterator(project.path("migrations/versions")),
                        std::filesystem::directory_iterator()) == 1);
}
