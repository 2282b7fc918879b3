// Unit tests for parse_database_url (include/dbm/database.hpp).
#include <catch2/catch.hpp>

#include <filesystem>

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
    CHECK_FALSE(url.in_memory);
    CHECK(url.path == fs::path("/srv/project/app.db"));

    CHECK(parse_database_url("sqlite:///data/dev.db", base_dir).path == fs::path("/srv/project/data/dev.db"));
    CHECK(parse_database_url("sqlite:///../shared.db", base_dir).path == fs::path("/srv/shared.db"));
}

TEST_CASE("sqlite://// names an absolute path", "[database_url]") {
    const auto url = parse_database_url("sqlite:////abs/x.db", base_dir);
    CHECK_FALSE(url.in_memory);
    CHECK(url.path == fs::path("/abs/x.db"));
}

TEST_CASE("the in-memory forms all give an in-memory database with no path", "[database_url]") {
    for (const char* text : {"sqlite:///:memory:", "sqlite://", ":memory:"}) {
        INFO(text);
        const auto url = parse_database_url(text, base_dir);
        CHECK(url.in_memory);
        CHECK(url.path.empty());
        CHECK(url.scheme == "sqlite");
    }
}

TEST_CASE("a bare file path resolves against the base directory", "[database_url]") {
    CHECK(parse_database_url("app.db", base_dir).path == fs::path("/srv/project/app.db"));
    CHECK(parse_database_url("var/app.db", base_dir).path == fs::path("/srv/project/var/app.db"));
    CHECK(parse_database_url("/tmp/abs.db", base_dir).path == fs::path("/tmp/abs.db"));
    CHECK_FALSE(parse_database_url("app.db", base_dir).in_memory);
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
