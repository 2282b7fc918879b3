// A generated revision is proven before it is written (issue #8, SPEC §8): its upgrade and
// then its downgrade run on a scratch copy of the schema it was generated against, with a
// row in each table where one can be made, so that a revision that could never apply (a
// foreign key to a column that is not unique, a downgrade that fails on any row) is refused
// with the reason instead of being found at `dbm upgrade`.
#pragma once

#include <string>

#include "dbm/database.hpp"

namespace dbm {

// Throws Error naming the direction, the statement and the engine's reason when either
// direction fails on a copy of `source`'s schema (whose application part is `current`).
void prove_revision(Connection& source, const Schema& current, const std::string& upgrade_sql,
                    const std::string& downgrade_sql);

}  // namespace dbm
