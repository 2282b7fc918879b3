// The schema the revisions build, replayed into a scratch database (check, the comparison
// of models and database with head) and cached in <migrations>/.dbm-cache/replay, so that
// a `check` on a chain whose files did not change since the last one on this machine does
// not replay every revision again.
//
// The cache is keyed by everything the replay reads: dbm's version and the cache format,
// the engine and its version, the version table's name and ignore_tables, the heads, and
// for every revision they stand on, in order, its id and the SHA-256 of its file (the
// checksums check computes anyway). Any change to any file is a new key: a stale entry
// cannot be found. An entry holds the replayed database's schema statements; a hit runs
// them into a fresh scratch database (sandboxed as the replay is) and introspects that, so
// the result is read exactly as a replay's. A chain holding a C++ revision is never cached
// (a program's work is not a function of its file alone).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/revision_map.hpp"
#include "dbm/schema.hpp"

namespace dbm {

// Bumped whenever what an entry holds, or how it is read back, changes.
inline constexpr int replay_cache_format = 1;

// The schema replaying the revisions up to `heads` into an empty scratch database builds.
// Error when they do not replay (never cached).
Schema schema_from_history(const Config& config, const RevisionMap& map, const std::vector<std::string>& heads);

// The cache key of that replay; none when it may not be cached. For tests.
std::optional<std::string> replay_cache_key(const Config& config, const RevisionMap& map,
                                            const std::vector<std::string>& heads);

}  // namespace dbm
