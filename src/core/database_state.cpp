#include "core/database_state.hpp"

#include <map>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "util/paths.hpp"

namespace dbm {

std::string ChangedRevision::what_changed() const {
    const auto now = body_checksums(*revision);
    if (!recorded.upgrade || !recorded.downgrade || !now) return "";
    const bool upgrade = *recorded.upgrade != now->upgrade;
    const bool downgrade = *recorded.downgrade != now->downgrade;
    if (upgrade && downgrade) return "both its upgrade and its downgrade section";
    if (upgrade) return "its upgrade section";
    if (downgrade) return "only its downgrade section; its upgrade section is as applied";
    return "only lines outside its sections; both sections are as applied";
}

std::vector<std::string> current_heads(const Config& config, const RevisionMap& map, Connection& connection) {
    const VersionStore store(connection.dialect(), config.version_table);
    std::vector<std::string> heads = store.read_heads(connection);
    for (const auto& id : heads) {
        if (map.find(id)) continue;
        throw Error(fmt::format("the database is at revision '{}', which no file in {} defines; restore that file, "
                                "or re-stamp with 'dbm stamp --purge REV'",
                                id, paths::display(config.versions_dir())));
    }
    return heads;
}

std::vector<ChangedRevision> changed_revisions(const Config& config, const RevisionMap& map, Connection& connection,
                                               std::span<const std::string> heads) {
    map.require_bodies("changed_revisions");
    const VersionStore store(connection.dialect(), config.version_table);
    std::vector<ChangedRevision> changed;
    const auto recorded = store.recorded_checksums(connection);
    for (const Revision* revision : map.in_order(map.ancestors(heads))) {
        const auto it = recorded.find(revision->id);
        if (it != recorded.end() && it->second.file != revision->checksum) changed.push_back({revision, it->second});
    }
    return changed;
}

std::vector<RevisionStatus> revision_statuses(const Config& config, const RevisionMap& map, Connection& connection,
                                              std::vector<std::string>& heads) {
    map.require_bodies("revision_statuses");
    const VersionStore store(connection.dialect(), config.version_table);
    std::map<std::string, RecordedChecksum> recorded;
    {
        const ReadSnapshot snapshot(connection);
        heads = current_heads(config, map, connection);
        recorded = store.recorded_checksums(connection);
    }
    const RevisionSet applied = map.ancestors(heads);
    std::vector<RevisionStatus> statuses;
    for (const Revision* revision : map.ordered()) {
        RevisionStatus status{revision, applied.count(revision->id) > 0, std::nullopt};
        if (const auto it = recorded.find(revision->id); status.applied && it != recorded.end()) status.recorded = it->second;
        statuses.push_back(std::move(status));
    }
    return statuses;
}

}  // namespace dbm
