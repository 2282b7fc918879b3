// Texts generated from the CLI definitions themselves (main.cpp's CLI11 app), so that they
// cannot drift from `--help`: shell completion scripts and the man page dbm(1).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
class Option;
}

namespace dbm::cli {

// `dbm completion bash|zsh|fish`: commands, each command's options and the global ones,
// and revisions (ids and specs) from the project, asked of `dbm __revisions`.
std::string completion_script(const CLI::App& app, std::string_view shell);

// dbm(1) in roff: every command with its options, the global options, the environment.
std::string man_page(const CLI::App& app, std::string_view version);

// An option's names as typed: "--directory", "-d".
std::vector<std::string> option_names(const CLI::Option& option);

// Commands that take a revision (a positional named revision, revisions or range).
bool takes_revision(const CLI::App& command);

}  // namespace dbm::cli
