// `dbm lint` (SPEC §6): the revisions an upgrade would run, judged before they run. Each
// revision is run on a scratch copy of the schema to learn what it changes (so SQL and C++
// revisions are judged alike, by their effect), and the live database's rows say what that
// costs: drops of tables or columns holding data, changes that fail on the rows there
// (NOT NULL over NULLs, UNIQUE over duplicates), rebuilds of big tables.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/revision_map.hpp"
#include "dbm/database.hpp"

namespace dbm {

enum class LintSeverity { warning, error };

struct LintFinding {
    std::string rule;       // drop-table, drop-column, type-change, not-null, add-not-null, unique, rebuild, fails
    LintSeverity severity;  // error: loses data or fails; warning: costs (a rebuild), or may lose data
    bool loses_data = false;
    const Revision* revision = nullptr;
    std::string message;    // "aaaa_x: drops table 'user' and its 1,204 rows"
};

struct LintReport {
    std::vector<LintFinding> findings;
    std::vector<const Revision*> linted;  // in the order they would run
    bool rows_counted = false;            // a live database was read
};

// Lints the upgrade from `from` (the database's heads) to `target`. `live`: the database
// whose rows are counted (its state must be `from`), or none. A rule named on a
// "-- dbm:lint ignore RULE" line (// in C++) of a revision is not reported for it.
LintReport lint_upgrade(const Config& config, const RevisionMap& map, std::span<const std::string> from,
                        std::span<const std::string> target, Connection* live);

// Whether a revision's upgrade can drop anything at all (an SQL section that says DROP, any
// C++ revision): `upgrade` lints only such revisions before deciding on a backup.
bool may_drop(const Revision& revision);

// "error" / "warning".
const char* to_string(LintSeverity severity);

}  // namespace dbm
