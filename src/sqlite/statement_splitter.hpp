// Where SQLite ends a statement in a script, in one pass: the state machine of
// sqlite3_complete() (SQLite's complete.c) run over the whole script once, rather than
// sqlite3_complete() asked again at every ";" about all the text since the statement began,
// which is quadratic in a statement holding many semicolons in its strings.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace dbm::sqlite {

// The offset just past each ";" that completes a statement, as sqlite3_complete() would
// say of the text from the end of the previous one. Semicolons in strings, quoted names,
// comments and CREATE TRIGGER bodies end nothing.
std::vector<std::size_t> statement_ends(std::string_view script);

}  // namespace dbm::sqlite
