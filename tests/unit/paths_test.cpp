// Unit tests for showing, reading and safely writing files (src/util/paths.hpp).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "dbm/error.hpp"
#include "support.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;
using dbm::InputError;

namespace {

using test::TempDir;
using test::WorkingDir;

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

std::size_t entries_in(const fs::path& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

// --- write_new_file ---------------------------------------------------------------------------

TEST_CASE("write_new_file writes exactly the contents and leaves no temporary file", "[paths][write]") {
    TempDir temp;
    const fs::path target = temp.path() / "3f2a9c1b7d4e_add_user_table.sql";
    const std::string contents = std::string("-- Add user table\n\0binary\xff bytes\n", 30);
    dbm::paths::write_new_file(target, contents);
    CHECK(slurp(target) == contents);
    CHECK_FALSE(fs::exists(target.string() + ".tmp"));
    CHECK(entries_in(temp.path()) == 1);
}

TEST_CASE("write_new_file writes an empty file", "[paths][write]") {
    TempDir temp;
    const fs::path target = temp.path() / "empty.sql";
    dbm::paths::write_new_file(target, "");
    CHECK(fs::exists(target));
    CHECK(fs::file_size(target) == 0);
    CHECK(entries_in(temp.path()) == 1);
}

TEST_CASE("write_new_file refuses to replace an existing file and keeps its contents", "[paths][write]") {
    TempDir temp;
    const fs::path target = temp.path() / "dbm.yaml";
    {
        std::ofstream out(target);
        out << "database: sqlite:///keep.db\n";
    }
    REQUIRE_THROWS_AS(dbm::paths::write_new_file(target, "database: sqlite:///clobbered.db\n"), dbm::Error);
    REQUIRE_THROWS_WITH(dbm::paths::write_new_file(target, "x"), Catch::Contains("dbm.yaml"));
    CHECK(slurp(target) == "database: sqlite:///keep.db\n");
    CHECK_FALSE(fs::exists(target.string() + ".tmp"));
    CHECK(entries_in(temp.path()) == 1);
}

TEST_CASE("write_new_file into a missing directory fails and leaves nothing behind", "[paths][write]") {
    TempDir temp;
    const fs::path target = temp.path() / "no-such-dir" / "file.sql";
    REQUIRE_THROWS_AS(dbm::paths::write_new_file(target, "SELECT 1;\n"), dbm::Error);
    CHECK_FALSE(fs::exists(temp.path() / "no-such-dir"));
    CHECK(entries_in(temp.path()) == 0);
}

// --- read_file ----------------------------------------------------------------------------------

TEST_CASE("read_file returns the whole file", "[paths][read]") {
    TempDir temp;
    const fs::path source = temp.path() / "big.sql";
    std::string contents;
    for (int i = 0; i < 5000; ++i) contents += "INSERT INTO t VALUES (" + std::to_string(i) + ");\n";
    REQUIRE(contents.size() > 16384);  // more than one read buffer
    {
        std::ofstream out(source, std::ios::binary);
        out << contents;
    }
    CHECK(dbm::paths::read_file(source) == contents);
}

TEST_CASE("read_file of a missing file is an InputError naming it", "[paths][read]") {
    TempDir temp;
    const fs::path missing = temp.path() / "nowhere.sql";
    REQUIRE_THROWS_AS(dbm::paths::read_file(missing), InputError);
    REQUIRE_THROWS_WITH(dbm::paths::read_file(missing), Catch::Contains("nowhere.sql"));
}

// --- display ------------------------------------------------------------------------------------

TEST_CASE("display shows a path below the working directory relative to it", "[paths][display]") {
    TempDir temp;
    WorkingDir cwd(temp.path());
    CHECK(dbm::paths::display(temp.path() / "migrations" / "versions" / "x.sql") == "migrations/versions/x.sql");
    CHECK(dbm::paths::display("migrations/dbm.yaml") == "migrations/dbm.yaml");
    CHECK(dbm::paths::display(temp.path() / "migrations" / ".." / "app.db") == "app.db");
}

TEST_CASE("display shows a path outside the working directory as absolute", "[paths][display]") {
    TempDir temp;
    fs::create_directories(temp.path() / "project");
    WorkingDir cwd(temp.path() / "project");
    CHECK(dbm::paths::display(temp.path() / "elsewhere.db") == (temp.path() / "elsewhere.db").string());
    CHECK(dbm::paths::display("../elsewhere.db") == (temp.path() / "elsewhere.db").string());
    CHECK(dbm::paths::display("/etc/hosts") == "/etc/hosts");
}
