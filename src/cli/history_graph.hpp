// `dbm history --graph`: the revisions newest first, with their branches and merges drawn
// in text as `git log --graph` draws commits: one lane per line of descent, '*' for the
// revision, '|\' where a merge's parents part, '|/' where branches meet at their parent.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/revision_map.hpp"

namespace dbm::cli {

// One line per revision (its lanes, then `label(revision)`), and the connecting lines
// between. `newest_first`: children before parents, as history lists them.
std::vector<std::string> history_graph(const std::vector<const Revision*>& newest_first,
                                       const std::function<std::string(const Revision&)>& label);

}  // namespace dbm::cli
