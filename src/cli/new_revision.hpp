// What `revision`, `migrate` and `revision --autogenerate` share: choosing the new
// revision's parents and id, and writing it.
#pragma once

#include "cli/commands.hpp"
#include "core/revision.hpp"

namespace dbm::cli {

// A new revision following --head (default: the single head), with its id, message and
// date; the SQL sections are left for the caller.
NewRevision new_revision(const Project& project, const RevisionOptions& options);

// Writes it and prints "  Generating <path>...  done".
void write_new_revision(const Project& project, const NewRevision& revision, Output& out);

}  // namespace dbm::cli
