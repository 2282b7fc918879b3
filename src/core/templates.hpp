// Files written by `dbm init` and `dbm revision`, embedded at build time from templates/
// so that the binary works alone, copied anywhere.
#pragma once

#include <string_view>

namespace dbm::templates {

extern const std::string_view script_sql;   // templates/script.sql.tmpl
extern const std::string_view script_cpp;   // templates/script.cpp.tmpl
// The API of a C++ revision, written beside the revisions dbm compiles.
extern const std::string_view revision_hpp;           // include/dbm/revision.hpp
extern const std::string_view revision_protocol_hpp;  // include/dbm/revision_protocol.hpp
extern const std::string_view value_hpp;              // include/dbm/value.hpp
extern const std::string_view dbm_yaml;     // templates/dbm.yaml
extern const std::string_view readme;       // templates/README
extern const std::string_view models_yaml;  // templates/models.yaml

}  // namespace dbm::templates
