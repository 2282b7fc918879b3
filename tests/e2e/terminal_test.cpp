// What a person at a terminal sees, driven through tmux (a real terminal, 80 x 24): colour
// on and off, the reset prompt answered no and yes, history cut to 80 columns, and the
// elapsed-time counter of a long upgrade interrupted with Ctrl-C (rolled back, exit 130),
// and the rows a long rebuild has copied of its total.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <regex>
#include <string>
#include <thread>

#include "harness.hpp"

using e2e::lines;
using e2e::Project;

namespace {

class Terminal {
public:
    explicit Terminal(const Project& project)
        : project_(project), socket_("dbm-test-" + std::to_string(getpid()) + "-" + std::to_string(++count)) {
        // A shell without rc files, colour allowed, in the project; dbm found as `dbm`.
        const auto started = tmux({"new-session", "-d", "-x", "80", "-y", "24", "-c", project.dir().string(),
                                   "env -u NO_COLOR PS1='$ ' PATH=" + std::string(DBM_DIR) + ":/usr/bin:/bin bash --norc --noprofile"});
        REQUIRE(started.exit_code == 0);
    }
    ~Terminal() { tmux({"kill-server"}); }

    // Types a command line and waits for it to end; returns its exit status.
    int run(const std::string& command, int seconds = 60) {
        type(command + status_suffix);
        return await_exit(seconds);
    }
    void type(const std::string& text) { tmux({"send-keys", "-t", "0", "-l", text}), tmux({"send-keys", "-t", "0", "Enter"}); }
    void key(const std::string& name) { tmux({"send-keys", "-t", "0", name}); }
    // The pane as shown, with its escape sequences when `escapes`.
    std::string screen(bool escapes = false) {
        return tmux(escapes ? std::vector<std::string>{"capture-pane", "-p", "-e", "-t", "0"}
                            : std::vector<std::string>{"capture-pane", "-p", "-t", "0"})
            .out;
    }
    bool wait_for(const std::string& text, int seconds = 60) {
        for (int i = 0; i < seconds * 20; ++i) {
            if (screen().find(text) != std::string::npos) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
    // Typed after a command: prints "exit=N" (the typed line itself does not match).
    static inline const std::string status_suffix = "; printf 'ex''it=%s\\n' $?";
    int await_exit(int seconds = 60) {
        static const std::regex status(R"(exit=([0-9]+))");
        for (int i = 0; i < seconds * 20; ++i) {
            const std::string shown = screen();
            std::smatch match;
            if (std::regex_search(shown, match, status)) {
                clear();
                return std::stoi(match[1]);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        FAIL("the command did not end in time:\n" << screen());
        return -1;
    }
    // Clears the pane and its history, so that the next command's output stands alone.
    void clear() {
        tmux({"send-keys", "-t", "0", "clear", "Enter"});
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        tmux({"clear-history", "-t", "0"});
    }
    // Everything shown since the last clear, as text.
    std::string output() { return screen(); }

private:
    e2e::Result tmux(std::vector<std::string> args) {
        args.insert(args.begin(), {TMUX_PROGRAM, "-L", socket_, "-f", "/dev/null"});
        return e2e::run(args, project_.dir(), {{"NO_COLOR", ""}, {"TMUX", ""}});
    }

    const Project& project_;
    std::string socket_;
    static inline std::atomic<int> count{0};
};

}  // namespace

TEST_CASE("on a terminal: colour unless NO_COLOR or --no-color, and history cut to 80 columns", "[terminal]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "A message far too long to fit in an eighty column terminal beside its "
                                         "revision id and its date",
                         "", "CREATE TABLE things (id INTEGER PRIMARY KEY);", "DROP TABLE things;");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    Terminal terminal(project);
    terminal.clear();
    CHECK(terminal.run("dbm current") == 0);
    // (capture-pane -e shows the colour as its SGR sequence)
    terminal.type("dbm current");
    CHECK(terminal.wait_for("(head)"));
    CHECK(terminal.screen(true).find("\033[36m (head)") != std::string::npos);
    terminal.clear();
    terminal.type("NO_COLOR=1 dbm current");
    CHECK(terminal.wait_for("(head)"));
    CHECK(terminal.screen(true).find("\033[36m") == std::string::npos);
    terminal.clear();
    terminal.type("dbm --no-color current");
    CHECK(terminal.wait_for("(head)"));
    CHECK(terminal.screen(true).find("\033[36m") == std::string::npos);
    terminal.clear();

    CHECK(terminal.run("dbm history") == 0);
    terminal.type("dbm history");
    REQUIRE(terminal.wait_for("2026-11-24 14:00:00"));
    const std::string shown = terminal.screen();
    INFO(shown);
    bool found = false;
    for (const auto& line : lines(shown)) {
        if (line.rfind("aaaa00000001", 0) != 0) continue;
        found = true;
        CHECK(line.find("…  | 2026-11-24 14:00:00") != std::string::npos);  // the message cut, the date kept
    }
    CHECK(found);
    // Piped, nothing is cut.
    CHECK(project.dbm({"history"}).out.find("and its date") != std::string::npos);
}

TEST_CASE("on a terminal: reset asks, and does nothing unless the answer is yes", "[terminal]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "Things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY);", "DROP TABLE things;");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    Terminal terminal(project);
    terminal.clear();
    terminal.type("dbm reset" + Terminal::status_suffix);
    REQUIRE(terminal.wait_for("[y/N]"));
    CHECK(terminal.screen().find("Drop every table, view, trigger and index in app.db (a backup is") != std::string::npos);
    terminal.type("n");
    CHECK(terminal.await_exit() == 1);
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE name = 'things'") == "1\n");

    terminal.type("dbm reset" + Terminal::status_suffix);
    REQUIRE(terminal.wait_for("[y/N]"));
    terminal.type("y");
    CHECK(terminal.await_exit() == 0);
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE name = 'things'") == "0\n");
}

TEST_CASE("on a terminal: a long upgrade shows its elapsed time, and Ctrl-C rolls it back with exit 130", "[terminal]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "Things", "", "CREATE TABLE things (id INTEGER PRIMARY KEY, v INTEGER);", "DROP TABLE things;");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    // Minutes of work, so that the signal lands while it runs.
    project.add_revision("aaaa00000002", "Slow", "aaaa00000001",
                         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000000)\n"
                         "  INSERT INTO things (v) SELECT i FROM n;",
                         "DELETE FROM things;");
    Terminal terminal(project);
    terminal.clear();
    terminal.type("dbm upgrade" + Terminal::status_suffix);
    // The counter: "  Upgrading to aaaa00000002_slow... 1.0s", redrawn while it runs.
    REQUIRE(terminal.wait_for("Upgrading to aaaa00000002_slow... 1."));
    terminal.key("C-c");
    CHECK(terminal.await_exit(30) == 130);
    CHECK(project.query("SELECT version_num FROM dbm_version") == "aaaa00000001\n");
    CHECK(project.query("SELECT count(*) FROM things") == "0\n");
}

TEST_CASE("on a terminal: a long rebuild shows the rows copied of the total beside its elapsed time", "[terminal]") {
    Project project;
    project.init();
    project.add_revision("aaaa00000001", "Things", "",
                         "CREATE TABLE things (id INTEGER PRIMARY KEY, v INTEGER);\n"
                         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000)\n"
                         "  INSERT INTO things (v) SELECT i FROM n;",
                         "DROP TABLE things;");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    // A rebuild whose copy takes a few seconds (about 1 ms of work per row).
    project.add_revision("aaaa00000002", "Rebuild", "aaaa00000001",
                         "CREATE TABLE things_new (id INTEGER PRIMARY KEY, v INTEGER NOT NULL);\n"
                         "INSERT INTO things_new (id, v) SELECT id, v + 0 * length(hex(zeroblob(200000 + v % 2))) FROM things;\n"
                         "DROP TABLE things;\nALTER TABLE things_new RENAME TO things;",
                         "SELECT 1;");
    Terminal terminal(project);
    terminal.clear();
    terminal.type("dbm upgrade" + Terminal::status_suffix);
    // "  Upgrading to aaaa00000002_rebuild... 1.2s (things: 1380 of 8000 rows copied)"
    REQUIRE(terminal.wait_for("of 8000 rows copied)"));
    static const std::regex counter(R"(Upgrading to aaaa00000002_rebuild\.\.\. [0-9]+\.[0-9]s \(things: ([0-9]+) of 8000 rows copied\))");
    const std::string shown = terminal.screen();
    std::smatch match;
    REQUIRE(std::regex_search(shown, match, counter));
    CHECK(std::stoi(match[1]) < 8000);
    // The final line keeps the time the step took: "  Upgrading to ...rebuild... done (3.1s)".
    REQUIRE(terminal.wait_for("exit="));
    static const std::regex final_line(R"(Upgrading to aaaa00000002_rebuild\.\.\. done \([0-9]+\.[0-9]s\)\n)");
    const std::string ended = terminal.screen();
    INFO(ended);
    CHECK(std::regex_search(ended, final_line));
    CHECK(terminal.await_exit(60) == 0);
    CHECK(project.query("SELECT count(*), sum(v) FROM things") == "8000|32004000\n");
    // Piped, the same upgrade draws nothing: no counter, no carriage returns.
    REQUIRE(project.dbm({"downgrade", "aaaa00000001"}).exit_code == 0);
    const auto piped = project.dbm({"upgrade"});
    CHECK(piped.exit_code == 0);
    CHECK(piped.err.find("rows copied") == std::string::npos);
    CHECK(piped.out.find('\r') == std::string::npos);
}
