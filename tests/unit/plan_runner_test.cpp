// Unit tests for the one loop that runs a plan live or as a script (src/core/plan_runner.hpp):
// the order it calls its target in, what it records, and that a refused section stops it
// before anything runs.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "core/plan_runner.hpp"
#include "dbm/error.hpp"
#include "sqlite/sqlite_dialect.hpp"

using namespace dbm;

namespace {

Revision revision(const std::string& id, std::vector<std::string> parents, const std::string& upgrade,
                  bool transactional = true) {
    Revision made;
    made.id = id;
    made.down_revisions = std::move(parents);
    made.message = "step " + id;
    made.create_date = "2026-12-02 00:00:00.000000";
    made.path = "/project/migrations/versions/" + id + "_step.sql";
    made.checksum = std::string(64, 'a');
    made.transactional = transactional;
    made.body = SqlBody{{upgrade, 7}, {"SELECT 1;", 9}};
    return made;
}

// Records each call, and writes statements as a script would.
class RecordingTarget final : public PlanTarget {
public:
    explicit RecordingTarget(const Dialect& dialect) : sink_(script, dialect) {}

    SqlSink& sink() override { return sink_; }
    bool live() const override { return false; }
    void create_own_tables() override { calls.push_back("create_own_tables"); }
    void revision_starting(const Step& step, std::span<const std::string> heads) override {
        calls.push_back("starting " + step.revision->id + " from " + std::to_string(heads.size()) + " head(s)");
    }
    void section_starting(const Step& step) override { calls.push_back("section " + step.revision->id); }
    void leave_transaction(const Revision& left, std::span<const std::string>) override {
        calls.push_back("leave " + left.id);
    }
    void enter_transaction(const Revision& entered, std::span<const std::string> heads, std::size_t index) override {
        calls.push_back("enter " + entered.id + " at " + std::to_string(index) + " with " + heads.front());
    }
    void outside_failed(const Revision& failed) override { calls.push_back("failed " + failed.id); }
    void revision_done(const Step& step, std::size_t index) override {
        calls.push_back("done " + step.revision->id + " -> " + step.destination + " #" + std::to_string(index));
    }

    std::ostringstream script;
    std::vector<std::string> calls;

private:
    ScriptSink sink_;
};

}  // namespace

TEST_CASE("run_plan calls its target in order and leaves the transaction only around a no-transaction revision",
          "[plan_runner]") {
    const RevisionMap map({revision("r1", {}, "CREATE TABLE a (x);"), revision("r2", {"r1"}, "VACUUM;", false)});
    const Dialect& dialect = sqlite::dialect();
    const VersionStore store(dialect, "dbm_version");
    const RunContext context{map, dialect, store};
    const Plan plan = plan_upgrade(map, {}, std::vector<std::string>{"r2"});
    RecordingTarget target(dialect);
    const auto heads = run_plan(context, plan, {}, target);
    CHECK(heads == std::vector<std::string>{"r2"});
    CHECK(target.calls == std::vector<std::string>{
                              "create_own_tables",
                              "starting r1 from 0 head(s)",
                              "section r1",
                              "done r1 -> r1_step #0",
                              "starting r2 from 1 head(s)",
                              "leave r2",
                              "section r2",
                              "enter r2 at 1 with r1",
                              "done r2 -> r2_step #1",
                          });
    // Each revision's section, then its record: the version table and a dbm_log row.
    const std::string script = target.script.str();
    const auto created = script.find("CREATE TABLE a (x)");
    const auto vacuum = script.find("VACUUM");
    REQUIRE(created != std::string::npos);
    REQUIRE(vacuum != std::string::npos);
    CHECK(created < vacuum);
    CHECK(script.find("'r1'", created) < vacuum);
    CHECK(script.find("dbm_log\" (revision, checksum", created) < vacuum);
    CHECK(script.find("'r2'", vacuum) != std::string::npos);
}

TEST_CASE("a failing section outside the transaction is reported to the target, and nothing is recorded for it",
          "[plan_runner]") {
    const RevisionMap map({revision("r1", {}, "CREATE TABLE a (x);\nSELECT * FROM;", false)});
    const Dialect& dialect = sqlite::dialect();
    const VersionStore store(dialect, "dbm_version");

    // A script sink runs nothing: the failure comes from a sink that executes.
    class FailingSink final : public SqlSink {
    public:
        void run(std::string_view sql, const std::vector<SqlValue>&) override {
            if (sql.find("FROM;") != std::string_view::npos) throw Error("near \";\": syntax error");
            ran.emplace_back(sql);
        }
        void comment(std::string_view) override {}
        std::vector<std::string> ran;
    };
    class Target final : public PlanTarget {
    public:
        SqlSink& sink() override { return sink_; }
        bool live() const override { return true; }
        void create_own_tables() override {}
        void leave_transaction(const Revision&, std::span<const std::string>) override { calls.push_back("leave"); }
        void enter_transaction(const Revision&, std::span<const std::string>, std::size_t) override {
            calls.push_back("enter");
        }
        void outside_failed(const Revision& failed) override { calls.push_back("failed " + failed.id); }
        FailingSink sink_;
        std::vector<std::string> calls;
    } target;
    const Plan plan = plan_upgrade(map, {}, std::vector<std::string>{"r1"});
    CHECK_THROWS_AS(run_plan({map, dialect, store}, plan, {}, target), Error);
    CHECK(target.calls == std::vector<std::string>{"leave", "failed r1"});
    REQUIRE(target.sink_.ran.size() == 1);
    CHECK(target.sink_.ran[0].find("CREATE TABLE a") != std::string::npos);
}

TEST_CASE("check_plan refuses a transactional section that would end dbm's transaction, before anything runs",
          "[plan_runner]") {
    const RevisionMap map({revision("r1", {}, "CREATE TABLE a (x);\nCOMMIT;")});
    const Dialect& dialect = sqlite::dialect();
    const VersionStore store(dialect, "dbm_version");
    CHECK_THROWS_AS(check_plan({map, dialect, store}, plan_upgrade(map, {}, std::vector<std::string>{"r1"})), InputError);
}

TEST_CASE("log_stamped records a stamp row for each revision a stamp makes applied, and says which", "[plan_runner]") {
    const RevisionMap map({revision("r1", {}, "SELECT 1;"), revision("r2", {"r1"}, "SELECT 1;"),
                           revision("r3", {"r2"}, "SELECT 1;")});
    const Dialect& dialect = sqlite::dialect();
    const VersionStore store(dialect, "dbm_version");
    std::ostringstream script;
    ScriptSink sink(script, dialect);
    const std::vector<std::string> before{"r1"}, after{"r3"};
    const RevisionSet added = log_stamped({map, dialect, store}, sink, before, after, false);
    CHECK(added == RevisionSet{"r2", "r3"});
    const std::string text = script.str();
    CHECK(text.find("'r1'") == std::string::npos);
    CHECK(text.find("'r2'") < text.find("'r3'"));
    CHECK(text.find("'stamp'") != std::string::npos);
}
