// Operations -> SQL for SQLite (SPEC §7.4-7.5). ALTER TABLE ADD/RENAME/DROP COLUMN where
// SQLite allows it; everything else as one 12-step rebuild per table that keeps every row
// with its rowid, the indexes, the triggers, the views and sqlite_sequence. Pure: renders
// from the two schemas, never inspects a database.
#pragma once

#include <string>
#include <vector>

#include "dbm/schema.hpp"
#include "dbm/operations.hpp"

namespace dbm::schema {

// The SQL that turns `from` into `to` by `operations` (as compare(from, to) returns them).
// Destructive steps carry a "-- WARNING: ... (data loss)" comment.
std::string render_sqlite(const std::vector<Operation>& operations, const Schema& from, const Schema& to);

// A name as SQL: bare when it is a plain lower-case identifier and no keyword, quoted
// otherwise.
std::string sqlite_identifier(const std::string& name);

// A declared type as SQL that SQLite reads back as that same type: as is, or quoted.
std::string sqlite_type(const std::string& type);

// CREATE TABLE / CREATE INDEX statements for the model (exposed for tests).
std::string create_table_sql(const Table& table, const std::string& name);
std::string create_index_sql(const Index& index);

}  // namespace dbm::schema
