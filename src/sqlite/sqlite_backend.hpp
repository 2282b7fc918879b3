// SQLite as a dbm backend (include/dbm/backend.hpp): its URLs, dialect, connections and
// scratch databases.
#pragma once

#include <filesystem>
#include <string_view>

#include "dbm/backend.hpp"

namespace dbm::sqlite {

const Backend& backend();

// Registers the SQLite backend (idempotent): main() and the test mains call it.
void register_sqlite();

// What the backend is made of, in its own files.
bool accepts_url(std::string_view text);                                           // sqlite_url.cpp
DatabaseUrl parse_url(std::string_view text, const std::filesystem::path& base_dir);  // sqlite_url.cpp
void interrupt_all() noexcept;                                                      // sqlite_connection.cpp

// Loads CREATE TABLE/INDEX/VIEW/TRIGGER/VIRTUAL TABLE statements into a scratch database
// and introspects it; an SQL error is an InputError at the statement's line. `-- @renamed
// from=old` on a column's line (or a table's statement) sets renamed_from.  (models_sql.cpp)
schema::Models parse_models_sql(std::string_view contents, const std::string& file);

}  // namespace dbm::sqlite
