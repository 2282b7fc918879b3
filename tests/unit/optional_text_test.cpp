// OptionalText keeps std::optional<std::string>'s meaning (the schema structs compare and
// copy with it) at the size of a pointer.
#include <optional>
#include <string>
#include <utility>

#include <catch2/catch.hpp>

#include "dbm/optional_text.hpp"
#include "dbm/schema.hpp"

using dbm::OptionalText;

TEST_CASE("OptionalText: unset, set, reset and value_or as std::optional") {
    OptionalText text;
    CHECK_FALSE(text);
    CHECK_FALSE(text.has_value());
    CHECK(text == std::nullopt);
    CHECK(text.value_or("none") == "none");
    CHECK_THROWS_AS(text.value(), std::bad_optional_access);

    text = std::string("NOCASE");
    REQUIRE(text);
    CHECK(*text == "NOCASE");
    CHECK(text->size() == 6);
    CHECK(text.value_or("none") == "NOCASE");
    CHECK(text == "NOCASE");
    CHECK(text == std::string("NOCASE"));
    CHECK_FALSE(text == "nocase");

    text = std::nullopt;
    CHECK_FALSE(text);
    text.emplace("x");
    CHECK(text == "x");
    text.reset();
    CHECK(text == std::nullopt);
}

TEST_CASE("OptionalText: an empty text is set, unlike none") {
    const OptionalText empty(std::string{});
    CHECK(empty);
    CHECK(*empty == "");
    CHECK_FALSE(empty == OptionalText());
}

TEST_CASE("OptionalText: copies are deep, moves leave the source unset") {
    OptionalText a("abc");
    OptionalText b = a;
    *b = "abcd";
    CHECK(a == "abc");
    CHECK(b == "abcd");
    a = b;
    CHECK(a == "abcd");
    *a = "z";
    CHECK(b == "abcd");
    OptionalText c = std::move(a);
    CHECK(c == "z");
    CHECK_FALSE(a);  // NOLINT(bugprone-use-after-move): what a move leaves is part of the contract
}

TEST_CASE("OptionalText: equality and order as std::optional's") {
    CHECK(OptionalText() == OptionalText());
    CHECK_FALSE(OptionalText() == OptionalText("a"));
    CHECK(OptionalText("a") == OptionalText("a"));
    CHECK(OptionalText() < OptionalText("a"));
    CHECK_FALSE(OptionalText("a") < OptionalText());
    CHECK(OptionalText("a") < OptionalText("b"));
    CHECK_FALSE(OptionalText() < OptionalText());
}

TEST_CASE("OptionalText: to and from std::optional<std::string>") {
    const std::optional<std::string> none;
    const std::optional<std::string> some = "1 + 1";
    CHECK_FALSE(OptionalText(none));
    CHECK(OptionalText(some) == "1 + 1");
    const std::optional<std::string> back = OptionalText("(1 + 1)");
    CHECK(back == std::optional<std::string>("(1 + 1)"));
    CHECK(std::optional<std::string>(OptionalText()) == std::nullopt);
}

TEST_CASE("OptionalText: a pointer's size, so that an unset column setting costs 8 bytes") {
    STATIC_REQUIRE(sizeof(OptionalText) == sizeof(void*));
    // name, type, five OptionalText, two flags, a location: well under std::optional's 288.
    CHECK(sizeof(dbm::Column) <= 136);
}
