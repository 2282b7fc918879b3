// C++ revisions compiled once (docs/cpp-revisions.md): with $CXX (else c++), C++20, into
// <migrations>/.dbm-cache/cpp, each program named by the SHA-256 of its source, the API
// headers and the compiler (its resolved path, size and modification time), so that a
// program is reused across runs and checkouts, and rebuilt whenever any of them changes.
// A program is written under a temporary name and renamed into place: two dbm processes
// compiling the same revision at once both succeed, and neither sees half a file.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "core/revision.hpp"

namespace dbm {

class ProgramCache {
public:
    explicit ProgramCache(std::filesystem::path migrations_dir);

    // The compiled program of a C++ revision, compiled on a miss. Error (exit 1) with the
    // compiler's messages when it does not compile, or naming $CXX when there is no
    // compiler.
    const std::filesystem::path& executable(const Revision& revision);

private:
    void find_compiler();
    std::filesystem::path write_headers();

    std::filesystem::path dir_;
    std::vector<std::string> compiler_;  // $CXX split into words, the program first
    std::string compiler_identity_;
    std::filesystem::path include_dir_;
    std::map<std::string, std::filesystem::path> compiled_;  // by revision id
};

}  // namespace dbm
