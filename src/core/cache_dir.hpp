// <migrations>/.dbm-cache: what dbm keeps on this machine to go faster (compiled C++
// revisions, the revision header index, replayed schemas, parsed models). Everything in it can be
// deleted at any time; it is git-ignored by the .gitignore written in it.
#pragma once

#include <filesystem>

namespace dbm {

// Creates `cache_dir` (and its .gitignore) when missing. False when it cannot be: a cache
// that cannot be written is only a slower run.
bool prepare_cache_dir(const std::filesystem::path& cache_dir);

// Where the models file's parse is kept (schema/yaml_cache.hpp): <cache_dir>/models once
// cache_dir is prepared; empty (no cache) when it cannot be.
std::filesystem::path models_parse_cache_dir(const std::filesystem::path& cache_dir);

}  // namespace dbm
