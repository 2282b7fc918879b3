// A C++ revision's schema operations (op.add_column, op.rename_table, ...): applied to the
// live schema's model and rendered by the dialect as autogenerate renders a difference, so
// that on SQLite a change ALTER TABLE cannot make is the rebuild that keeps every row.
#pragma once

#include <string>

#include "dbm/database.hpp"
#include "dbm/revision_protocol.hpp"

namespace dbm {

// The SQL that makes the change a protocol::schema_change request holds (`in` is at its
// kind byte) to `current`. Error for a change that names what is not there, or adds what
// is.
std::string render_schema_change(protocol::Reader& in, const Schema& current, const Dialect& dialect);

}  // namespace dbm
