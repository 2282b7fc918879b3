// Unit tests for the revision graph (src/core/revision_map.hpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/revision_map.hpp"
#include "dbm/error.hpp"

using dbm::InputError;
using dbm::Revision;
using dbm::RevisionMap;
using dbm::RevisionSet;
using Ids = std::vector<std::string>;

namespace {

Revision rev(const std::string& id, Ids parents = {}, const std::string& create_date = "2026-01-01 00:00:00",
             Ids depends_on = {}) {
    Revision revision;
    revision.id = id;
    revision.down_revisions = std::move(parents);
    revision.depends_on = std::move(depends_on);
    revision.create_date = create_date;
    revision.message = "revision " + id;
    revision.path = "/project/migrations/versions/" + id + "_revision.sql";
    revision.revises_line = 4;
    revision.depends_on_line = 5;
    return revision;
}

Ids ids_of(const std::vector<const Revision*>& revisions) {
    Ids ids;
    for (const Revision* revision : revisions) ids.push_back(revision->id);
    return ids;
}

Ids sorted(Ids ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::size_t position(const Ids& ids, const std::string& id) {
    return static_cast<std::size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
}

// r1 <- r2 <- r3 <- r4
RevisionMap chain() {
    return RevisionMap({rev("r4", {"r3"}, "2026-01-04"), rev("r2", {"r1"}, "2026-01-02"), rev("r1", {}, "2026-01-01"),
                        rev("r3", {"r2"}, "2026-01-03")});
}

// r0 <- a1 <- a2 ; r0 <- b1 ; m merges a2 and b1
RevisionMap merged() {
    return RevisionMap({rev("r0", {}, "2026-01-01"), rev("a1", {"r0"}, "2026-01-02"), rev("a2", {"a1"}, "2026-01-04"),
                        rev("b1", {"r0"}, "2026-01-03"), rev("m", {"a2", "b1"}, "2026-01-05")});
}

// r0 <- a1 ; r0 <- b1: two heads.
RevisionMap branched() {
    return RevisionMap({rev("r0", {}, "2026-01-01"), rev("a1", {"r0"}, "2026-01-02"), rev("b1", {"r0"}, "2026-01-03")});
}

InputError construction_error(std::vector<Revision> revisions) {
    try {
        RevisionMap map(std::move(revisions));
    } catch (const InputError& error) {
        return error;
    }
    FAIL("RevisionMap accepted a broken graph");
    throw std::logic_error("unreachable");
}

}  // namespace

// --- validation ---------------------------------------------------------------------------------

TEST_CASE("two revisions with the same id are refused naming both files", "[revision_map][validate]") {
    Revision first = rev("abc123");
    first.path = "/project/migrations/versions/abc123_first.sql";
    Revision second = rev("abc123");
    second.path = "/project/migrations/versions/abc123_second.sql";
    REQUIRE_THROWS_AS(RevisionMap({first, second}), InputError);
    REQUIRE_THROWS_WITH(RevisionMap({first, second}), Catch::Contains("abc123") &&
                                                          Catch::Contains("abc123_first.sql") &&
                                                          Catch::Contains("abc123_second.sql"));
}

TEST_CASE("an unknown parent is refused at the file's Revises line", "[revision_map][validate]") {
    Revision orphan = rev("child1", {"missing9"});
    orphan.revises_line = 7;
    REQUIRE_THROWS_AS(RevisionMap({rev("base1"), orphan}), InputError);
    REQUIRE_THROWS_WITH(RevisionMap({rev("base1"), orphan}), Catch::Contains("missing9"));
    const InputError error = construction_error({rev("base1"), orphan});
    CHECK_THAT(error.where().file, Catch::EndsWith("child1_revision.sql"));
    CHECK(error.where().line == 7);
}

TEST_CASE("an unknown dependency is refused at the file's Depends On line", "[revision_map][validate]") {
    Revision dependent = rev("child1", {"base1"}, "2026-01-02", {"nowhere"});
    dependent.depends_on_line = 6;
    REQUIRE_THROWS_AS(RevisionMap({rev("base1"), dependent}), InputError);
    const InputError error = construction_error({rev("base1"), dependent});
    CHECK_THAT(std::string(error.what()), Catch::Contains("nowhere"));
    CHECK_THAT(error.where().file, Catch::EndsWith("child1_revision.sql"));
    CHECK(error.where().line == 6);
}

TEST_CASE("revisions that revise each other are refused as a cycle", "[revision_map][validate]") {
    const std::vector<Revision> revisions = {rev("aaa", {"bbb"}), rev("bbb", {"aaa"}), rev("root")};
    REQUIRE_THROWS_AS(RevisionMap(revisions), InputError);
    REQUIRE_THROWS_WITH(RevisionMap(revisions),
                        Catch::Contains("cycle") && Catch::Contains("aaa") && Catch::Contains("bbb"));
}

TEST_CASE("a revision that revises itself is refused as a cycle", "[revision_map][validate]") {
    const std::vector<Revision> revisions = {rev("root"), rev("selfish", {"selfish"})};
    REQUIRE_THROWS_AS(RevisionMap(revisions), InputError);
    REQUIRE_THROWS_WITH(RevisionMap(revisions), Catch::Contains("cycle") && Catch::Contains("selfish"));
}

TEST_CASE("a cycle through a dependency is refused as a cycle", "[revision_map][validate]") {
    const std::vector<Revision> revisions = {rev("root"), rev("x1", {"root"}, "2026-01-02", {"y1"}),
                                             rev("y1", {"x1"})};
    REQUIRE_THROWS_WITH(RevisionMap(revisions), Catch::Contains("cycle") && Catch::Contains("x1") &&
                                                    Catch::Contains("y1"));
}

// --- order and shape ----------------------------------------------------------------------------

TEST_CASE("ordered() puts parents before children whatever the input order", "[revision_map][order]") {
    const RevisionMap map = chain();
    CHECK(map.size() == 4);
    CHECK(ids_of(map.ordered()) == Ids{"r1", "r2", "r3", "r4"});
}

TEST_CASE("ordered() puts unrelated revisions oldest Create Date first", "[revision_map][order]") {
    // b1 was written before a1, and b's branch before a's second step.
    const RevisionMap map({rev("r0", {}, "2026-01-01 00:00:00"), rev("a1", {"r0"}, "2026-01-03 00:00:00"),
                           rev("b1", {"r0"}, "2026-01-02 00:00:00"), rev("a2", {"a1"}, "2026-01-04 00:00:00"),
                           rev("b2", {"b1"}, "2026-01-05 00:00:00")});
    CHECK(ids_of(map.ordered()) == Ids{"r0", "b1", "a1", "a2", "b2"});

    // Two unrelated roots: the older one first even when the younger is listed first.
    const RevisionMap roots({rev("young", {}, "2026-06-01 00:00:00"), rev("old", {}, "2025-06-01 00:00:00")});
    CHECK(ids_of(roots.ordered()) == Ids{"old", "young"});
}

TEST_CASE("a dependency is ordered before its dependent even when it is younger", "[revision_map][order]") {
    const RevisionMap map({rev("r0", {}, "2026-01-01"), rev("a1", {"r0"}, "2026-01-02", {"b1"}),
                           rev("b1", {"r0"}, "2026-01-09")});
    const Ids order = ids_of(map.ordered());
    CHECK(position(order, "b1") < position(order, "a1"));
}

TEST_CASE("heads are the revisions nothing revises, bases those that revise nothing", "[revision_map][shape]") {
    const RevisionMap map = branched();
    CHECK(sorted(map.heads()) == Ids{"a1", "b1"});
    CHECK(map.bases() == Ids{"r0"});
    CHECK(map.is_head("a1"));
    CHECK(map.is_head("b1"));
    CHECK_FALSE(map.is_head("r0"));
    CHECK_FALSE(map.is_head("nope"));

    const RevisionMap line = chain();
    CHECK(line.heads() == Ids{"r4"});
    CHECK(line.bases() == Ids{"r1"});
}

TEST_CASE("are_heads() is true for exactly the heads, in any order", "[revision_map][shape]") {
    const RevisionMap map = branched();
    CHECK(map.are_heads({"a1", "b1"}));
    CHECK(map.are_heads({"b1", "a1"}));
    CHECK_FALSE(map.are_heads({"a1"}));
    CHECK_FALSE(map.are_heads({"r0"}));
    CHECK_FALSE(map.are_heads({}));
    CHECK_FALSE(map.are_heads({"a1", "b1", "r0"}));
    CHECK(chain().are_heads({"r4"}));
}

TEST_CASE("a dependency does not stop a revision from being a head", "[revision_map][shape]") {
    // a1 depends on b1, but b1 is still the head of its own branch.
    const RevisionMap map({rev("r0", {}, "2026-01-01"), rev("a1", {"r0"}, "2026-01-02", {"b1"}),
                           rev("b1", {"r0"}, "2026-01-03")});
    CHECK(sorted(map.heads()) == Ids{"a1", "b1"});
    CHECK(map.children("b1").empty());
}

TEST_CASE("children() lists the revisions that name a revision in Revises", "[revision_map][shape]") {
    const RevisionMap map = merged();
    CHECK(sorted(map.children("r0")) == Ids{"a1", "b1"});
    CHECK(map.children("a2") == Ids{"m"});
    CHECK(map.children("b1") == Ids{"m"});
    CHECK(map.children("m").empty());
}

TEST_CASE("find() and get() look revisions up by full id", "[revision_map][shape]") {
    const RevisionMap map = chain();
    REQUIRE(map.find("r2") != nullptr);
    CHECK(map.find("r2")->down_revisions == Ids{"r1"});
    CHECK(map.find("r") == nullptr);
    CHECK(map.get("r3").id == "r3");
    CHECK_FALSE(map.empty());
    CHECK(RevisionMap(std::vector<Revision>{}).empty());
}

TEST_CASE("ancestors() holds the revisions themselves and everything below them", "[revision_map][graph]") {
    const RevisionMap map = merged();
    CHECK(map.ancestors(Ids{"a2"}) == RevisionSet{"r0", "a1", "a2"});
    CHECK(map.ancestors(Ids{"m"}) == RevisionSet{"r0", "a1", "a2", "b1", "m"});
    CHECK(map.ancestors(Ids{"r0"}) == RevisionSet{"r0"});
    CHECK(map.ancestors(Ids{}).empty());
}

TEST_CASE("ancestors() follows Depends On edges", "[revision_map][graph]") {
    const RevisionMap map({rev("r0", {}, "2026-01-01"), rev("a1", {"r0"}, "2026-01-02", {"b2"}),
                           rev("b1", {"r0"}, "2026-01-03"), rev("b2", {"b1"}, "2026-01-04")});
    CHECK(map.ancestors(Ids{"a1"}) == RevisionSet{"r0", "a1", "b1", "b2"});
}

TEST_CASE("descendants() holds the revisions themselves and everything above them", "[revision_map][graph]") {
    const RevisionMap map = merged();
    CHECK(map.descendants(Ids{"b1"}) == RevisionSet{"b1", "m"});
    CHECK(map.descendants(Ids{"a1"}) == RevisionSet{"a1", "a2", "m"});
    CHECK(map.descendants(Ids{"r0"}) == RevisionSet{"r0", "a1", "a2", "b1", "m"});

    const RevisionMap dependent({rev("r0", {}, "2026-01-01"), rev("a1", {"r0"}, "2026-01-02", {"b1"}),
                                 rev("b1", {"r0"}, "2026-01-03")});
    CHECK(dependent.descendants(Ids{"b1"}) == RevisionSet{"b1", "a1"});
}

TEST_CASE("heads_of() gives the applied revisions that no applied revision revises", "[revision_map][graph]") {
    const RevisionMap map = merged();
    CHECK(map.heads_of({"r0", "a1", "a2", "b1", "m"}) == Ids{"m"});
    CHECK(sorted(map.heads_of({"r0", "a1", "b1"})) == Ids{"a1", "b1"});
    CHECK(map.heads_of({"r0"}) == Ids{"r0"});
    CHECK(map.heads_of({}).empty());
}

TEST_CASE("in_order() lists a subset parents first", "[revision_map][graph]") {
    const RevisionMap map = chain();
    CHECK(ids_of(map.in_order({"r4", "r2", "r3"})) == Ids{"r2", "r3", "r4"});
}

// --- resolve_id ---------------------------------------------------------------------------------

namespace {
RevisionMap hex_ids() {
    return RevisionMap({rev("ab1111", {}, "2026-01-01"), rev("ab2222", {"ab1111"}, "2026-01-02"),
                        rev("cd3333", {"ab2222"}, "2026-01-03")});
}
}  // namespace

TEST_CASE("resolve_id accepts a full id or a unique prefix", "[revision_map][resolve_id]") {
    const RevisionMap map = hex_ids();
    CHECK(map.resolve_id("ab2222") == "ab2222");
    CHECK(map.resolve_id("cd") == "cd3333");
    CHECK(map.resolve_id("ab1") == "ab1111");
}

TEST_CASE("resolve_id refuses an unknown revision", "[revision_map][resolve_id]") {
    const RevisionMap map = hex_ids();
    REQUIRE_THROWS_AS(map.resolve_id("ff"), InputError);
    REQUIRE_THROWS_WITH(map.resolve_id("ff"), Catch::Contains("unknown revision") && Catch::Contains("ff"));
}

TEST_CASE("an ambiguous prefix lists every candidate", "[revision_map][resolve_id]") {
    const RevisionMap map = hex_ids();
    REQUIRE_THROWS_AS(map.resolve_id("ab"), InputError);
    REQUIRE_THROWS_WITH(map.resolve_id("ab"), Catch::Contains("ambiguous") && Catch::Contains("ab1111") &&
                                                  Catch::Contains("ab2222") && !Catch::Contains("cd3333"));
}

// --- resolve --------------------------------------------------------------------------------------

TEST_CASE("'base' resolves to no revision at all", "[revision_map][resolve]") {
    CHECK(chain().resolve("base", Ids{"r3"}).empty());
}

TEST_CASE("'heads' resolves to every head", "[revision_map][resolve]") {
    CHECK(sorted(branched().resolve("heads", Ids{})) == Ids{"a1", "b1"});
    CHECK(chain().resolve("heads", Ids{}) == Ids{"r4"});
}

TEST_CASE("'head' resolves to the single head", "[revision_map][resolve]") {
    CHECK(chain().resolve("head", Ids{"r1"}) == Ids{"r4"});
    CHECK(merged().resolve("head", Ids{}) == Ids{"m"});
}

TEST_CASE("'head' with two heads is refused naming both and suggesting heads or merge", "[revision_map][resolve]") {
    const RevisionMap map = branched();
    REQUIRE_THROWS_AS(map.resolve("head", Ids{}), InputError);
    REQUIRE_THROWS_WITH(map.resolve("head", Ids{}), Catch::Contains("a1") && Catch::Contains("b1") &&
                                                        Catch::Contains("'heads'") && Catch::Contains("merge"));
}

TEST_CASE("an id or prefix resolves to that revision", "[revision_map][resolve]") {
    CHECK(hex_ids().resolve("cd", Ids{}) == Ids{"cd3333"});
    CHECK(hex_ids().resolve("ab1111", Ids{}) == Ids{"ab1111"});
    REQUIRE_THROWS_WITH(hex_ids().resolve("zz", Ids{}), Catch::Contains("unknown revision"));
}

TEST_CASE("+N and -N step from the current revision", "[revision_map][resolve]") {
    const RevisionMap map = chain();
    CHECK(map.resolve("+2", Ids{"r1"}) == Ids{"r3"});
    CHECK(map.resolve("+1", Ids{"r3"}) == Ids{"r4"});
    CHECK(map.resolve("-1", Ids{"r3"}) == Ids{"r2"});
    CHECK(map.resolve("-2", Ids{"r4"}) == Ids{"r2"});
}

TEST_CASE("+1 from an empty database is the base revision, -1 from it is base", "[revision_map][resolve]") {
    const RevisionMap map = chain();
    CHECK(map.resolve("+1", Ids{}) == Ids{"r1"});
    CHECK(map.resolve("-1", Ids{"r1"}).empty());
}

TEST_CASE("head-N steps down from the head", "[revision_map][resolve]") {
    const RevisionMap map = chain();
    CHECK(map.resolve("head-1", Ids{}) == Ids{"r3"});
    CHECK(map.resolve("head-3", Ids{"r4"}) == Ids{"r1"});
    CHECK(map.resolve("head-0", Ids{}) == Ids{"r4"});
}

TEST_CASE("<id>+N and <id>-N step from a named revision", "[revision_map][resolve]") {
    const RevisionMap map = hex_ids();
    CHECK(map.resolve("ab1+1", Ids{}) == Ids{"ab2222"});
    CHECK(map.resolve("ab1111+2", Ids{"cd3333"}) == Ids{"cd3333"});
    CHECK(map.resolve("cd-2", Ids{}) == Ids{"ab1111"});
}

TEST_CASE("stepping past the head is refused", "[revision_map][resolve]") {
    const RevisionMap map = chain();
    REQUIRE_THROWS_AS(map.resolve("+1", Ids{"r4"}), InputError);
    REQUIRE_THROWS_WITH(map.resolve("+1", Ids{"r4"}), Catch::Contains("+1") && Catch::Contains("head"));
    REQUIRE_THROWS_AS(map.resolve("+5", Ids{"r2"}), InputError);
    REQUIRE_THROWS_AS(map.resolve("r3+2", Ids{}), InputError);
}

TEST_CASE("stepping below base is refused", "[revision_map][resolve]") {
    const RevisionMap map = chain();
    REQUIRE_THROWS_AS(map.resolve("-3", Ids{"r2"}), InputError);
    REQUIRE_THROWS_WITH(map.resolve("-3", Ids{"r2"}), Catch::Contains("-3") && Catch::Contains("base"));
    CHECK(map.resolve("head-4", Ids{}).empty());  // r4 -> r3 -> r2 -> r1 -> base
    REQUIRE_THROWS_AS(map.resolve("head-5", Ids{}), InputError);
    REQUIRE_THROWS_AS(map.resolve("-1", Ids{}), InputError);
}

TEST_CASE("one step down from a merge revision lands on all of its parents, and a further step is ambiguous", "[revision_map][resolve]") {
    // m has two parents, a2 and b1: downgrading one step from m reverts m alone, which
    // leaves the database at both parents (docs/commands.md, "Revision arguments").
    const RevisionMap map = merged();
    REQUIRE(map.resolve("-1", Ids{"m"}) == Ids{"a2", "b1"});
    REQUIRE_THROWS_AS(map.resolve("-2", Ids{"m"}), InputError);
    REQUIRE_THROWS_WITH(map.resolve("-2", Ids{"m"}), Catch::Contains("ambiguous"));
}

TEST_CASE("stepping from several current heads is ambiguous", "[revision_map][resolve]") {
    const RevisionMap map = branched();
    REQUIRE_THROWS_AS(map.resolve("-1", Ids{"a1", "b1"}), InputError);
    REQUIRE_THROWS_WITH(map.resolve("-1", Ids{"a1", "b1"}),
                        Catch::Contains("ambiguous") && Catch::Contains("a1") && Catch::Contains("b1"));
}

TEST_CASE("+1 at a branch point is ambiguous and names the branches", "[revision_map][resolve]") {
    const RevisionMap map = branched();
    REQUIRE_THROWS_AS(map.resolve("+1", Ids{"r0"}), InputError);
    REQUIRE_THROWS_WITH(map.resolve("+1", Ids{"r0"}),
                        Catch::Contains("ambiguous") && Catch::Contains("a1") && Catch::Contains("b1"));
}

TEST_CASE("a malformed relative revision is refused", "[revision_map][resolve]") {
    const RevisionMap map = chain();
    for (const char* spec : {"head-x", "head-", "+", "-1x", "r2+one"}) {
        INFO(spec);
        REQUIRE_THROWS_AS(map.resolve(spec, Ids{"r2"}), InputError);
    }
    REQUIRE_THROWS_WITH(map.resolve("head-x", Ids{}), Catch::Contains("head-x"));
    REQUIRE_THROWS_AS(map.resolve("", Ids{}), InputError);
}
