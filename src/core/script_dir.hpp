// The migrations directory on disk: reading every revision file, writing new ones.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/revision.hpp"

namespace dbm {

// The kinds of revision file, by extension, each with its reader. A revision in another
// language (a program) adds its extension and reader in script_dir.cpp.
struct RevisionFileKind {
    std::string_view extension;
    bool program;  // its body is a ProgramBody
    Revision (*parse)(const std::filesystem::path& path, std::string_view contents);
};
// The kind of a file in versions/ by its name; none for hidden files and other names.
const RevisionFileKind* revision_file_kind(std::string_view file_name);

// Every revision file in versions/ (*.sql, *.cpp; hidden files skipped), parsed by the
// reader of its kind, in file-name order. InputError when the directory is missing or a
// file is malformed.
std::vector<Revision> load_revisions(const std::filesystem::path& versions_dir);
// The error load_revisions throws when versions/ cannot be listed.
[[noreturn]] void fail_to_list(const std::filesystem::path& versions_dir, const std::string& reason);

// Renders a new revision file from migrations/script.sql.tmpl (or the built-in template
// when the project has none), checks that it parses back, and writes
// versions/<rev>_<slug>.sql. Returns its path.
std::filesystem::path write_revision(const Config& config, const NewRevision& revision);

}  // namespace dbm
