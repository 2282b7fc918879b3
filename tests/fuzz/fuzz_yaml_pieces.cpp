// libFuzzer target, differential: a YAML text parsed in pieces on threads
// (yaml_pieces.hpp) must give exactly the nodes, marks and error of one parse of the
// whole text; read a piece at a time (Document::parse_each_piece), it must give one
// parse's entries whenever it reads them all, and never read them all when one parse
// fails; through the parse cache (yaml_cache.hpp), cold and then warm, it must give what
// it gives without one. Any difference aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include <unistd.h>

#include "yaml_outline.hpp"

namespace {

// A cache directory of this process's, emptied after every input (libFuzzer may end the
// process without running atexit handlers).
const std::filesystem::path& cache_dir() {
    static const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("dbm-fuzz-cache-" + std::to_string(::getpid()));
    return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string whole = test::outline_of_parse(text, 1);
    const std::string in_pieces = test::outline_of_parse(text, 2 + size % 4);
    if (in_pieces != whole) {
        std::fprintf(stderr, "whole:\n%s\nin pieces:\n%s\n", whole.c_str(), in_pieces.c_str());
        std::abort();
    }
    const std::size_t pieces = 1 + size % 4;
    for (int run = 0; run < 2; ++run) {
        dbm::yaml::ParseCache cache(cache_dir());
        const std::string cached = test::outline_of_parse(text, pieces, &cache);
        if (cached != whole) {
            std::fprintf(stderr, "whole:\n%s\nthrough the cache (run %d):\n%s\n", whole.c_str(), run + 1, cached.c_str());
            std::abort();
        }
    }
    std::error_code ignored;
    std::filesystem::remove_all(cache_dir(), ignored);
    bool parses = true;
    const std::string entries = test::outline_entries_of_parse(text, &parses);
    const std::string each = test::outline_of_each_piece(text, 1 + size % 3);
    if (!each.empty() && (!parses || each != entries)) {
        std::fprintf(stderr, "whole:\n%s\npiece at a time:\n%s\n", parses ? entries.c_str() : "(fails)", each.c_str());
        std::abort();
    }
    return 0;
}
