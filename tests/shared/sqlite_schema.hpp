// The schema layer's calls with SQLite's rules (src/sqlite/sqlite_rules), for the tests of
// models, comparison and renames over SQLite.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "schema/compare.hpp"
#include "schema/models.hpp"
#include "schema/rename_plan.hpp"
#include "sqlite/sqlite_rules.hpp"

namespace sqlite_schema {

using dbm::sqlite::normalize_sql;
using dbm::sqlite::normalize_type;
using dbm::sqlite::rowid_alias;
using dbm::sqlite::same_name;
using dbm::sqlite::sql_type_for;
using dbm::sqlite::type_affinity;

inline const dbm::SchemaRules& rules() { return dbm::sqlite::rules(); }

inline std::vector<dbm::schema::Operation> compare(const dbm::Schema& current, const dbm::Schema& wanted,
                                                   const std::vector<dbm::schema::RenameCycle>& spent = {}) {
    return dbm::schema::compare(current, wanted, rules(), spent);
}

inline dbm::Schema with_unmanaged(dbm::Schema models, const dbm::Schema& current,
                                  const std::vector<dbm::schema::RenameCycle>& spent = {}) {
    return dbm::schema::with_unmanaged(std::move(models), current, rules(), spent);
}

inline std::vector<dbm::schema::PossibleRename> possible_renames(const std::vector<dbm::schema::Operation>& operations) {
    return dbm::schema::possible_renames(operations, rules());
}

inline bool loses_data(const dbm::schema::Operation& operation) { return dbm::schema::loses_data(operation, rules()); }

inline dbm::Schema parse_models_yaml(std::string_view contents, const std::string& file) {
    return dbm::schema::parse_models_yaml(contents, file, rules());
}

inline std::string write_models_yaml(const dbm::Schema& schema) { return dbm::schema::write_models_yaml(schema, rules()); }

inline bool same_column(const dbm::Column& a, const dbm::Column& b, bool is_rowid_alias) {
    return dbm::schema::same_column(a, b, is_rowid_alias, rules());
}

inline bool same_index(const dbm::Index& a, const dbm::Index& b) { return dbm::schema::same_index(a, b, rules()); }

inline std::vector<std::size_t> table_rename_sources(const dbm::Schema& current, const dbm::Schema& wanted,
                                                     const std::vector<dbm::schema::RenameCycle>& spent) {
    return dbm::schema::table_rename_sources(current, wanted, rules(), spent);
}

inline std::vector<std::size_t> column_rename_sources(const dbm::Table& current, const dbm::Table& wanted,
                                                      const std::vector<dbm::schema::RenameCycle>& spent) {
    return dbm::schema::column_rename_sources(current, wanted, rules(), spent);
}

inline void refuse_shared_rename_sources(const dbm::Schema& models, const std::string& file) {
    dbm::schema::refuse_shared_rename_sources(models, file, rules());
}

inline std::vector<dbm::schema::RenameCycle> rename_cycles_in(std::string_view sql) {
    return dbm::schema::rename_cycles_in(sql, rules());
}

using Renames = std::vector<std::pair<std::string, std::string>>;
inline Renames rename_steps(Renames renames, const std::vector<std::string>& taken, std::vector<Renames>* cycles) {
    return dbm::schema::rename_steps(std::move(renames), taken, rules(), cycles);
}

}  // namespace sqlite_schema
