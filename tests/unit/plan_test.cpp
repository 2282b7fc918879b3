// Unit tests for upgrade/downgrade/stamp planning and head tracking (src/core/plan.hpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "core/plan.hpp"
#include "dbm/error.hpp"

using namespace dbm;
using Ids = std::vector<std::string>;

namespace {

Revision rev(const std::string& id, Ids parents, const std::string& create_date, Ids depends_on = {}) {
    Revision revision;
    revision.id = id;
    revision.down_revisions = std::move(parents);
    revision.depends_on = std::move(depends_on);
    revision.create_date = create_date;
    revision.path = "/project/migrations/versions/" + id + "_step_" + id + ".sql";
    return revision;
}

Ids ids_of(const Plan& plan) {
    Ids ids;
    for (const Revision* revision : plan.revisions) ids.push_back(revision->id);
    return ids;
}

Ids sorted(Ids ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
}

// r1 <- r2 <- r3 <- r4
RevisionMap chain() {
    return RevisionMap({rev("r1", {}, "2026-01-01"), rev("r2", {"r1"}, "2026-01-02"), rev("r3", {"r2"}, "2026-01-03"),
                        rev("r4", {"r3"}, "2026-01-04")});
}

// r0 <- a1 <- a2 ; r0 <- b1 ; m merges a2 and b1
RevisionMap merged() {
    return RevisionMap({rev("r0", {}, "2026-01-01"), rev("a1", {"r0"}, "2026-01-02"), rev("b1", {"r0"}, "2026-01-03"),
                        rev("a2", {"a1"}, "2026-01-04"), rev("m", {"a2", "b1"}, "2026-01-05")});
}

// r0 <- a1 <- a2 ; r0 <- b1 (two heads, no merge)
RevisionMap branched() {
    return RevisionMap({rev("r0", {}, "2026-01-01"), rev("a1", {"r0"}, "2026-01-02"), rev("b1", {"r0"}, "2026-01-03"),
                        rev("a2", {"a1"}, "2026-01-04")});
}

}  // namespace

// --- plan_upgrade ---------------------------------------------------------------------------

TEST_CASE("upgrading an empty database to head runs the whole chain in order", "[plan][upgrade]") {
    const RevisionMap map = chain();
    const Plan plan = plan_upgrade(map, Ids{}, Ids{"r4"});
    CHECK(plan.direction == Direction::upgrade);
    CHECK(ids_of(plan) == Ids{"r1", "r2", "r3", "r4"});
}

TEST_CASE("upgrading from the middle runs only what is not applied yet", "[plan][upgrade]") {
    const RevisionMap map = chain();
    CHECK(ids_of(plan_upgrade(map, Ids{"r2"}, Ids{"r4"})) == Ids{"r3", "r4"});
    CHECK(ids_of(plan_upgrade(map, Ids{"r2"}, Ids{"r3"})) == Ids{"r3"});
    CHECK(plan_upgrade(map, Ids{"r4"}, Ids{"r4"}).revisions.empty());
    CHECK(plan_upgrade(map, Ids{"r4"}, Ids{"r2"}).revisions.empty());
}

TEST_CASE("upgrading to a merge runs both branches before the merge", "[plan][upgrade]") {
    const RevisionMap map = merged();
    const Ids order = ids_of(plan_upgrade(map, Ids{}, Ids{"m"}));
    // Parents first; the branches interleave by Create Date.
    CHECK(order == Ids{"r0", "a1", "b1", "a2", "m"});

    // With one branch applied, only the other one and the merge run.
    CHECK(ids_of(plan_upgrade(map, Ids{"a2"}, Ids{"m"})) == Ids{"b1", "m"});
}

TEST_CASE("upgrading to one branch head leaves the other branch alone", "[plan][upgrade]") {
    const RevisionMap map = branched();
    CHECK(ids_of(plan_upgrade(map, Ids{}, Ids{"a2"})) == Ids{"r0", "a1", "a2"});
    CHECK(ids_of(plan_upgrade(map, Ids{"a2"}, Ids{"a2", "b1"})) == Ids{"b1"});
}

TEST_CASE("a Depends On revision on another branch runs first", "[plan][upgrade]") {
    // a1 depends on b2, which was written later on another branch.
    const RevisionMap map({rev("r0", {}, "2026-01-01"), rev("a1", {"r0"}, "2026-01-02", {"b2"}),
                           rev("b1", {"r0"}, "2026-01-03"), rev("b2", {"b1"}, "2026-01-04")});
    CHECK(ids_of(plan_upgrade(map, Ids{}, Ids{"a1"})) == Ids{"r0", "b1", "b2", "a1"});
    CHECK(ids_of(plan_upgrade(map, Ids{"r0"}, Ids{"a1"})) == Ids{"b1", "b2", "a1"});
}

