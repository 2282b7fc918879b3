// The replay cache (core/replay_cache.hpp): a hit gives back exactly the schema a replay
// builds, over every kind of object SQLite keeps; any change to what the replay reads (a
// file, the heads, the version table's name, ignore_tables) is another key; a damaged entry
// or a chain holding a C++ revision is replayed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/autogenerate.hpp"
#include "core/config.hpp"
#include "core/replay_cache.hpp"
#include "core/revision_map.hpp"
#include "dbm/backend.hpp"
#include "schema/compare.hpp"
#include "sqlite_schema.hpp"
#include "support.hpp"
#include "util/checksum.hpp"

namespace fs = std::filesystem;
using namespace dbm;

namespace {

Revision revision(const std::string& id, const std::string& parent, const std::string& upgrade) {
    Revision made;
    made.id = id;
    if (!parent.empty()) made.down_revisions = {parent};
    made.message = id;
    made.create_date = "2026-12-03 00:00:00.000000";
    made.path = "/project/migrations/versions/" + id + "_cache.sql";
    made.checksum = sha256_hex(id + upgrade);
    made.body = SqlBody{{upgrade, 7}, {"SELECT 1;", 20}};
    return made;
}

// A chain that leaves every kind of object: keys, checks, collations, generated columns,
// AUTOINCREMENT, WITHOUT ROWID, STRICT, partial and expression indexes, a view on a view,
// a trigger, an FTS5 table, and a rebuild through a rename.
std::vector<Revision> chain() {
    return {
        revision("r1", "", "CREATE TABLE author (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL COLLATE NOCASE "
                           "UNIQUE, born INTEGER CHECK (born > 0));\n"
                           "CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES author (id) ON DELETE "
                           "CASCADE, title TEXT, slug TEXT GENERATED ALWAYS AS (lower(title)) VIRTUAL);"),
        revision("r2", "r1", "CREATE TABLE tag (name TEXT PRIMARY KEY, weight REAL) WITHOUT ROWID;\n"
                             "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT) STRICT;\n"
                             "CREATE INDEX ix_book_title ON book (lower(title)) WHERE title IS NOT NULL;\n"
                             "CREATE VIEW recent AS SELECT * FROM book WHERE id > 10;\n"
                             "CREATE VIEW recent_titles AS SELECT title FROM recent;"),
        revision("r3", "r2", "CREATE TRIGGER book_touch AFTER UPDATE ON book BEGIN UPDATE author SET born = born WHERE "
                             "id = NEW.author_id; END;\n"
                             "CREATE VIRTUAL TABLE search USING fts5(title, body);\n"
                             "ALTER TABLE book ADD COLUMN pages INTEGER DEFAULT 0;"),
        revision("r4", "r3", "PRAGMA legacy_alter_table = ON;\n"
                             "CREATE TABLE _new_note (id INTEGER PRIMARY KEY, body TEXT NOT NULL DEFAULT '') STRICT;\n"
                             "INSERT INTO _new_note (id, body) SELECT id, coalesce(body, '') FROM note;\n"
                             "DROP TABLE note;\nALTER TABLE _new_note RENAME TO note;\n"
                             "PRAGMA legacy_alter_table = OFF;"),
    };
}

struct Project {
    test::TempDir dir;
    Config config;
    Project() {
        config.project_root = dir.path();
        config.migrations_dir = dir.path() / "migrations";
        config.database = parse_database_url("sqlite:///" + (dir.path() / "app.db").string(), dir.path());
        fs::create_directories(config.migrations_dir);
    }
    std::vector<fs::path> entries() const {
        std::vector<fs::path> found;
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(config.cache_dir() / "replay", ec)) found.push_back(entry.path());
        return found;
    }
};

// The same schema, to the letter of every object.
void check_same(const Schema& a, const Schema& b) {
    CHECK(sqlite_schema::compare(a, b).empty());
    CHECK(sqlite_schema::compare(b, a).empty());
    REQUIRE(a.tables.size() == b.tables.size());
    for (std::size_t i = 0; i < a.tables.size(); ++i) CHECK(a.tables[i].name == b.tables[i].name);
    REQUIRE(a.views.size() == b.views.size());
    for (std::size_t i = 0; i < a.views.size(); ++i) CHECK(a.views[i].sql == b.views[i].sql);
    REQUIRE(a.triggers.size() == b.triggers.size());
    for (std::size_t i = 0; i < a.triggers.size(); ++i) CHECK(a.triggers[i].sql == b.triggers[i].sql);
    REQUIRE(a.virtual_tables.size() == b.virtual_tables.size());
    for (std::size_t i = 0; i < a.virtual_tables.size(); ++i) CHECK(a.virtual_tables[i].sql == b.virtual_tables[i].sql);
}

