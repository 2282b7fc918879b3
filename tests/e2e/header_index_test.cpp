// The revision header index under migrations/.dbm-cache (core/header_index.hpp), from the
// outside: current, heads, history and check see a revision file edited, added, renamed or
// removed at once, even once the index trusts its records; an upgrade with nothing to do
// reads headers only; a project whose cache cannot be written works the same.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "harness.hpp"

using e2e::Project;

namespace {

const char* const second_file = "migrations/versions/aaaa00000002_more_things.sql";

// Sets a file's modification time back to what it was, as an editor or `touch -r` can.
void restore_mtime(const std::filesystem::path& path, const timespec& mtime) {
    const timespec times[2] = {{0, UTIME_OMIT}, mtime};
    REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}

}  // namespace

TEST_CASE("current, heads, history and check see an edited revision file at once", "[header-index]") {
    Project project;
    project.init();
    project.add_two_revisions();
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(project.dbm({"history"}).out.find("More things") != std::string::npos);
    CHECK(std::filesystem::exists(project.path("migrations/.dbm-cache/headers")));
    // Past the index's two-second window: from now on it trusts its records of these files.
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: aaaa00000002 (head)\n");

    // The message edited in place, the size and the modification time kept.
    struct stat before {};
    REQUIRE(::stat(project.path(second_file).c_str(), &before) == 0);
    std::string text = project.read(second_file);
    text.replace(text.find("More things"), 11, "Most things");
    project.write(second_file, text);
    restore_mtime(project.path(second_file), before.st_mtim);
    auto result = project.dbm({"history"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("Most things") != std::string::npos);
    CHECK(result.out.find("More things") == std::string::npos);
    // check hashes the file: the edit is a changed applied revision.
    result = project.dbm({"check"});
    CHECK(result.exit_code == 3);
    CHECK(result.out.find("aaaa00000002_more_things.sql changed after it was applied") != std::string::npos);
    // An upgrade with nothing to do reads the headers only: no checksum, so no refusal.
    result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "  Database is up to date at aaaa00000002_more_things.\n");
    result = project.dbm({"upgrade", "--json"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("\"steps\":[],\"heads_before\":[\"aaaa00000002\"],\"heads_after\":[\"aaaa00000002\"]") !=
          std::string::npos);
    // One with work to do hashes every file, and refuses to run over the changed one.
    project.add_revision("aaaa00000003", "Third", "aaaa00000002", "SELECT 1;", "SELECT 1;");
    result = project.dbm({"upgrade"});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("aaaa00000002_more_things.sql changed after it was applied") != std::string::npos);
    std::filesystem::remove(project.path("migrations/versions/aaaa00000003_third.sql"));
    text.replace(text.find("Most things"), 11, "More things");
    project.write(second_file, text);
    restore_mtime(project.path(second_file), before.st_mtim);

    // A new head: current stops saying "(head)", heads names it.
    project.add_revision("aaaa00000003", "Third", "aaaa00000002", "SELECT 1;", "SELECT 1;");
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: aaaa00000002\n");
    CHECK(project.dbm({"heads", "-q"}).out == "aaaa00000003\n");
    // Renamed: history names the new file.
    std::filesystem::rename(project.path("migrations/versions/aaaa00000003_third.sql"),
                            project.path("migrations/versions/aaaa00000003_renamed.sql"));
    CHECK(project.dbm({"history", "--json"}).out.find("aaaa00000003_renamed") != std::string::npos);
    // Removed: aaaa00000002 is the head again.
    std::filesystem::remove(project.path("migrations/versions/aaaa00000003_renamed.sql"));
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: aaaa00000002 (head)\n");
    // Broken: the same error as without the index.
    project.write(second_file, "-- More things\n--\n-- Revision ID: aaaa00000002\n");
    result = project.dbm({"history"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("aaaa00000002_more_things.sql:1: error: missing '-- Revises: <parent ids>'") != std::string::npos);
}

TEST_CASE("read commands work the same when the header index cannot be written", "[header-index]") {
    Project project;
    project.init();
    project.add_two_revisions();
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    std::filesystem::remove_all(project.path("migrations/.dbm-cache"));
    project.write("migrations/.dbm-cache", "a file where the cache directory would be");
    auto result = project.dbm({"history"});
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    CHECK(result.out.find("More things") != std::string::npos);
    CHECK(project.dbm({"current", "-q"}).out == "aaaa00000002\n");
}
