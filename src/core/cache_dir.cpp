#include "core/cache_dir.hpp"

#include "dbm/error.hpp"
#include "util/log.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;

namespace dbm {

bool prepare_cache_dir(const fs::path& cache_dir) {
    std::error_code ec;
    fs::create_directories(cache_dir, ec);
    if (!fs::is_directory(cache_dir, ec)) {
        log::debug("no cache: " + paths::display(cache_dir) + " is not a directory dbm can create");
        return false;
    }
    const fs::path ignore = cache_dir / ".gitignore";
    if (fs::exists(ignore, ec)) return true;
    try {
        paths::put_file(ignore, "# dbm's caches on this machine (docs/performance.md): never committed\n*\n");
        return true;
    } catch (const Error& error) {
        log::debug(std::string("no cache: ") + error.what());
        return false;
    }
}

fs::path models_parse_cache_dir(const fs::path& cache_dir) {
    return prepare_cache_dir(cache_dir) ? cache_dir / "models" : fs::path();
}

}  // namespace dbm