void write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary | std::ios::trunc) << text; }
std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("a replayed schema read back from the cache is the replay's", "[replay-cache]") {
    Project project;
    const RevisionMap map(chain());
    const std::vector<std::string> heads{"r4"};
    const Schema replayed = replay_history(project.config, map, heads)->introspect(introspect_options(project.config));
    REQUIRE(replayed.tables.size() >= 4);
    REQUIRE(replayed.virtual_tables.size() == 1);

    const Schema cold = schema_from_history(project.config, map, heads);
    check_same(cold, replayed);
    REQUIRE(project.entries().size() == 1);
    const Schema warm = schema_from_history(project.config, map, heads);
    check_same(warm, replayed);
    CHECK(fs::exists(project.config.cache_dir() / ".gitignore"));

    // Base (no heads) and a partial chain are entries of their own.
    check_same(schema_from_history(project.config, map, {}), Schema{});
    const Schema at_r2 = schema_from_history(project.config, map, {"r2"});
    check_same(at_r2, replay_history(project.config, map, {"r2"})->introspect(introspect_options(project.config)));
    CHECK(project.entries().size() == 3);
}

TEST_CASE("the replay cache is read on a hit and never when anything the replay reads changed", "[replay-cache]") {
    Project project;
    const std::vector<std::string> heads{"r4"};
    const auto key = replay_cache_key(project.config, RevisionMap(chain()), heads);
    REQUIRE(key);
    schema_from_history(project.config, RevisionMap(chain()), heads);
    REQUIRE(project.entries().size() == 1);
    const fs::path entry = project.entries()[0];
    // An entry holding one more table under the same key: a hit shows it (the entry is read).
    const std::string marker = "CREATE TABLE marker (x)";
    write(entry, read(entry) + std::to_string(marker.size()) + ":" + marker + "\n");
    const auto with_marker = [&](const Config& config, const RevisionMap& map) {
        const Schema schema = schema_from_history(config, map, heads);
        return schema.find_table("marker", sqlite_schema::rules()) != nullptr;
    };
    CHECK(with_marker(project.config, RevisionMap(chain())));

    // A file changed (its checksum): another key, so a replay.
    auto changed = chain();
    changed[1].checksum = std::string(64, 'e');
    CHECK(replay_cache_key(project.config, RevisionMap(changed), heads) != key);
    CHECK_FALSE(with_marker(project.config, RevisionMap(changed)));
    // (That replay took the entry of these heads; the chain as it was replays again.)
    CHECK_FALSE(with_marker(project.config, RevisionMap(chain())));
    const std::string kept = read(entry);
    CHECK(kept.starts_with(*key + "\n"));
    // The version table's name and ignore_tables are read by the replay too.
    Config renamed = project.config;
    renamed.version_table = "alembic_version";
    CHECK(replay_cache_key(renamed, RevisionMap(chain()), heads) != key);
    Config ignoring = project.config;
    ignoring.ignore_tables = {"tmp_*"};
    CHECK(replay_cache_key(ignoring, RevisionMap(chain()), heads) != key);
    CHECK(replay_cache_key(project.config, RevisionMap(chain()), {"r3"}) != key);
    CHECK(replay_cache_key(project.config, RevisionMap(chain()), heads) == key);

    // A damaged entry is replayed (and rewritten).
    write(entry, kept.substr(0, kept.size() / 2));
    check_same(schema_from_history(project.config, RevisionMap(chain()), heads),
               replay_history(project.config, RevisionMap(chain()), heads)->introspect(introspect_options(project.config)));
    write(entry, *key + "\n99999:CREATE TABLE x (y)\n");
    CHECK_FALSE(with_marker(project.config, RevisionMap(chain())));

    // A chain holding a C++ revision is never cached.
    auto with_program = chain();
    with_program[2].body = ProgramBody{"int main() {}"};
    CHECK_FALSE(replay_cache_key(project.config, RevisionMap(with_program), heads));
}
