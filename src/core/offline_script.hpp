// `upgrade --sql`, `downgrade --sql`, `stamp --sql`: the script a live run would execute,
// written out for the sqlite3 shell, touching no database. As in Alembic's offline mode the
// starting point cannot be read from a database, so it is given as "FROM:TO" (FROM
// defaults to base for upgrade and stamp; downgrade needs both).
#pragma once

#include <ostream>
#include <string_view>

#include "core/config.hpp"
#include "core/revision_map.hpp"
#include "core/version_store.hpp"

namespace dbm {

struct OfflineContext {
    const RevisionMap& map;
    const Dialect& dialect;
    const VersionStore& store;
    std::string database_name;  // for the script's header comment
    // The project, for C++ revisions: compiled from its migrations directory, and run on a
    // scratch copy that follows the script (the history replayed up to FROM). Without it
    // a plan with a C++ revision is refused.
    const Config* config = nullptr;
};

void write_upgrade_script(std::ostream& out, const OfflineContext& context, std::string_view range);
void write_downgrade_script(std::ostream& out, const OfflineContext& context, std::string_view range);
void write_stamp_script(std::ostream& out, const OfflineContext& context, std::string_view range, bool purge);

}  // namespace dbm
