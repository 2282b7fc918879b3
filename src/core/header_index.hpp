// The revision headers of versions/, kept in an index under the migrations directory
// (<migrations>/.dbm-cache/headers), so that commands that read only the graph (current,
// heads, history, branches, show) do not read, parse and hash every file at every run.
//
// The index is never trusted blindly: every run lists versions/ and stats each file, and
// a file whose size, modification time, change time or inode differs from the index's
// record, or that the index does not know, is read and parsed whole (a malformed file is
// the same InputError it always is); removed files drop out. A file whose times were
// within two seconds of the moment the index was written, or in the future (clock skew),
// is recorded as unsettled and read again every time, until a later run finds it settled:
// an edit made in the same clock tick as the index cannot hide behind an equal timestamp.
#pragma once

#include <filesystem>
#include <vector>

#include "core/revision.hpp"

namespace dbm {

// Bumped whenever what the index records, or how a revision file's header is read,
// changes: an index of another format (or of another dbm version) is rebuilt.
inline constexpr int header_index_format = 1;

// Every revision file in versions_dir, as load_revisions reads them but with headers only
// (Revision::headers_only: no body, no checksum), in file-name order. Reads and rewrites
// index_path; an index that cannot be read or written is only a slower run.
std::vector<Revision> load_revision_headers(const std::filesystem::path& versions_dir,
                                            const std::filesystem::path& index_path);

}  // namespace dbm
