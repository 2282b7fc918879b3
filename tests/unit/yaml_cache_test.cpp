// Unit tests for the models' parse cache (src/schema/yaml_cache.hpp): a parse taken from the
// cache is exactly the parse it stands for (nodes, marks, errors), whether the text is read
// whole, in pieces or a piece at a time; an edit re-parses only the pieces it touched; an
// entry that is damaged, forged into a cycle or of another format is never used; and the
// cache keeps only what the last read used.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dbm/error.hpp"
#include "schema/compare.hpp"
#include "schema/models.hpp"
#include "schema/yaml_cache.hpp"
#include "schema/yaml_tree.hpp"
#include "sqlite/sqlite_rules.hpp"
#include "support.hpp"
#include "util/checksum.hpp"
#include "util/paths.hpp"
#include "yaml_outline.hpp"

namespace fs = std::filesystem;
using dbm::yaml::Document;
using dbm::yaml::ParseCache;
using dbm::yaml::ParseOptions;

namespace {

std::string tables(int count, int from = 0) {
    std::string text = "tables:\n";
    for (int i = from; i < from + count; ++i)
        text += "  t" + std::to_string(i) + ":\n    columns:\n      id: {type: integer, primary_key: true}\n"
                "      name: {type: \"string(40)\", nullable: false, default: \"'x'\"}\n";
    return text;
}

// test::outline_of_parse through a cache in `dir` (in `pieces` pieces, 1: whole), and
// test::outline_of_each_piece likewise (every table a piece, two threads); the cache's
// counts go to `found` and `stored`.
std::string cached_outline(std::string_view text, std::size_t pieces, const fs::path& dir, std::size_t* found = nullptr,
                           std::size_t* stored = nullptr) {
    ParseCache cache(dir);
    std::string out = test::outline_of_parse(text, pieces, &cache);
    if (found) *found = cache.found();
    if (stored) *stored = cache.stored();
    return out;
}

std::string cached_each_piece(std::string_view text, const fs::path& dir, std::size_t* found, std::size_t* stored) {
    ParseCache cache(dir);
    std::string out = test::outline_of_each_piece(text, 2, nullptr, &cache);
    *found = cache.found();
    *stored = cache.stored();
    return out;
}

std::vector<std::string> entries(const fs::path& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

void put_u32(std::string& out, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

// An entry for `text` holding `body` (the tree's bytes), with a correct header and digest.
void forge_entry(const fs::path& dir, std::string_view text, const std::string& body) {
    const std::string key = ParseCache::key_of(text);
    std::string bytes = "dbm-yaml-piece " + std::to_string(dbm::yaml::parse_cache_format) + " " + key + "\n" + body;
    bytes += dbm::sha256_hex(bytes);
    fs::create_directories(dir);
    dbm::paths::put_file(dir / key, bytes);
}

}  // namespace

TEST_CASE("a parse from the cache is the parse it stands for, whole, in pieces and a piece at a time", "[yaml-cache]") {
    const test::TempDir temp;
    std::vector<std::string> texts = {tables(40), tables(40) + "views:\n  v: SELECT 1\n", "", "# nothing\n",
                                      "tables:\n  a: &x\n    columns: {id: integer}\n  b: *x\n",
                                      "tables:\n  'quoted': {columns: {\"id\": {type: integer}}}\n  t2: ~\n"};
    // Every YAML file under tests/ (the models corpus) too.
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(DBM_SOURCE_DIR) / "tests")) {
        if (entry.path().extension() != ".yaml") continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        texts.push_back(text.str());
    }
    REQUIRE(texts.size() > 80);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const std::string& text = texts[i];
        INFO(text.substr(0, 200));
        for (const std::size_t pieces : {1, 3}) {
            const fs::path dir = temp.path() / (std::to_string(i) + "-" + std::to_string(pieces));
            const std::string fresh = test::outline_of_parse(text, pieces);
            std::size_t found = 0, stored = 0;
            CHECK(cached_outline(text, pieces, dir, &found, &stored) == fresh);
            const bool parses = fresh.rfind("error at", 0) != 0;
            std::size_t found_again = 0, stored_again = 0;
            CHECK(cached_outline(text, pieces, dir, &found_again, &stored_again) == fresh);
            // A text that parses is read from the cache the second time: whole, entirely (in
            // pieces, a piece that fails stops the others, however far they got).
            if (parses) {
                CHECK(stored > 0);
                CHECK(found_again > 0);
                if (pieces == 1) CHECK(stored_again == 0);
                if (pieces == 1) CHECK(found_again == stored);
            }
        }
        std::size_t found = 0, stored = 0;
        const std::string each = test::outline_of_each_piece(text, 2);
        const fs::path dir = temp.path() / (std::to_string(i) + "-each");
        CHECK(cached_each_piece(text, dir, &found, &stored) == each);
        CHECK(cached_each_piece(text, dir, &found, &stored) == each);
        if (!each.empty()) CHECK(stored == 0);
    }
}

