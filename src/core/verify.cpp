#include "core/verify.hpp"

#include <fmt/format.h>

#include "core/autogenerate.hpp"
#include "core/migrator.hpp"
#include "dbm/backend.hpp"
#include "dbm/error.hpp"
#include "schema/compare.hpp"

namespace dbm {

namespace {

class Stairway {
public:
    Stairway(const Config& config, const RevisionMap& map, VerifyReport& report)
        : replay_(scratch_config(config)),
          connection_(open_scratch(config.database.scheme)),
          migrator_(replay_, map, *connection_),
          introspect_(introspect_options(config)),
          rules_(connection_->dialect().schema_rules()),
          report_(report) {}

    // Every revision up, down and up again, parents first; the schema at the end (every
    // head applied), or none when a step failed.
    std::optional<Schema> climb(const RevisionMap& map) {
        Schema before = schema();
        for (const Revision* revision : map.ordered()) {
            if (!step(*revision, Direction::upgrade, "upgrade")) return std::nullopt;
            const Schema after = schema();
            if (!step(*revision, Direction::downgrade, "downgrade")) return std::nullopt;
            differences(*revision, before, schema(), "downgrade", "its downgrade does not restore the schema its upgrade started from");
            if (!step(*revision, Direction::upgrade, "upgrade after its downgrade")) return std::nullopt;
            Schema again = schema();
            differences(*revision, after, again, "upgrade", "its upgrade after its downgrade builds another schema");
            ++report_.revisions_checked;
            before = std::move(again);
        }
        return before;
    }

private:
    static Config scratch_config(Config config) {
        config.database = scratch_database(config.database.scheme);
        return config;
    }

    Schema schema() const { return connection_->introspect(introspect_); }

    bool step(const Revision& revision, Direction direction, const char* what) {
        try {
            migrator_.step(revision, direction);
            return true;
        } catch (const Interrupted&) {
            throw;
        } catch (const Error& error) {
            report_.findings.push_back({"failed", revision.id,
                                        fmt::format("{}: its {} failed (the revisions after it were not checked): {}",
                                                    revision.name(), what, error.located())});
            return false;
        }
    }

    // One finding per difference from `expected` to `got`, said as what `got` has: "table
    // 't' is left", "index 'ix' is missing", "column 'user.age' differs: type A -> B".
    void differences(const Revision& revision, const Schema& expected, const Schema& got, const char* kind,
                     const char* what) {
        for (const auto& operation : schema::compare(expected, got, rules_)) {
            const std::string said = schema::describe(operation);
            std::string difference = said + " (expected -> got)";
            if (said.starts_with("added ")) difference = said.substr(6) + " is there, and should not be";
            if (said.starts_with("removed ")) difference = said.substr(8) + " is missing";
            if (said.starts_with("changed ")) difference = said.substr(8) + " (expected -> got)";
            report_.findings.push_back({kind, revision.id, fmt::format("{}: {}: {}", revision.name(), what, difference)});
        }
    }

    Config replay_;
    std::unique_ptr<Connection> connection_;
    Migrator migrator_;
    IntrospectOptions introspect_;
    const SchemaRules& rules_;
    VerifyReport& report_;
};

}  // namespace

VerifyReport verify_revisions(const Config& config, const RevisionMap& map, const std::optional<Schema>& models) {
    VerifyReport report;
    if (map.heads().size() > 1)
        report.findings.push_back({"heads", "",
                                   fmt::format("the revisions have {} heads ({}); merge them with 'dbm merge -m MSG heads'",
                                               map.heads().size(), names_of(map, map.heads()))});
    const std::optional<Schema> head = Stairway(config, map, report).climb(map);
    if (!head || !models) return report;
    DatabaseCheck check;
    check.at_head = true;
    check.applied = *head;
    check_models(config, map, *models, check);
    for (auto& finding : check.findings) report.findings.push_back({"models", "", std::move(finding.message)});
    report.models_compared = true;
    return report;
}

}  // namespace dbm
