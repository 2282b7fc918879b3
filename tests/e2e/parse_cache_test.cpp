// The models' parse cache under migrations/.dbm-cache/models (schema/yaml_cache.hpp), from
// the outside: migrate, check and schema see an edit to models.yaml at once, report an
// error at its real line after the file was cached, and work the same when the cache is
// damaged or cannot be written.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "harness.hpp"

using e2e::Project;

namespace {

// Enough tables that the file is parsed in several pieces (64 KiB each).
std::string models(int tables, const std::string& extra_column = "") {
    std::string text = "tables:\n";
    for (int i = 0; i < tables; ++i) {
        text += "  t" + std::to_string(i) + ":\n    columns:\n      id: {type: integer, primary_key: true}\n";
        text += "      name: {type: string(80), nullable: false}\n      note: {type: text}\n";
        if (i == tables / 2 && !extra_column.empty()) text += "      " + extra_column + "\n";
    }
    return text;
}

std::size_t cache_entries(const Project& project) {
    std::size_t count = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(project.path("migrations/.dbm-cache/models"), ec)) {
        (void)entry;
        ++count;
    }
    return count;
}

}  // namespace

TEST_CASE("migrate and check see an edit to cached models at once, and errors at their line", "[parse-cache]") {
    Project project;
    project.init();
    project.write("models.yaml", models(1500));
    auto result = project.dbm({"migrate", "-m", "initial"});
    REQUIRE(result.exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    const std::size_t entries = cache_entries(project);
    CHECK(entries >= 2);
    result = project.dbm({"-v", "migrate", "-m", "again"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "No changes in schema detected.\n");
    CHECK(result.err.find(std::to_string(entries) + " parsed pieces from the cache, 0 parsed and kept") != std::string::npos);
    CHECK(project.dbm({"check"}).exit_code == 0);

    // An edit that keeps the file's size and modification time (a type of the same length,
    // the time set back): nothing in the cache is keyed by time, so it is seen at once.
    struct stat before {};
    REQUIRE(::stat(project.path("models.yaml").c_str(), &before) == 0);
    std::string same_size = models(1500);
    const std::string note = "  t1200:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                             "      name: {type: string(80), nullable: false}\n      note: {type: text}";
    const auto note_at = same_size.find(note);
    REQUIRE(note_at != std::string::npos);
    same_size.replace(note_at + note.size() - 5, 4, "blob");
    project.write("models.yaml", same_size);
    const timespec times[2] = {{0, UTIME_OMIT}, before.st_mtim};
    REQUIRE(::utimensat(AT_FDCWD, project.path("models.yaml").c_str(), times, 0) == 0);
    result = project.dbm({"check"});
    CHECK(result.exit_code == 3);
    CHECK(result.out.find("t1200") != std::string::npos);
    project.write("models.yaml", models(1500));
    REQUIRE(project.dbm({"check"}).exit_code == 0);

    // A column added in the middle of the file: migrate and check see it; the cache holds
    // the pieces of the file as it is now, no more.
    project.write("models.yaml", models(1500, "added: {type: integer}"));
    result = project.dbm({"check"});
    CHECK(result.exit_code == 3);
    CHECK(result.out.find("t750") != std::string::npos);
    result = project.dbm({"migrate", "-m", "add column", "--rev-id", "bbbb00000002"});
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("Detected added column 't750.added'") != std::string::npos);
    CHECK(cache_entries(project) == entries);

    // A mistake in a table whose piece was cached: the error is at its line in the file.
    std::string bad = models(1500, "added: {type: integer}");
    const std::string last = "  t1499:\n    columns:\n      id: {type: integer, primary_key: true}";
    const auto at = bad.find(last);
    REQUIRE(at != std::string::npos);
    bad.replace(at + last.find("primary_key"), 11, "primry_key");
    project.write("models.yaml", bad);
    const int line = 1 + 5 * 1499 + 1 + 3;  // "tables:", 1,499 tables of 5 lines and the added one, t1499's id
    for (const char* command : {"migrate", "check"}) {
        INFO(command);
        result = project.dbm({command});
        CHECK(result.exit_code == 2);
        CHECK(result.err == "models.yaml:" + std::to_string(line) +
                                ":27: error: unknown column setting 'primry_key' (did you mean 'primary_key'?)\n");
    }
}

TEST_CASE("damaged or unwritable parse cache entries only make dbm slower", "[parse-cache]") {
    Project project;
    project.init();
    project.write("models.yaml", models(1500));
    REQUIRE(project.dbm({"migrate", "-m", "initial"}).exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    // Every entry cut short: each is parsed again and kept again.
    std::size_t damaged = 0;
    for (const auto& entry : std::filesystem::directory_iterator(project.path("migrations/.dbm-cache/models"))) {
        std::filesystem::resize_file(entry.path(), std::filesystem::file_size(entry.path()) / 2);
        ++damaged;
    }
    REQUIRE(damaged >= 2);
    auto result = project.dbm({"-v", "check"});
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("0 parsed pieces from the cache, " + std::to_string(damaged) + " parsed and kept") !=
          std::string::npos);
    // A cache directory that is a file: no cache, same answers.
    std::filesystem::remove_all(project.path("migrations/.dbm-cache/models"));
    project.write("migrations/.dbm-cache/models", "not a directory\n");
    result = project.dbm({"migrate", "-m", "again"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "No changes in schema detected.\n");
    project.write("models.yaml", models(1500, "added: {type: integer}"));
    result = project.dbm({"check"});
    CHECK(result.exit_code == 3);
    CHECK(result.out.find("t750") != std::string::npos);
}
