// Unit tests for parse_database_url (include/dbm/database.hpp).
#include <catch2/catch.hpp>

#include <filesystem>

#include "dbm/backend.hpp"
#include "dbm/database.hpp"
#include "dbm/error.hpp"

namespace fs = std::filesystem;
using dbm::InputError;
using dbm::parse_database_url;

namespace {
const fs::path base_dir = "/srv/project";
}

TEST_CASE("sqlite:/// with a relative path resolves against the base directory", "[database_url]") {
    const auto url = parse_database_url("sqlite:///app.db", base_dir);
    CHECK(url.scheme == "sqlite");
    CHECK(url.text == "sqlite:///app.db");
    CHECK_FALSE(url.ephemeral);
    CHECK(url.path == fs::path("/srv/project/app.db"));

    CHECK(parse_database_url("sqlite:///data/dev.db", base_dir).path == fs::path("/srv/project/data/dev.db"));
    CHECK(parse_database_url("sqlite:///../shared.db", base_dir).path == fs::path("/srv/shared.db"));
}

TEST_CASE("sqlite://// names an absolute path", "[database_url]") {
    const auto url = parse_database_url("sqlite:////abs/x.db", base_dir);
    CHECK_FALSE(url.ephemeral);
    CHECK(url.path == fs::path("/abs/x.db"));
}

TEST_CASE("the in-memory forms all give an in-memory database with no path", "[database_url]") {
    for (const char* text : {"sqlite:///:memory:", "sqlite://", ":memory:"}) {
        INFO(text);
        const auto url = parse_database_url(text, base_dir);
        CHECK(url.ephemeral);
        CHECK(url.path.empty());
        CHECK(url.scheme == "sqlite");
    }
}

TEST_CASE("a bare file path resolves against the base directory", "[database_url]") {
    CHECK(parse_database_url("app.db", base_dir).path == fs::path("/srv/project/app.db"));
    CHECK(parse_database_url("var/app.db", base_dir).path == fs::path("/srv/project/var/app.db"));
    CHECK(parse_database_url("/tmp/abs.db", base_dir).path == fs::path("/tmp/abs.db"));
    CHECK_FALSE(parse_database_url("app.db", base_dir).ephemeral);
}

TEST_CASE("a URL of another engine is refused with the supported forms", "[database_url]") {
    REQUIRE_THROWS_AS(parse_database_url("postgresql://u@h/db", base_dir), InputError);
    REQUIRE_THROWS_WITH(parse_database_url("postgresql://u@h/db", base_dir), Catch::Contains("postgresql://u@h/db"));
    REQUIRE_THROWS_WITH(parse_database_url("postgresql://u@h/db", base_dir), Catch::Contains("sqlite:///"));
    REQUIRE_THROWS_AS(parse_database_url("mysql://root@localhost/app", base_dir), InputError);
}

TEST_CASE("a sqlite URL with a host part is refused as malformed", "[database_url]") {
    REQUIRE_THROWS_AS(parse_database_url("sqlite://bad.db", base_dir), InputError);
    REQUIRE_THROWS_WITH(parse_database_url("sqlite://bad.db", base_dir), Catch::Contains("sqlite:///"));
}

TEST_CASE("a sqlite URL with too few slashes is refused as malformed", "[database_url]") {
    // "sqlite:/bad" is a mistyped URL, not a file named "sqlite:/bad" in a "sqlite:" folder.
    REQUIRE_THROWS_AS(parse_database_url("sqlite:/bad", base_dir), InputError);
    REQUIRE_THROWS_WITH(parse_database_url("sqlite:/bad", base_dir), Catch::Contains("sqlite:///"));
    REQUIRE_THROWS_AS(parse_database_url("sqlite:app.db", base_dir), InputError);
}

TEST_CASE("SQLAlchemy's driver options are accepted and ignored; SQLite's URI parameters are kept", "[database_url]") {
    auto url = parse_database_url("sqlite:///app.db?check_same_thread=False&timeout=20", base_dir);
    CHECK(url.path == fs::path("/srv/project/app.db"));
    CHECK(url.parameters.empty());
    url = parse_database_url("sqlite:///app.db?mode=ro&cache=shared", base_dir);
    CHECK(url.path == fs::path("/srv/project/app.db"));
    CHECK(url.parameters == std::vector<std::pair<std::string, std::string>>{{"mode", "ro"}, {"cache", "shared"}});
    CHECK(url.read_only());
    CHECK_FALSE(parse_database_url("sqlite:///app.db?mode=rw", base_dir).read_only());
}

TEST_CASE("file: URIs are read as SQLite reads them", "[database_url]") {
    CHECK(parse_database_url("file:data/app.db?mode=ro", base_dir).path == fs::path("/srv/project/data/app.db"));
    CHECK(parse_database_url("file:///abs/my%20app.db", base_dir).path == fs::path("/abs/my app.db"));
    CHECK(parse_database_url("file://localhost/abs/x.db", base_dir).path == fs::path("/abs/x.db"));
    CHECK(parse_database_url("sqlite:///file:app.db?mode=ro&uri=true", base_dir).read_only());
    CHECK(parse_database_url("file::memory:", base_dir).ephemeral);
    CHECK(parse_database_url("file:x.db?mode=memory", base_dir).ephemeral);
    REQUIRE_THROWS_WITH(parse_database_url("file://otherhost/x.db", base_dir), Catch::Contains("names the host 'otherhost'"));
}

TEST_CASE("an unknown URL parameter or value is refused by name", "[database_url]") {
    REQUIRE_THROWS_WITH(parse_database_url("sqlite:///app.db?journal=wal", base_dir),
                        Catch::StartsWith("unknown parameter 'journal' in database URL 'sqlite:///app.db?journal=wal'"));
    REQUIRE_THROWS_WITH(parse_database_url("sqlite:///app.db?mode=fast", base_dir),
                        "database URL 'sqlite:///app.db?mode=fast': mode=fast is not one of ro, rw, rwc, memory");
}

TEST_CASE("the backend registry finds SQLite by its scheme and names what it lacks", "[database_url][backend]") {
    CHECK(dbm::backend_for("sqlite").scheme() == "sqlite");
    CHECK(dbm::dialect_for(parse_database_url("sqlite:///x.db", "/srv")).scheme() == "sqlite");
    CHECK_THROWS_WITH(dbm::backend_for("postgresql"),
                      "no database backend for 'postgresql' URLs is built into this dbm");
    // A URL no backend accepts is read by the first one, which says what it supports.
    CHECK_THROWS_WITH(parse_database_url("mysql://host/db", "/srv"), Catch::StartsWith("unsupported database URL"));
    const auto scratch = dbm::open_scratch("sqlite");
    CHECK(scratch->is_empty());
    CHECK_THROWS_AS(scratch->back_up(), dbm::InputError);
}

TEST_CASE("a parsed URL carries what core and cli print and record, so they never read the path", "[database_url]") {
    const auto url = parse_database_url("sqlite:///data/app.db", "/srv/project");
    CHECK(url.absolute_text == "sqlite:////srv/project/data/app.db");
    CHECK_FALSE(url.ephemeral);
    const auto memory = parse_database_url("sqlite:///:memory:", "/srv/project");
    CHECK(memory.ephemeral);
    CHECK(memory.display == ":memory:");
    CHECK(memory.absolute_text == "sqlite:///:memory:");
}
