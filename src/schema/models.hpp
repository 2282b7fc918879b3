// The models: the schema a project wants, from models.yaml (SPEC §4) or from a .sql file
// of CREATE statements. Bad models are InputErrors at "models.yaml:line:col".
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "dbm/schema.hpp"
#include "dbm/schema_rules.hpp"

namespace dbm::schema {

// The models read, and what was in the file that dbm leaves alone, each as
// "file:line:col: warning: ..." (nothing in a models file is ignored silently).
struct Models {
    Schema schema;
    std::vector<std::string> warnings;
};

// Reads models.yaml, or a .sql file (read by the backend of `scheme`: SQLite loads it into
// a scratch database and introspects it).
Models load_models(const std::filesystem::path& path, std::string_view scheme);

// Parses YAML models text into declarations of the engine `rules` are for (its types, its
// table options); `file` names it in errors.
Schema parse_models_yaml(std::string_view contents, const std::string& file, const SchemaRules& rules);

// models.yaml text describing `schema`: parse_models_yaml reads it back as a schema equal
// to it (compare() finds nothing). For `dbm inspect` and adoption (SPEC §11).
std::string write_models_yaml(const Schema& schema, const SchemaRules& rules);

}  // namespace dbm::schema
