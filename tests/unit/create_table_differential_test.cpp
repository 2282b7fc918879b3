// dbm's reading and rendering of tables against SQLite itself (create_table_differential.hpp):
// CREATE TABLE statements from SQLite's grammar, each introspected, rendered into a second
// database and rebuilt, must give the same table, behaviour and rows. The fuzz target
// fuzz_create_table runs the same check on inputs libFuzzer chooses; here a fixed set of
// seeds runs in every test run, and the forms real schemas were found to use are named.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "create_table_differential.hpp"

namespace {

test::DifferentialResult check_statement(const std::string& name, const std::string& statement, unsigned seed = 1) {
    std::mt19937 random(seed);
    std::vector<std::uint8_t> bytes(512);
    for (auto& byte : bytes) byte = static_cast<std::uint8_t>(random());
    test::Choices probes(bytes.data(), bytes.size());
    return test::round_trip({name, statement, {}}, probes);
}

}  // namespace

TEST_CASE("generated CREATE TABLE statements read, render and rebuild as the same table", "[schema][differential]") {
    std::size_t accepted = 0;
    std::vector<std::string> failures;
    for (unsigned seed = 0; seed < 1000; ++seed) {
        std::mt19937 random(seed);
        std::vector<std::uint8_t> bytes(768);
        for (auto& byte : bytes) byte = static_cast<std::uint8_t>(random());
        test::Choices choices(bytes.data(), bytes.size());
        const test::GeneratedTable table = test::CreateTableGrammar(choices).generate();
        const test::DifferentialResult result = test::round_trip(table, choices);
        accepted += result.accepted;
        if (!result.mismatch.empty() && failures.size() < 5)
            failures.push_back("seed " + std::to_string(seed) + ": " + table.statement + "\n" + result.mismatch);
    }
    for (const auto& failure : failures) UNSCOPED_INFO(failure);
    CHECK(failures.empty());
    // The grammar mostly writes statements SQLite takes; if it stopped, this test would
    // compare nothing.
    CHECK(accepted > 500);
}

TEST_CASE("table forms found in real schemas round-trip", "[schema][differential]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        // Table constraints need no comma between them.
        {"visit",
         "CREATE TABLE visit (id INTEGER PRIMARY KEY, place_id INTEGER NOT NULL, referrer_id INTEGER,\n"
         "  FOREIGN KEY (referrer_id) REFERENCES parent(id) ON DELETE CASCADE\n"
         "  CHECK (place_id != referrer_id))"},
        // What DB Browser for SQLite writes.
        {"auth_group",
         "CREATE TABLE \"auth_group\" (\"id\" integer NOT NULL, \"name\" varchar(150) NOT NULL UNIQUE, "
         "PRIMARY KEY(\"id\" AUTOINCREMENT))"},
        {"settings", "CREATE TABLE settings (key TEXT NOT NULL UNIQUE ON CONFLICT REPLACE, value TEXT)"},
        {"genre", "CREATE TABLE genre (id INTEGER PRIMARY KEY, name TEXT, UNIQUE (name COLLATE NOCASE))"},
        {"ordered", "CREATE TABLE ordered (id INTEGER PRIMARY KEY DESC, v)"},
        {"django_fk",
         "CREATE TABLE django_fk (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \"group_id\" integer NOT NULL "
         "REFERENCES \"parent\" (\"id\") DEFERRABLE INITIALLY DEFERRED)"},
        {"pairs", "CREATE TABLE pairs (a TEXT, b INT, PRIMARY KEY (a COLLATE NOCASE DESC, b)) WITHOUT ROWID"},
        {"shadowed", "CREATE TABLE shadowed (rowid TEXT, oid INT, v)"},
        // Found by fuzz_create_table: a named key with AUTOINCREMENT in its list.
        {"named", "CREATE TABLE named (id integer, v, CONSTRAINT pk PRIMARY KEY (id AUTOINCREMENT))"},
    };
    for (const auto& [name, statement] : cases) {
        INFO(statement);
        const test::DifferentialResult result = check_statement(name, statement);
        CHECK(result.accepted);
        CHECK(result.mismatch == "");
    }
}

TEST_CASE("every input in the fuzz target's seed corpus round-trips", "[schema][differential]") {
    // The corpus holds what fuzz_create_table once found (crash-*): each stays fixed.
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(DBM_SOURCE_DIR) + "/tests/fuzz/corpus/create_table")) {
        std::ifstream in(entry.path(), std::ios::binary);
        const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        test::Choices choices(bytes.data(), bytes.size());
        const test::GeneratedTable table = test::CreateTableGrammar(choices).generate();
        INFO(entry.path().filename().string() << ": " << table.statement);
        CHECK(test::round_trip(table, choices).mismatch == "");
        ++files;
    }
    CHECK(files >= 8);
}
