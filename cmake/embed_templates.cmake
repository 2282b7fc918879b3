# Writes a C++ source holding each template file as a string, so that the dbm binary
# needs no file beside it. Run by CMake at build time:
#   cmake -DOUTPUT=<file.cpp> -DTEMPLATE_DIR=<dir> -P embed_templates.cmake
set(entries
    "script_sql|script.sql.tmpl"
    "dbm_yaml|dbm.yaml"
    "readme|README"
    "models_yaml|models.yaml")
set(source "// Generated from templates/ by cmake/embed_templates.cmake. Do not edit.\n")
string(APPEND source "#include \"core/templates.hpp\"\n\nnamespace dbm::templates {\n\n")
foreach(entry IN LISTS entries)
    string(REPLACE "|" ";" parts "${entry}")
    list(GET parts 0 symbol)
    list(GET parts 1 file)
    file(READ "${TEMPLATE_DIR}/${file}" contents)
    string(FIND "${contents}" ")dbm_template\"" clash)
    if(NOT clash EQUAL -1)
        message(FATAL_ERROR "templates/${file} contains the raw-string delimiter )dbm_template\"")
    endif()
    string(APPEND source "const std::string_view ${symbol} = R\"dbm_template(${contents})dbm_template\";\n\n")
endforeach()
string(APPEND source "}  // namespace dbm::templates\n")
file(WRITE "${OUTPUT}.new" "${source}")
file(COPY_FILE "${OUTPUT}.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.new")
