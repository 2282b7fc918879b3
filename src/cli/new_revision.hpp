// What `revision`, `merge` and `migrate` share: writing the new revision file.
#pragma once

#include "cli/commands.hpp"
#include "core/revision.hpp"

namespace dbm::cli {

// Writes it and prints "  Generating <path>...  done".
void write_new_revision(const Project& project, const NewRevision& revision, Output& out);

}  // namespace dbm::cli
