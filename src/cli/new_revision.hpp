// What `revision`, `merge` and `migrate` share: writing the new revision file.
#pragma once

#include "cli/commands.hpp"
#include "core/revision.hpp"

namespace dbm::cli {

class Json;

// A difference autogenerate found, as migrate reports it ("Detected ...").
struct DetectedChange {
    std::string description;  // "added column 'user.email'"
    bool data_loss = false;
};

// Writes it and prints "  Generating <path>...  done"; with -q just the path, with --json
// the revision, its path and `changes` (docs/json.md).
void write_new_revision(const Project& project, const NewRevision& revision, Output& out,
                        const std::vector<DetectedChange>& changes = {});

// --json: the changes as an array under "changes" of an open object.
void json_changes(Json& json, const std::vector<DetectedChange>& changes);

}  // namespace dbm::cli
