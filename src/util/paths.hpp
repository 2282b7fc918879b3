// How paths are shown to users and written safely.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace dbm::paths {

// A path as messages show it: relative to the working directory when it lies below it
// (so "migrations/versions/x.sql"), absolute otherwise.
std::string display(const std::filesystem::path& path);

// The whole file, or InputError naming it.
std::string read_file(const std::filesystem::path& path);

// Writes the whole file through a temporary name and a rename, so that readers never see
// half a file and a failure leaves nothing behind. Refuses to replace an existing file.
void write_new_file(const std::filesystem::path& path, std::string_view contents);

}  // namespace dbm::paths