// --- plan_downgrade -----------------------------------------------------------------------

TEST_CASE("downgrading to base undoes everything, children first", "[plan][downgrade]") {
    const RevisionMap map = chain();
    const Plan plan = plan_downgrade(map, Ids{"r4"}, Ids{});
    CHECK(plan.direction == Direction::downgrade);
    CHECK(ids_of(plan) == Ids{"r4", "r3", "r2", "r1"});

    const Ids merge_order = ids_of(plan_downgrade(merged(), Ids{"m"}, Ids{}));
    REQUIRE(merge_order.size() == 5);
    CHECK(merge_order.front() == "m");
    CHECK(merge_order.back() == "r0");
    CHECK(std::find(merge_order.begin(), merge_order.end(), "a2") <
          std::find(merge_order.begin(), merge_order.end(), "a1"));
}

TEST_CASE("downgrading to a revision undoes what stands on it but not the revision", "[plan][downgrade]") {
    const RevisionMap map = chain();
    CHECK(ids_of(plan_downgrade(map, Ids{"r4"}, Ids{"r2"})) == Ids{"r4", "r3"});
    CHECK(plan_downgrade(map, Ids{"r4"}, Ids{"r4"}).revisions.empty());
}

TEST_CASE("downgrading one branch leaves the other branch applied", "[plan][downgrade]") {
    const RevisionMap map = branched();
    const Plan plan = plan_downgrade(map, Ids{"a2", "b1"}, Ids{"a1"});
    CHECK(ids_of(plan) == Ids{"a2"});
}

TEST_CASE("downgrading to a revision that is not applied is refused", "[plan][downgrade]") {
    const RevisionMap map = chain();
    REQUIRE_THROWS_AS(plan_downgrade(map, Ids{"r2"}, Ids{"r3"}), InputError);
    REQUIRE_THROWS_WITH(plan_downgrade(map, Ids{"r2"}, Ids{"r3"}),
                        Catch::Contains("r3") && Catch::Contains("not applied"));

    // A revision on a branch the database never took.
    REQUIRE_THROWS_AS(plan_downgrade(branched(), Ids{"a2"}, Ids{"b1"}), InputError);
}

// --- stamp_heads --------------------------------------------------------------------------

TEST_CASE("stamping a revision replaces the heads on its own branch", "[plan][stamp]") {
    const RevisionMap map = chain();
    CHECK(stamp_heads(map, Ids{"r2"}, Ids{"r4"}) == Ids{"r4"});
    CHECK(stamp_heads(map, Ids{"r4"}, Ids{"r1"}) == Ids{"r1"});
    CHECK(stamp_heads(map, Ids{}, Ids{"r3"}) == Ids{"r3"});
}

TEST_CASE("stamping a revision keeps the heads of unrelated branches", "[plan][stamp]") {
    const RevisionMap map = branched();
    CHECK(sorted(stamp_heads(map, Ids{"a1", "b1"}, Ids{"a2"})) == Ids{"a2", "b1"});
    // Stamping the common base replaces both branches.
    CHECK(stamp_heads(map, Ids{"a1", "b1"}, Ids{"r0"}) == Ids{"r0"});
}

TEST_CASE("stamping a merge replaces both of its parents", "[plan][stamp]") {
    CHECK(stamp_heads(merged(), Ids{"a2", "b1"}, Ids{"m"}) == Ids{"m"});
}

TEST_CASE("stamping base empties the version table", "[plan][stamp]") {
    CHECK(stamp_heads(branched(), Ids{"a2", "b1"}, Ids{}).empty());
}

// --- HeadTracker --------------------------------------------------------------------------

TEST_CASE("upgrading one step of a chain replaces its parent among the heads", "[plan][tracker]") {
    const RevisionMap map = chain();
    HeadTracker tracker(map, Ids{"r1"});
    CHECK(tracker.heads() == Ids{"r1"});
    const auto change = tracker.step(map.get("r2"), Direction::upgrade);
    CHECK(change.removed == Ids{"r1"});
    CHECK(change.added == Ids{"r2"});
    CHECK(tracker.heads() == Ids{"r2"});
    CHECK(tracker.applied() == RevisionSet{"r1", "r2"});
}

TEST_CASE("upgrading the first revision adds a head and removes none", "[plan][tracker]") {
    const RevisionMap map = chain();
    HeadTracker tracker(map, Ids{});
    const auto change = tracker.step(map.get("r1"), Direction::upgrade);
    CHECK(change.removed.empty());
    CHECK(change.added == Ids{"r1"});
    CHECK(tracker.heads() == Ids{"r1"});
}

