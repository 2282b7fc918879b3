// Runs one revision's upgrade or downgrade section, statement by statement, so that a
// failure names the file, line and statement it came from.
#pragma once

#include <string>
#include <vector>

#include "core/plan.hpp"
#include "core/sql_sink.hpp"

namespace dbm {

// InputError, before anything runs, when a section names one of dbm's own tables
// (`own_tables`: the version table, dbm_log), or when a transactional revision's section
// holds a statement that would end dbm's transaction on its own (BEGIN, COMMIT, ROLLBACK,
// VACUUM).
void check_section(const Dialect& dialect, const Revision& revision, Direction direction,
                   const std::vector<std::string>& own_tables);

// What the body runs in `direction`, as text for messages and searches: the SQL section,
// or a program's whole source.
std::string_view body_text(const Revision& revision, Direction direction);

// Runs the section into the sink. A failing statement becomes an Error at
// "file:line:col" quoting the statement.
void run_section(SqlSink& sink, const Dialect& dialect, const Revision& revision, Direction direction);

}  // namespace dbm
