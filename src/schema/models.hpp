// The models: the schema a project wants, from models.yaml (SPEC §4) or from a .sql file
// of CREATE statements. Bad models are InputErrors at "models.yaml:line:col".
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "dbm/schema.hpp"
#include "dbm/schema_rules.hpp"

namespace dbm::yaml {
class ParseCache;
}

namespace dbm::schema {

// The models read, and what was in the file that dbm leaves alone, each as
// "file:line:col: warning: ..." (nothing in a models file is ignored silently).
struct Models {
    Schema schema;
    std::vector<std::string> warnings;
};

// Reads models.yaml, or a .sql file (read by the backend of `scheme`: SQLite loads it into
// a scratch database and introspects it). A YAML file's parse is kept in, and taken from,
// `parse_cache_dir` when one is given (yaml_cache.hpp).
Models load_models(const std::filesystem::path& path, std::string_view scheme,
                   const std::filesystem::path& parse_cache_dir = {});

// Parses YAML models text into declarations of the engine `rules` are for (its types, its
// table options); `file` names it in errors. `cache`, if any, keeps the text's parse.
Schema parse_models_yaml(std::string_view contents, const std::string& file, const SchemaRules& rules,
                         yaml::ParseCache* cache = nullptr);

// models.yaml text describing `schema`: parse_models_yaml reads it back as a schema equal
// to it (compare() finds nothing). For `dbm inspect` and adoption (SPEC §11).
std::string write_models_yaml(const Schema& schema, const SchemaRules& rules);

}  // namespace dbm::schema
