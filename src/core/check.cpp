#include "core/check.hpp"

#include <optional>

#include <fmt/format.h>

#include "core/autogenerate.hpp"
#include "core/migrator.hpp"
#include "core/plan.hpp"
#include "dbm/error.hpp"
#include "schema/compare.hpp"
#include "util/paths.hpp"

namespace dbm {

std::vector<Finding> check_database(const Config& config, const RevisionMap& map, Connection& live,
                                    const std::function<const Schema*()>& models) {
    std::vector<Finding> findings;
    // Every read of the live database from one state of it (SPEC §12): a migration running
    // meanwhile must not show as drift. Read first, so the lock is not held for the replay.
    std::vector<std::string> current;
    std::vector<ChangedRevision> changed_files;
    Schema live_schema;
    {
        const ReadSnapshot snapshot(live);
        MigrationObserver silent;
        Migrator migrator(config, map, live, silent);
        current = migrator.current_heads();
        changed_files = migrator.changed_revisions(current);
        live_schema = live.introspect(introspect_options(config));
    }

    for (const ChangedRevision& changed : changed_files) {
        const std::string what = changed.what_changed();
        findings.push_back({"changed_file", fmt::format("{} changed after it was applied ({}SHA-256 {} in dbm_log, {} now)",
                                                        paths::display(changed.revision->path),
                                                        what.empty() ? "" : what + "; ", changed.recorded.file.substr(0, 12),
                                                        changed.revision->checksum.substr(0, 12))});
    }

    const bool at_head = map.are_heads(current);
    if (!at_head)
        findings.push_back({"behind_head", fmt::format("the database is at {}; the head is {}", names_of(map, current),
                                                       names_of(map, map.heads()))});

    // Revisions that only work on a database changed by hand do not replay on an empty one:
    // that is a finding too, and nothing can be compared with them.
    const auto replay = [&](const std::vector<std::string>& heads) -> std::optional<Schema> {
        try {
            return schema_from_history(config, map, heads);
        } catch (const Error& error) {
            std::string message = error.what();
            const SourceLocation& where = error.where();
            if (!where.file.empty()) message = fmt::format("{}:{}: {}", where.file, where.line, message);
            findings.push_back({"history", "the revisions do not replay on an empty database: " + message});
            return std::nullopt;
        }
    };
    const std::optional<Schema> applied = replay(current);
    if (!applied) return findings;
    for (const auto& operation : schema::compare(*applied, live_schema))
        findings.push_back({"drift", fmt::format("schema drift: {} (in the database, not in its revisions)",
                                                 schema::describe(operation))});

    if (const Schema* wanted = models()) {
        const std::optional<Schema> head = at_head ? applied : replay(map.heads());
        if (!head) return findings;
        const auto spent = spent_rename_cycles(map, *wanted);
        for (const auto& operation : schema::compare(*head, schema::with_unmanaged(*wanted, *head, spent), spent))
            findings.push_back({"models", fmt::format("models differ from head: {} (run 'dbm migrate')",
                                                      schema::describe(operation))});
    }
    return findings;
}

}  // namespace dbm
