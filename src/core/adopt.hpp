// Adopting a database that already has a schema (SPEC §11): what `dbm init` reads from it,
// and the baseline revision that builds that schema from nothing.
#pragma once

#include <string>
#include <vector>

#include "core/revision.hpp"
#include "dbm/database.hpp"

namespace dbm {

inline constexpr const char* alembic_version_table = "alembic_version";

struct DatabaseToAdopt {
    Schema schema;                           // as models describe it; dbm's and Alembic's tables left out
    std::vector<std::string> alembic_heads;  // what alembic_version holds (a Flask-Migrate database)
    bool has_alembic_version = false;
    std::vector<std::string> dbm_heads;  // what dbm_version holds, when dbm managed it before
    bool has_dbm_version = false;
};

// Reads the schema (one read transaction) and the version tables of Alembic and dbm.
DatabaseToAdopt read_database_to_adopt(Connection& connection, const std::vector<std::string>& ignore_patterns);

// The baseline revision: its upgrade creates `schema` from nothing, its downgrade drops it.
NewRevision baseline_revision(const Schema& schema, const Dialect& dialect, std::string id);

}  // namespace dbm
