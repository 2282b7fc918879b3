#include "core/program_cache.hpp"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>

#include <errno.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "core/cache_dir.hpp"
#include "core/child_process.hpp"
#include "core/templates.hpp"
#include "dbm/error.hpp"
#include "dbm/revision_protocol.hpp"
#include "util/checksum.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

extern char** environ;

namespace dbm {

namespace fs = std::filesystem;

namespace {

struct Header {
    const char* name;
    const std::string_view* text;
};
const Header api_headers[] = {
    {"revision.hpp", &templates::revision_hpp},
    {"revision_protocol.hpp", &templates::revision_protocol_hpp},
    {"value.hpp", &templates::value_hpp},
};

// The program's absolute path, found on PATH when it has no slash; empty when not found.
fs::path resolve_program(const std::string& program) {
    if (program.find('/') != std::string::npos) return ::access(program.c_str(), X_OK) == 0 ? fs::path(program) : fs::path();
    const char* path = std::getenv("PATH");
    for (const std::string& dir : text::split_list(path ? path : "/usr/bin:/bin", ':')) {
        const fs::path candidate = fs::path(dir) / program;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return {};
}

// The SHA-256 of the API headers together: part of every program's key.
const std::string& headers_digest() {
    static const std::string digest = [] {
        std::string all;
        for (const Header& header : api_headers) all += *header.text;
        return sha256_hex(all);
    }();
    return digest;
}

}  // namespace

ProgramCache::ProgramCache(fs::path migrations_dir) : dir_(std::move(migrations_dir) / ".dbm-cache" / "cpp") {}

void ProgramCache::find_compiler() {
    if (!compiler_.empty()) return;
    const char* cxx = std::getenv("CXX");
    const std::string named = cxx && *cxx ? cxx : "c++";
    std::vector<std::string> words;
    for (const std::string& word : text::split_list(named, ' ')) words.push_back(word);
    const fs::path program = words.empty() ? fs::path() : resolve_program(words.front());
    if (program.empty())
        throw Error(fmt::format("C++ revisions need a compiler, and there is none: {} '{}' is not on PATH (install g++, "
                                "or set CXX to a C++20 compiler)",
                                cxx && *cxx ? "$CXX" : "the default", named));
    // Cheap to read on every run, and different whenever the compiler is replaced.
    std::error_code ec;
    const fs::path real = fs::canonical(program, ec);
    struct stat info {};
    ::stat((ec ? program : real).c_str(), &info);
    compiler_identity_ = fmt::format("{} {} {} {}.{}", named, (ec ? program : real).string(), info.st_size,
                                     info.st_mtim.tv_sec, info.st_mtim.tv_nsec);
    words.front() = program.string();
    compiler_ = std::move(words);
}

fs::path ProgramCache::write_headers() {
    if (!include_dir_.empty()) return include_dir_;
    include_dir_ = dir_ / ("include-" + headers_digest().substr(0, 16));
    std::error_code ec;
    fs::create_directories(include_dir_ / "dbm", ec);
    if (ec) throw Error(fmt::format("cannot create {}: {}", paths::display(include_dir_), ec.message()));
    for (const Header& header : api_headers) paths::put_file(include_dir_ / "dbm" / header.name, *header.text);
    // Compiled programs are this machine's: never committed.
    prepare_cache_dir(dir_.parent_path());
    return include_dir_;
}

const fs::path& ProgramCache::executable(const Revision& revision) {
    if (const auto known = compiled_.find(revision.id); known != compiled_.end()) return known->second;
    find_compiler();
    const std::string source = paths::read_file(revision.path);
    const std::string key = sha256_hex(fmt::format("{}\n{}\n{}\n{}", protocol::api_version, compiler_identity_,
                                                   headers_digest(), sha256_hex(source)));
    const fs::path program = dir_ / key.substr(0, 32);
    if (::access(program.c_str(), X_OK) == 0) return compiled_[revision.id] = program;

    const fs::path include = write_headers();
    const fs::path temporary = program.string() + ".tmp-" + paths::unique_suffix();
    // The compiler reads the file by the name messages show, so its errors point there.
    std::vector<std::string> args = compiler_;
    for (const char* flag : {"-std=c++20", "-O2", "-DDBM_REVISION_MAIN"}) args.emplace_back(flag);
    args.insert(args.end(), {"-I", include.string(), "-x", "c++", paths::display(revision.path), "-x", "none", "-o",
                             temporary.string()});
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);

    auto [output_read, output_write] = make_pipe();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, output_write.get(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, output_write.get(), STDERR_FILENO);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    output_write.close();
    if (spawned != 0) throw Error(fmt::format("cannot run the compiler {}: {}", compiler_.front(), std::strerror(spawned)));
    std::string messages = read_all(output_read.get());
    const int status = wait_for(pid);
    std::error_code ec;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fs::remove(temporary, ec);
        while (!messages.empty() && messages.back() == '\n') messages.pop_back();
        throw Error(fmt::format("the C++ revision does not compile ({}):\n{}", compiler_.front(), messages),
                    SourceLocation{paths::display(revision.path)});
    }
    fs::rename(temporary, program, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw Error(fmt::format("cannot store the compiled revision in {}: {}", paths::display(dir_), ec.message()));
    }
    return compiled_[revision.id] = program;
}

}  // namespace dbm