TEST_CASE("an edited table is parsed again alone, and the marks after it move with their lines", "[yaml-cache]") {
    const test::TempDir temp;
    const fs::path dir = temp.path() / "models";
    const std::string before = tables(30) + tables(30, 30).substr(8);
    std::size_t found = 0, stored = 0;
    REQUIRE(!cached_each_piece(before, dir, &found, &stored).empty());
    CHECK(stored == 60);
    REQUIRE(entries(dir).size() == 60);
    // Two lines more in table t10: only its piece is new; the 49 pieces below it begin two
    // lines further down, and their marks say so.
    std::string after = before;
    const std::string anchor = "  t10:\n    columns:\n";
    after.insert(after.find(anchor) + anchor.size(), "      added: {type: integer}\n      more: {type: text}\n");
    const std::string each = cached_each_piece(after, dir, &found, &stored);
    CHECK(each == test::outline_of_each_piece(after, 2));
    CHECK(stored == 1);
    CHECK(found == 59);
    // The old piece of t10 is gone; the cache holds the pieces of the text as it is.
    CHECK(entries(dir).size() == 60);
    // A whole parse, and errors, come out at their lines too.
    CHECK(cached_outline(after, 1, dir) == test::outline_of_parse(after, 1));
    const std::string broken = after + "  bad: [\n";
    CHECK(cached_outline(broken, 3, dir) == test::outline_of_parse(broken, 3));
    const std::string twice = after + "  t20: {}\n";
    CHECK(cached_outline(twice, 3, dir) == test::outline_of_parse(twice, 3));
    CHECK_THAT(cached_outline(twice, 3, dir), Catch::Contains("duplicate key 't20'"));
}

TEST_CASE("models read through the cache are the models read without it, errors and all", "[yaml-cache]") {
    const test::TempDir temp;
    const fs::path dir = temp.path() / "models";
    const auto& rules = dbm::sqlite::rules();
    const std::string text = tables(3000);  // read a piece at a time
    const auto load = [&](const std::string& models) {
        ParseCache cache(dir);
        return dbm::schema::parse_models_yaml(models, "models.yaml", rules, &cache);
    };
    const dbm::Schema fresh = dbm::schema::parse_models_yaml(text, "models.yaml", rules);
    for (int run = 0; run < 2; ++run) {
        const dbm::Schema schema = load(text);
        REQUIRE(schema.tables.size() == fresh.tables.size());
        CHECK(dbm::schema::compare(fresh, schema, rules).empty());
        CHECK(schema.tables[2999].columns[1].declared_at.line == fresh.tables[2999].columns[1].declared_at.line);
        CHECK(schema.tables[2999].columns[1].default_sql == fresh.tables[2999].columns[1].default_sql);
    }
    // A misspelt key in a piece that was cached before: the error's line is the real one.
    std::string bad = text;
    bad.replace(bad.rfind("primary_key"), 11, "primry_key");
    for (int run = 0; run < 2; ++run) {
        try {
            load(bad);
            FAIL("a misspelt key was accepted");
        } catch (const dbm::InputError& error) {
            CHECK_THAT(std::string(error.what()), Catch::Contains("did you mean 'primary_key'"));
            CHECK(error.where().line == 3 + 4 * 2999 + 1);
        }
    }
}

