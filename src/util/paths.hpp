// How paths are shown to users and written safely.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace dbm::paths {

// A path as messages show it: relative to the working directory when it lies below it
// (so "migrations/versions/x.sql"), absolute otherwise.
std::string display(const std::filesystem::path& path);

// The largest file dbm reads (models, revisions, dbm.yaml): 1 GiB.
inline constexpr long long max_input_bytes = 1LL << 30;

// The contents of a regular file; InputError naming it for anything else (a directory, a
// FIFO, a device such as /dev/zero), for a file over max_input_bytes, or when it cannot
// be read.
std::string read_file(const std::filesystem::path& path);

// Writes the whole file through a temporary name and a rename, so that readers never see
// half a file and a failure leaves nothing behind. Refuses to replace an existing file.
void write_new_file(const std::filesystem::path& path, std::string_view contents);

// Writes `contents` to `path` through a temporary name and a rename (replacing what is
// there), unless the file already holds them: another dbm may be writing the same bytes
// now, and readers see the old file or the new one. Error naming the file on failure.
void put_file(const std::filesystem::path& path, std::string_view contents);

// "<pid>-<random hex>": a temporary name no other process picks.
std::string unique_suffix();

}  // namespace dbm::paths
