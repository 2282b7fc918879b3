// A CLI that helps a person who is stuck: each command's help with the options every
// command takes, did-you-mean for a mistyped command or option, `dbm help COMMAND`.
#include <catch2/catch.hpp>

#include <string>

#include "harness.hpp"

using e2e::Project;

TEST_CASE("a command's help lists its own options and the ones every command takes", "[cli]") {
    Project project;
    const auto result = project.dbm({"upgrade", "--help"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.rfind("Apply revisions up to REV, in one transaction\nUsage: dbm upgrade [OPTIONS] [revision]", 0) == 0);
    CHECK(result.out.find("  --dry-run ") != std::string::npos);
    const auto globals = result.out.find("Options every command takes:\n");
    REQUIRE(globals != std::string::npos);
    for (const char* option : {"-d,--directory TEXT", "--db TEXT", "-v,--verbose", "-q,--quiet", "--no-color", "--json",
                               "--lock-timeout MS"})
        CHECK(result.out.find(std::string("  ") + option, globals) != std::string::npos);
    // `dbm help upgrade` is the same text.
    CHECK(project.dbm({"help", "upgrade"}).out == result.out);
    CHECK(project.dbm({"help"}).out == project.dbm({"--help"}).out);
}

TEST_CASE("a mistyped command or option gets a did-you-mean and the help to read", "[cli]") {
    Project project;
    auto result = project.dbm({"upgrad"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "dbm: error: unknown command 'upgrad' (did you mean 'upgrade'?); see 'dbm --help'\n");
    result = project.dbm({"upgrade", "--dryrun"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "dbm: error: unknown option '--dryrun' (did you mean '--dry-run'?); see 'dbm upgrade --help'\n");
    result = project.dbm({"current", "--jsn"});
    CHECK(result.err == "dbm: error: unknown option '--jsn' (did you mean '--json'?); see 'dbm current --help'\n");
    result = project.dbm({"help", "histroy"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "dbm: error: unknown command 'histroy' (did you mean 'history'?); see 'dbm --help'\n");
    result = project.dbm({"current", "extra"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "dbm: error: The following argument was not expected: extra; see 'dbm current --help'\n");
}

TEST_CASE("downgrade --dry-run runs the downgrade and the foreign key check, then rolls back", "[cli]") {
    Project project;
    project.init();
    project.add_two_revisions();
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    const std::string before = project.rows_digest();
    auto result = project.dbm({"downgrade", "--dry-run", "base"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("Dry run: every statement and the foreign key check passed; rolled back") != std::string::npos);
    CHECK(project.rows_digest() == before);
    CHECK(project.query("SELECT version_num FROM dbm_version") == "aaaa00000002\n");
    CHECK(project.dbm({"downgrade", "--dry-run", "--sql", "aaaa00000002:base"}).exit_code == 2);
}
