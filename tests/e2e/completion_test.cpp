// `dbm completion bash|zsh|fish` and the man page dbm(1): generated from the CLI's own
// definitions, so they name every command and option `--help` does.
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>
#include <string>

#include "harness.hpp"

using e2e::lines;
using e2e::Project;

namespace {

// What bash completion offers for the words typed (the last one being completed).
std::string bash_completes(const Project& project, const std::string& words) {
    const std::string script = project.dbm({"completion", "bash"}).out;
    project.write("dbm.bash", script);
    const auto result = e2e::run({"/bin/bash", "-c",
                                  "source ./dbm.bash; COMP_WORDS=(" + std::string(DBM_BINARY) + " " + words +
                                      "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); [[ \"" + words +
                                      "\" == *' ' ]] && { COMP_WORDS+=(''); COMP_CWORD=$((COMP_CWORD + 1)); }; _dbm; "
                                      "printf '%s\\n' \"${COMPREPLY[@]}\""},
                                 project.dir());
    return result.out;
}

}  // namespace

TEST_CASE("bash completion completes commands, their options and the project's revisions", "[completion]") {
    Project project;
    project.init();
    project.add_two_revisions();
    CHECK(bash_completes(project, "upg") == "upgrade\n");
    CHECK(bash_completes(project, "upgrade --dr") == "--dry-run\n");
    CHECK(bash_completes(project, "upgrade --js") == "--json\n");  // a global option
    CHECK(bash_completes(project, "downgrade aaaa0000000") == "aaaa00000001\naaaa00000002\n");
    CHECK(bash_completes(project, "stamp he") == "head\nheads\n");
    CHECK(bash_completes(project, "revision --head aaaa00000002 --la") == "--lang\n");
    CHECK(bash_completes(project, "migrate --lang c") == "cpp\n");
    CHECK(bash_completes(project, "completion ") == "bash\nzsh\nfish\n");
    // Outside a project, no revisions and no error.
    CHECK(e2e::run({DBM_BINARY, "__revisions"}, "/").out.empty());
}

TEST_CASE("the zsh and fish completion scripts are valid, and an unknown shell is refused", "[completion]") {
    Project project;
    project.write("dbm.zsh", project.dbm({"completion", "zsh"}).out);
    CHECK(e2e::run({ZSH_SHELL, "-n", "dbm.zsh"}, project.dir()).exit_code == 0);
    project.write("dbm.fish", project.dbm({"completion", "fish"}).out);
    CHECK(e2e::run({FISH_SHELL, "--no-execute", "dbm.fish"}, project.dir()).exit_code == 0);
    const auto fish = e2e::run({FISH_SHELL, "-c", "source dbm.fish; complete -C 'dbm upgrade --dr'"}, project.dir());
    CHECK(fish.out.rfind("--dry-run\t", 0) == 0);
    const auto result = project.dbm({"completion", "tcsh"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "dbm: error: completion takes bash, zsh or fish, not 'tcsh'\n");
}

TEST_CASE("the man page names every command and every option --help shows, and renders cleanly", "[completion]") {
    Project project;
    const std::string man = project.dbm({"__man"}).out;
    project.write("dbm.1", man);
    const auto rendered = e2e::run({GROFF, "-man", "-Tutf8", "-ww", "dbm.1"}, project.dir());
    CHECK(rendered.exit_code == 0);
    CHECK(rendered.err.empty());

    // The commands of `dbm --help`, then the options of each one's own --help.
    const std::string help = project.dbm({"--help"}).out;
    const std::string listed = help.substr(help.find("Subcommands:"));
    static const std::regex command_line(R"(^  ([a-z]+) )");
    std::size_t commands = 0;
    for (const auto& line : lines(listed)) {
        std::smatch match;
        if (!std::regex_search(line, match, command_line)) continue;
        const std::string command = match[1];
        ++commands;
        INFO(command);
        const auto section = man.find(".SS \"dbm " + command);
        REQUIRE(section != std::string::npos);
        const std::string text = man.substr(section, man.find(".SS", section + 1) - section);
        const std::string own = project.dbm({command, "--help"}).out;
        const std::string options = own.substr(0, own.find("Options every command takes:"));
        static const std::regex long_option(R"(--([a-z-]+))");
        for (auto it = std::sregex_iterator(options.begin(), options.end(), long_option); it != std::sregex_iterator(); ++it) {
            const std::string name = (*it)[1];
            if (name == "help") continue;
            std::string escaped = "\\-\\-";
            for (const char c : name) escaped += c == '-' ? std::string("\\-") : std::string(1, c);
            CHECK(text.find(escaped) != std::string::npos);
        }
    }
    CHECK(commands >= 20);
    for (const char* global : {"\\-\\-directory", "\\-\\-db", "\\-\\-json", "\\-\\-lock\\-timeout", "DBM_LOCK_TIMEOUT"})
        CHECK(man.substr(man.find(".SH OPTIONS"), man.find(".SH COMMANDS") - man.find(".SH OPTIONS")).find(global) !=
              std::string::npos);
}
