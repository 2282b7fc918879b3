// The migrations directory on disk: reading every revision file, writing new ones.
#pragma once

#include <filesystem>
#include <vector>

#include "core/config.hpp"
#include "core/revision.hpp"

namespace dbm {

// Every revision file in versions/ (*.sql; hidden files skipped), parsed by the reader of
// its kind, in file-name order. InputError when the
// directory is missing or a file is malformed.
std::vector<Revision> load_revisions(const std::filesystem::path& versions_dir);

// Renders a new revision file from migrations/script.sql.tmpl (or the built-in template
// when the project has none), checks that it parses back, and writes
// versions/<rev>_<slug>.sql. Returns its path.
std::filesystem::path write_revision(const Config& config, const NewRevision& revision);

}  // namespace dbm
