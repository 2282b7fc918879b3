// Unit tests for which renamed_from hints are followed (src/schema/rename_plan.hpp) and how
// the renames are ordered: chains, swaps and longer cycles, and cycles a revision already
// made ("spent"). The e2e tests (renames_test.cpp) run the result on real databases.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "dbm/error.hpp"
#include "schema/compare.hpp"
#include "schema/models.hpp"
#include "schema/rename_plan.hpp"
#include "sqlite_schema.hpp"

using dbm::Schema;
namespace schema = dbm::schema;

namespace {

using Renames = std::vector<std::pair<std::string, std::string>>;
constexpr std::size_t none = static_cast<std::size_t>(-1);

Schema tables(const std::vector<std::pair<std::string, std::string>>& name_and_hint) {
    std::string yaml = "tables:\n";
    for (const auto& [name, hint] : name_and_hint) {
        yaml += "  " + name + ":\n";
        if (!hint.empty()) yaml += "    renamed_from: " + hint + "\n";
        yaml += "    columns:\n      id: integer\n";
    }
    return sqlite_schema::parse_models_yaml(yaml, "models.yaml");
}

// For each wanted table, the name of the current table it is renamed from ("" for none).
std::vector<std::string> sources(const Schema& current, const Schema& wanted, const std::vector<schema::RenameCycle>& spent = {}) {
    std::vector<std::string> names;
    for (const std::size_t source : sqlite_schema::table_rename_sources(current, wanted, spent))
        names.push_back(source == none ? "" : current.tables[source].name);
    return names;
}

}  // namespace

TEST_CASE("a hint is followed when its old name exists and its new name is free", "[schema][renames]") {
    CHECK(sources(tables({{"b", ""}}), tables({{"a", "b"}})) == std::vector<std::string>{"b"});
    // The old name is gone: the rename already ran.
    CHECK(sources(tables({{"a", ""}}), tables({{"a", "b"}})) == std::vector<std::string>{""});
    // Both exist and nothing moves the new name away: a stale hint.
    CHECK(sources(tables({{"a", ""}, {"b", ""}}), tables({{"a", "b"}, {"b", ""}})) == std::vector<std::string>{"", ""});
    // The old name declared again: renamed, and the models' `b` is a new table.
    CHECK(sources(tables({{"b", ""}}), tables({{"a", "b"}, {"b", ""}})) == std::vector<std::string>{"b", ""});
}

TEST_CASE("a chain of hints is followed from its free end, and is spent once it ran", "[schema][renames]") {
    const Schema wanted = tables({{"a", "b"}, {"b", "c"}});
    CHECK(sources(tables({{"b", ""}, {"c", ""}}), wanted) == std::vector<std::string>{"b", "c"});
    CHECK(sources(tables({{"a", ""}, {"b", ""}}), wanted) == std::vector<std::string>{"", ""});
}

TEST_CASE("a swap is followed until a revision records it, then not again", "[schema][renames]") {
    const Schema current = tables({{"a", ""}, {"b", ""}});
    const Schema wanted = tables({{"a", "b"}, {"b", "a"}});
    CHECK(sources(current, wanted) == std::vector<std::string>{"b", "a"});
    const schema::RenameCycle swap{"", {{"a", "b"}, {"b", "a"}}};
    CHECK(sources(current, wanted, {swap}) == std::vector<std::string>{"", ""});
    // Another cycle recorded changes nothing.
    CHECK(sources(current, wanted, {schema::RenameCycle{"", {{"a", "c"}, {"c", "a"}}}}) ==
          std::vector<std::string>{"b", "a"});
    // A three-cycle beside a plain rename.
    const Schema three = tables({{"a", "c"}, {"b", "a"}, {"c", "b"}, {"e", "d"}});
    CHECK(sources(tables({{"a", ""}, {"b", ""}, {"c", ""}, {"d", ""}}), three) ==
          std::vector<std::string>{"c", "a", "b", "d"});
}