TEST_CASE("upgrading a merge removes both of its parents", "[plan][tracker]") {
    const RevisionMap map = merged();
    HeadTracker tracker(map, Ids{"a2", "b1"});
    const auto change = tracker.step(map.get("m"), Direction::upgrade);
    CHECK(sorted(change.removed) == Ids{"a2", "b1"});
    CHECK(change.added == Ids{"m"});
    CHECK(tracker.heads() == Ids{"m"});
}

TEST_CASE("downgrading a merge re-adds both of its parents", "[plan][tracker]") {
    const RevisionMap map = merged();
    HeadTracker tracker(map, Ids{"m"});
    const auto change = tracker.step(map.get("m"), Direction::downgrade);
    CHECK(change.removed == Ids{"m"});
    CHECK(sorted(change.added) == Ids{"a2", "b1"});
    CHECK(sorted(tracker.heads()) == Ids{"a2", "b1"});
    CHECK(tracker.applied().count("m") == 0);
}

TEST_CASE("downgrading one branch at a branch point does not re-add the shared parent", "[plan][tracker]") {
    // r0 <- a1 and r0 <- b1, both applied: undoing a1 leaves b1 standing on r0.
    const RevisionMap map({rev("r0", {}, "2026-01-01"), rev("a1", {"r0"}, "2026-01-02"),
                           rev("b1", {"r0"}, "2026-01-03")});
    HeadTracker tracker(map, Ids{"a1", "b1"});
    const auto change = tracker.step(map.get("a1"), Direction::downgrade);
    CHECK(change.removed == Ids{"a1"});
    CHECK(change.added.empty());
    CHECK(tracker.heads() == Ids{"b1"});

    // Undoing the last child then makes the parent the head again.
    const auto last = tracker.step(map.get("b1"), Direction::downgrade);
    CHECK(last.removed == Ids{"b1"});
    CHECK(last.added == Ids{"r0"});
    CHECK(tracker.heads() == Ids{"r0"});
}

TEST_CASE("following a whole downgrade plan ends at the target and the untouched branch", "[plan][tracker]") {
    // Downgrading m to a1 undoes m and a2; b1 does not stand on a1 and stays.
    const RevisionMap map = merged();
    const Plan plan = plan_downgrade(map, Ids{"m"}, Ids{"a1"});
    CHECK(ids_of(plan) == Ids{"m", "a2"});
    HeadTracker tracker(map, Ids{"m"});
    for (const Revision* revision : plan.revisions) tracker.step(*revision, Direction::downgrade);
    CHECK(sorted(tracker.heads()) == Ids{"a1", "b1"});
    CHECK(tracker.applied() == RevisionSet{"r0", "a1", "b1"});
}

TEST_CASE("upgrading a revision that depends on another branch keeps that branch's head", "[plan][tracker]") {
    // Depends On orders revisions but does not merge branches.
    const RevisionMap map({rev("r0", {}, "2026-01-01"), rev("a1", {"r0"}, "2026-01-02", {"b1"}),
                           rev("b1", {"r0"}, "2026-01-03")});
    HeadTracker tracker(map, Ids{"b1"});
    CHECK(tracker.heads() == Ids{"b1"});
    const auto change = tracker.step(map.get("a1"), Direction::upgrade);
    CHECK(change.removed.empty());
    CHECK(change.added == Ids{"a1"});
    CHECK(sorted(tracker.heads()) == Ids{"a1", "b1"});
}

// --- names ----------------------------------------------------------------------------------

TEST_CASE("names_of gives file names, or <base> for none", "[plan][names]") {
    const RevisionMap map = chain();
    CHECK(names_of(map, Ids{}) == "<base>");
    CHECK(names_of(map, Ids{"r2"}) == "r2_step_r2");
    CHECK(names_of(map, Ids{"r1", "r3"}) == "r1_step_r1, r3_step_r3");
}

TEST_CASE("destination_name names the revision after an upgrade and its parents after a downgrade",
          "[plan][names]") {
    const RevisionMap map = merged();
    CHECK(destination_name(map, map.get("a1"), Direction::upgrade) == "a1_step_a1");
    CHECK(destination_name(map, map.get("a1"), Direction::downgrade) == "r0_step_r0");
    CHECK(destination_name(map, map.get("r0"), Direction::downgrade) == "<base>");
    CHECK(destination_name(map, map.get("m"), Direction::downgrade) == "a2_step_a2, b1_step_b1");
    CHECK(std::string(to_string(Direction::upgrade)) == "upgrade");
    CHECK(std::string(to_string(Direction::downgrade)) == "downgrade");
}
