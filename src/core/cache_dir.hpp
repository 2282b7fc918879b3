// <migrations>/.dbm-cache: what dbm keeps on this machine to go faster (compiled C++
// revisions, the revision header index, replayed schemas). Everything in it can be
// deleted at any time; it is git-ignored by the .gitignore written in it.
#pragma once

#include <filesystem>

namespace dbm {

// Creates `cache_dir` (and its .gitignore) when missing. False when it cannot be: a cache
// that cannot be written is only a slower run.
bool prepare_cache_dir(const std::filesystem::path& cache_dir);

}  // namespace dbm
