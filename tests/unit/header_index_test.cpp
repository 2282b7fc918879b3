// The revision header index (core/header_index.hpp): whatever happens to the files in
// versions/ (an edit, even one that keeps the size and sets the modification time back, an
// added, removed or renamed file, a file from the future, a damaged index), what it
// returns is what reading every file would return.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "core/header_index.hpp"
#include "core/script_dir.hpp"
#include "dbm/error.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using namespace dbm;

namespace {

struct Versions {
    test::TempDir dir;
    fs::path versions = dir.path() / "migrations" / "versions";
    fs::path index = dir.path() / "migrations" / ".dbm-cache" / "headers";

    Versions() { fs::create_directories(versions); }

    void write(const std::string& name, const std::string& text) const {
        std::ofstream(versions / name, std::ios::binary | std::ios::trunc) << text;
    }
    void add(const std::string& id, const std::string& revises, const std::string& message) const {
        write(id + "_step.sql", "-- " + message + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + revises +
                                    "\n-- Create Date: 2026-12-03 00:00:00.000000\n\n-- +dbm upgrade\nSELECT 1;\n\n"
                                    "-- +dbm downgrade\nSELECT 2;\n");
    }
    std::vector<Revision> load() const { return load_revision_headers(versions, index); }
    fs::file_time_type index_time() const { return fs::last_write_time(index); }
};

// The headers as reading every file gives them.
void check_same_as_files(const Versions& project, const std::vector<Revision>& got) {
    const std::vector<Revision> read = load_revisions(project.versions);
    REQUIRE(got.size() == read.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO(read[i].path);
        CHECK(got[i].headers_only);
        CHECK(got[i].checksum.empty());
        CHECK(got[i].path == read[i].path);
        CHECK(got[i].id == read[i].id);
        CHECK(got[i].down_revisions == read[i].down_revisions);
        CHECK(got[i].depends_on == read[i].depends_on);
        CHECK(got[i].message == read[i].message);
        CHECK(got[i].create_date == read[i].create_date);
        CHECK(got[i].transactional == read[i].transactional);
        CHECK(got[i].revises_line == read[i].revises_line);
        CHECK(got[i].depends_on_line == read[i].depends_on_line);
        CHECK(got[i].is_program() == read[i].is_program());
    }
}

// Sets a file's modification time, as `touch -d` does (its change time becomes now).
void set_mtime(const fs::path& path, std::chrono::seconds from_now) {
    const timespec times[2] = {{0, UTIME_OMIT},
                               {std::chrono::duration_cast<std::chrono::seconds>(
                                    std::chrono::system_clock::now().time_since_epoch() + from_now)
                                    .count(),
                                0}};
    REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}

timespec mtime_of(const fs::path& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mtim;
}

void restore_mtime(const fs::path& path, const timespec& mtime) {
    const timespec times[2] = {{0, UTIME_OMIT}, mtime};
    REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}

}  // namespace

TEST_CASE("the header index is written on first use, trusted once settled, and never stale", "[header-index]") {
    Versions project;
    project.add("a1", "", "First");
    project.add("b2", "a1", "Second");
    project.write("c3_cpp.cpp", "// A program\n//\n// Revision ID: c3\n// Revises: b2\n// Create Date: 2026-12-03\n\n"
                                "#include <dbm/revision.hpp>\n");
    project.write(".hidden.sql", "not a revision");
    check_same_as_files(project, project.load());
    REQUIRE(fs::exists(project.index));
    CHECK(fs::exists(project.index.parent_path() / ".gitignore"));

    // Fresh files are unsettled (an edit in the same clock tick could hide): once two
    // seconds have passed, a run records them as settled, and later runs trust the index
    // without writing it.
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    check_same_as_files(project, project.load());
    const auto settled_at = project.index_time();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    check_same_as_files(project, project.load());
    CHECK(project.index_time() == settled_at);

    // Each change below meets files the index trusts (one sleep for all: they run in turn).
    // An edit that keeps the size and sets the modification time back is seen.
    const fs::path second = project.versions / "b2_step.sql";
    const timespec before = mtime_of(second);
    project.add("b2", "a1", "Secunt");  // as long as "Second"
    restore_mtime(second, before);
    auto got = project.load();
    check_same_as_files(project, got);
    CHECK(got[1].message == "Secunt");

    // A touched file is read again, and the same.
    set_mtime(project.versions / "c3_cpp.cpp", std::chrono::seconds(-3600));
    check_same_as_files(project, project.load());

    // An added, a renamed and a removed file are seen.
    project.add("d4", "c3", "Fourth");
    fs::rename(project.versions / "a1_step.sql", project.versions / "a1_renamed.sql");
    got = project.load();
    check_same_as_files(project, got);
    REQUIRE(got.size() == 4);
    CHECK(got[0].name() == "a1_renamed");
    fs::remove(project.versions / "d4_step.sql");
    got = project.load();
    check_same_as_files(project, got);
    CHECK(got.size() == 3);

    // A file that no longer parses is the error it always is, every time.
    project.write("b2_step.sql", "-- Second\n--\n-- Revision ID: b2\n\n-- +dbm upgrade\n");
    CHECK_THROWS_AS(project.load(), InputError);
    CHECK_THROWS_AS(project.load(), InputError);
    project.add("b2", "a1", "Second");

    // A damaged or foreign index is rebuilt.
    {
        for (const std::string& damage : {std::string("garbage"), std::string(),
                                         std::string("dbm-revision-headers 0 0.0.0\n"),
                                         std::string("dbm-revision-headers ") + std::to_string(header_index_format)}) {
            std::ofstream(project.index, std::ios::binary | std::ios::trunc) << damage;
            check_same_as_files(project, project.load());
        }
        // Cut short anywhere: still the files' headers.
        const std::string whole = [&] {
            std::ifstream in(project.index, std::ios::binary);
            return std::string(std::istreambuf_iterator<char>(in), {});
        }();
        for (std::size_t cut = 0; cut < whole.size(); cut += 7) {
            std::ofstream(project.index, std::ios::binary | std::ios::trunc) << whole.substr(0, cut);
            check_same_as_files(project, project.load());
        }
    }
}

TEST_CASE("a revision file from the future (clock skew) is never trusted from the index", "[header-index]") {
    Versions project;
    project.add("a1", "", "First");
    const fs::path file = project.versions / "a1_step.sql";
    set_mtime(file, std::chrono::seconds(3600));
    check_same_as_files(project, project.load());
    // The same size, the same (future) modification time: seen all the same.
    project.add("a1", "", "Fyrst");
    set_mtime(file, std::chrono::seconds(3600));
    const auto got = project.load();
    check_same_as_files(project, got);
    CHECK(got[0].message == "Fyrst");
}

TEST_CASE("without a writable cache directory the headers are read from the files", "[header-index]") {
    Versions project;
    project.add("a1", "", "First");
    // The cache path is taken by a file: nothing can be written under it.
    std::ofstream(project.dir.path() / "migrations" / ".dbm-cache") << "in the way";
    check_same_as_files(project, project.load());
    CHECK_FALSE(fs::is_directory(project.dir.path() / "migrations" / ".dbm-cache"));
    CHECK_THROWS_AS(load_revision_headers(project.dir.path() / "missing", project.index), InputError);
}
