# Writes a C++ source holding each template file as a string, so that the dbm binary
# needs no file beside it. Run by CMake at build time:
#   cmake -DOUTPUT=<file.cpp> -DSOURCE_DIR=<dir> -P embed_templates.cmake
# The headers of a C++ revision's API are embedded too: dbm writes them beside the
# revisions it compiles.
set(entries
    "script_sql|templates/script.sql.tmpl"
    "script_cpp|templates/script.cpp.tmpl"
    "dbm_yaml|templates/dbm.yaml"
    "readme|templates/README"
    "models_yaml|templates/models.yaml"
    "revision_hpp|include/dbm/revision.hpp"
    "revision_protocol_hpp|include/dbm/revision_protocol.hpp"
    "value_hpp|include/dbm/value.hpp")
set(source "// Generated from templates/ by cmake/embed_templates.cmake. Do not edit.\n")
string(APPEND source "#include \"core/templates.hpp\"\n\nnamespace dbm::templates {\n\n")
foreach(entry IN LISTS entries)
    string(REPLACE "|" ";" parts "${entry}")
    list(GET parts 0 symbol)
    list(GET parts 1 file)
    file(READ "${SOURCE_DIR}/${file}" contents)
    string(FIND "${contents}" ")dbm_template\"" clash)
    if(NOT clash EQUAL -1)
        message(FATAL_ERROR "${file} contains the raw-string delimiter )dbm_template\"")
    endif()
    string(APPEND source "const std::string_view ${symbol} = R\"dbm_template(${contents})dbm_template\";\n\n")
endforeach()
string(APPEND source "}  // namespace dbm::templates\n")
file(WRITE "${OUTPUT}.new" "${source}")
file(COPY_FILE "${OUTPUT}.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.new")