TEST_CASE("a damaged, forged or foreign cache entry is never used", "[yaml-cache]") {
    const test::TempDir temp;
    const fs::path dir = temp.path() / "models";
    const std::string text = "tables:\n  a: {columns: {id: integer}}\n";
    const std::string fresh = test::outline_of_parse(text, 1);
    std::size_t found = 0, stored = 0;
    REQUIRE(cached_outline(text, 1, dir, &found, &stored) == fresh);
    REQUIRE(stored == 1);
    const fs::path entry = dir / ParseCache::key_of(text);
    const std::string good = dbm::paths::read_file(entry);

    std::vector<std::string> damaged = {"", "dbm-yaml-piece", good.substr(0, good.size() / 2), good + "x",
                                        good.substr(0, good.size() - 1)};
    for (std::size_t at : {std::size_t{20}, good.size() / 2, good.size() - 70, good.size() - 1}) {
        std::string flipped = good;
        flipped[at] = static_cast<char>(flipped[at] ^ 0x20);
        damaged.push_back(flipped);
    }
    std::string other_format = good;
    other_format.replace(15, 1, "9");
    damaged.push_back(other_format);
    for (const auto& bytes : damaged) {
        dbm::paths::put_file(entry, bytes);
        CHECK(cached_outline(text, 1, dir, &found, &stored) == fresh);
        CHECK(found == 0);
        CHECK(stored == 1);  // parsed again and kept again
        CHECK(dbm::paths::read_file(entry) == good);
    }

    // Well-formed entries (header and digest right) whose tree is not one: a cycle, a child
    // out of range, a scalar past the text, an odd mapping, a bad kind.
    const auto node = [](unsigned flags, std::uint32_t begin, std::uint32_t size) {
        std::string out(1, static_cast<char>(flags));
        put_u32(out, 0);
        put_u32(out, 0);
        put_u32(out, begin);
        put_u32(out, size);
        return out;
    };
    const auto body = [](const std::vector<std::string>& nodes, const std::vector<std::uint32_t>& children,
                         const std::string& scalars) {
        std::string out;
        put_u32(out, static_cast<std::uint32_t>(nodes.size()));
        put_u32(out, static_cast<std::uint32_t>(children.size()));
        put_u32(out, static_cast<std::uint32_t>(scalars.size()));
        for (const auto& n : nodes) out += n;
        for (const auto c : children) put_u32(out, c);
        return out + scalars;
    };
    const std::vector<std::string> forged = {
        body({node(2 | 8, 0, 1)}, {0}, ""),                                  // a sequence inside itself
        body({node(3 | 8, 0, 2), node(2 | 8, 2, 1), node(1, 0, 1)}, {2, 1, 1}, "k"),  // a map holding a cycle below
        body({node(2 | 8, 0, 1)}, {5}, ""),                                  // a child that is not a node
        body({node(1 | 8, 0, 9)}, {}, "abc"),                                // a scalar past the text
        body({node(3 | 8, 0, 1), node(1, 0, 1)}, {1}, "k"),                  // a key without its value
        body({node(16 | 1, 0, 0)}, {}, ""),                                  // flags no tree has
        body({node(2 | 8, 0, 3)}, {0}, ""),                                  // children past the list
    };
    for (const auto& forgery : forged) {
        forge_entry(dir, text, forgery);
        CHECK(cached_outline(text, 1, dir, &found, &stored) == fresh);
        CHECK(found == 0);
    }
    // A well-formed tree is used as it is: the entry is what the parse was.
    forge_entry(dir, text, body({node(1 | 8, 0, 3)}, {}, "abc"));
    CHECK(cached_outline(text, 1, dir, &found, &stored) == "0:0 abc\n");
    CHECK(found == 1);
}

TEST_CASE("the cache keeps what the last read used, and no cache is only a slower read", "[yaml-cache]") {
    const test::TempDir temp;
    const fs::path dir = temp.path() / "models";
    const std::string first = tables(8), second = tables(8, 100);
    std::size_t found = 0, stored = 0;
    cached_outline(first, 4, dir, &found, &stored);
    const auto first_entries = entries(dir);
    CHECK(first_entries.size() == stored);
    // Another dbm's temporary file, and a file that is no entry, are left alone.
    dbm::paths::put_file(dir / "0123.tmp", "x");
    cached_outline(second, 4, dir, &found, &stored);
    auto now = entries(dir);
    CHECK(std::find(now.begin(), now.end(), "0123.tmp") != now.end());
    now.erase(std::find(now.begin(), now.end(), "0123.tmp"));
    CHECK(now.size() == stored);
    for (const auto& name : first_entries) CHECK(std::find(now.begin(), now.end(), name) == now.end());
    // A read that finds everything removes nothing.
    cached_outline(second, 4, dir, &found, &stored);
    CHECK(stored == 0);
    CHECK(entries(dir).size() == now.size() + 1);
    // A text that fails to parse stores no entry for its whole and removes none.
    cached_outline(second + "  x: [\n", 1, dir, &found, &stored);
    CHECK(stored == 0);
    CHECK(entries(dir).size() == now.size() + 1);

    // The directory is a file: nothing is kept, and the parse is the same.
    const fs::path blocked = temp.path() / "blocked";
    dbm::paths::put_file(blocked, "not a directory");
    CHECK(cached_outline(first, 4, blocked, &found, &stored) == test::outline_of_parse(first, 4));
    CHECK(found == 0);
    CHECK(stored == 0);
}