TEST_CASE("two tables renamed from one name are refused, naming both", "[schema][renames]") {
    const Schema wanted = tables({{"a", "old"}, {"b", "OLD"}});
    try {
        sqlite_schema::refuse_shared_rename_sources(wanted, "models.yaml");
        FAIL("accepted");
    } catch (const dbm::InputError& error) {
        CHECK(std::string(error.what()) == "tables 'a' and 'b' are both renamed_from 'OLD': one of them only");
        CHECK(error.where().line == 6);
    }
    // And the planner follows neither.
    CHECK(sources(tables({{"old", ""}}), wanted) == std::vector<std::string>{"", ""});
}

TEST_CASE("column swaps are planned per table and spent by their table's record", "[schema][renames]") {
    const Schema current = sqlite_schema::parse_models_yaml("tables:\n  t:\n    columns:\n      x: text\n      y: text\n", "m");
    const Schema wanted = sqlite_schema::parse_models_yaml(
        "tables:\n  t:\n    columns:\n      x: {type: text, renamed_from: y}\n      y: {type: text, renamed_from: x}\n", "m");
    const auto followed = sqlite_schema::column_rename_sources(current.tables[0], wanted.tables[0], {});
    CHECK(followed == std::vector<std::size_t>{1, 0});
    const auto operations = sqlite_schema::compare(current, wanted);
    CHECK(operations.size() == 2);
    const schema::RenameCycle recorded{"t", {{"x", "y"}, {"y", "x"}}};
    CHECK(sqlite_schema::compare(current, wanted, {recorded}).empty());
    CHECK(sqlite_schema::compare(current, wanted, {schema::RenameCycle{"other", recorded.renames}}).size() == 2);
}

TEST_CASE("renames are ordered so each name is free when it is taken; a cycle goes through a free name",
          "[schema][renames]") {
    std::vector<Renames> cycles;
    CHECK(sqlite_schema::rename_steps({{"c", "b"}, {"b", "a"}}, {}, &cycles) == Renames{{"b", "a"}, {"c", "b"}});
    CHECK(cycles.empty());
    const Renames swap = sqlite_schema::rename_steps({{"a", "b"}, {"b", "a"}}, {"a__dbm_swap"}, &cycles);
    CHECK(swap == Renames{{"a", "a__dbm_swap2"}, {"b", "a"}, {"a__dbm_swap2", "b"}});
    REQUIRE(cycles.size() == 1);
    CHECK(cycles[0].size() == 2);
    cycles.clear();
    const Renames three = sqlite_schema::rename_steps({{"a", "b"}, {"b", "c"}, {"c", "a"}, {"x", "y"}}, {}, &cycles);
    CHECK(three.size() == 5);
    CHECK(cycles.size() == 1);
}

TEST_CASE("a cycle's comment reads back as the cycle, in any case and quoting", "[schema][renames]") {
    const std::string comment = schema::rename_cycle_comment("Odd \"T\"", {{"First", "la\"st"}, {"la\"st", "First"}});
    CHECK(comment == "-- dbm rename cycle: columns of \"Odd \"\"T\"\"\" \"First\" -> \"la\"\"st\", \"la\"\"st\" -> \"First\"");
    const auto cycles = sqlite_schema::rename_cycles_in("ALTER TABLE x RENAME TO y;\n" + comment + "\n" +
                                                 schema::rename_cycle_comment("", {{"B", "a"}, {"a", "B"}}) +
                                                 "\n-- dbm rename cycle: tables \"broken\n");
    REQUIRE(cycles.size() == 2);
    CHECK(cycles[0] == schema::RenameCycle{"odd \"t\"", {{"first", "la\"st"}, {"la\"st", "first"}}});
    CHECK(cycles[1] == schema::RenameCycle{"", {{"a", "b"}, {"b", "a"}}});
}
