// libFuzzer target, differential: dbm's one-pass statement splitter must end statements
// exactly where sqlite3_complete() does (split_oracle.hpp), and take time linear in the
// script: the input repeated 64 times may not take more than 256 times as long.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "split_oracle.hpp"
#include "sqlite/statement_splitter.hpp"

namespace {

// The best of three runs: one stall of the machine (a page fault storm, another process)
// must not read as quadratic time, which would show in every run.
double seconds_to_split(const std::string& script) {
    double best = 1e9;
    for (int run = 0; run < 3; ++run) {
        const auto start = std::chrono::steady_clock::now();
        const auto ends = dbm::sqlite::statement_ends(script);
        const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (ends.size() != static_cast<std::size_t>(-1) && elapsed < best) best = elapsed;
    }
    return best;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string script(reinterpret_cast<const char*>(data), size);
    if (script.find('\0') != std::string::npos) return 0;  // sqlite3_complete reads C strings; dbm refuses NUL
    if (dbm::sqlite::statement_ends(script) != test::statement_ends_by_sqlite(script)) {
        std::fprintf(stderr, "the splitter and sqlite3_complete disagree on:\n%s\n", script.c_str());
        std::abort();
    }
    if (size >= 16) {
        std::string long_script;
        for (int i = 0; i < 64; ++i) long_script += script;
        const double once = seconds_to_split(script);
        const double repeated = seconds_to_split(long_script);
        if (repeated > 256 * once + 0.01) {
            std::fprintf(stderr, "splitting 64 copies took %g s, one %g s:\n%s\n", repeated, once, script.c_str());
            std::abort();
        }
    }
    return 0;
}
