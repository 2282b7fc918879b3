// Runs a compiled C++ revision (docs/cpp-revisions.md) as a child process and serves what
// it asks for (dbm/revision_protocol.hpp) on the migration's connection, inside dbm's
// transaction. The revision cannot crash dbm: a throw, a non-zero exit or a signal is an
// Error naming the revision and the cause, and the caller rolls back.
#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

#include "core/plan.hpp"
#include "core/sql_sink.hpp"
#include "dbm/database.hpp"

namespace dbm {

// Runs `executable` (the compiled `revision`) in `direction` on `connection`; schema
// operations see the schema as `introspect` reads it; `log` gets each line the revision
// logs. Error when it fails; Interrupted when dbm is.
// With `record` (an --sql script, `connection` its mirror), every statement is also
// written into it, parameters as literals, and a query is refused: its rows would be the
// mirror's, not the database's.
void run_program(const std::filesystem::path& executable, const Revision& revision, Direction direction,
                 Connection& connection, const IntrospectOptions& introspect,
                 const std::function<void(std::string_view)>& log, SqlSink* record = nullptr);

}  // namespace dbm
