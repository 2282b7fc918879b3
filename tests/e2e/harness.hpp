// Runs the built dbm binary in a temporary project directory and inspects the database
// it leaves behind. Every end-to-end test is written against this, never against the
// core's functions: they check what a user sees (stdout, stderr, exit code, the file).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace e2e {

struct Result {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// A process started in the background (for races and kill tests).
class Process {
public:
    Process(pid_t pid, int out_fd, int err_fd) : pid_(pid), out_fd_(out_fd), err_fd_(err_fd) {}
    Process(Process&& other) noexcept;
    Process(const Process&) = delete;
    ~Process();
    pid_t pid() const { return pid_; }
    // Waits for exit, collecting everything it printed.
    Result wait();

private:
    pid_t pid_;
    int out_fd_;
    int err_fd_;
};

using Env = std::map<std::string, std::string>;

// Starts a program with arguments in `cwd`; stdin gets `input` (or /dev/null when empty).
Process spawn(const std::vector<std::string>& argv, const std::filesystem::path& cwd, const Env& env = {},
              const std::string& input = "");
Result run(const std::vector<std::string>& argv, const std::filesystem::path& cwd, const Env& env = {},
           const std::string& input = "");

// A fresh temporary directory holding one project; removed when the test ends.
class Project {
public:
    Project();
    ~Project();
    Project(const Project&) = delete;

    const std::filesystem::path& dir() const { return dir_; }
    std::filesystem::path path(const std::string& relative) const { return dir_ / relative; }

    // Runs `dbm args...` in the project directory (no DATABASE_URL, no colour).
    Result dbm(const std::vector<std::string>& args, const Env& env = {}, const std::string& input = "") const;
    // Runs dbm without root's power to ignore file permissions: as nobody (through
    // setpriv) when the tests run as root, from a copy of the binary in the project (it
    // needs no file beside it).
    Result dbm_unprivileged(const std::vector<std::string>& args) const;
    Process dbm_background(const std::vector<std::string>& args, const Env& env = {},
                           const std::string& input = "") const;

    void write(const std::string& relative, const std::string& contents) const;
    std::string read(const std::string& relative) const;

    // `dbm init`, then a fixed dbm.yaml: database app.db, and the given extra lines.
    void init(const std::string& extra_config = "") const;
    // Writes versions/<id>_<slug>.sql by hand, with a fixed Create Date so output is
    // predictable. Returns the file name relative to the project.
    std::string add_revision(const std::string& id, const std::string& message, const std::string& revises,
                             const std::string& upgrade_sql, const std::string& downgrade_sql,
                             const std::string& create_date = "2026-11-24 14:00:00.000000",
                             const std::string& extra_header = "") const;

    // The two-step chain several tests share: aaaa00000001 "Create things" (table things
    // with one row 'one'), then aaaa00000002 "More things" (a second row 'two').
    void add_two_revisions() const;

    // Puts SQL into the sections of a revision file written by `dbm revision`, and pins its
    // Create Date so that history output is predictable.
    void fill_revision(const std::string& relative, const std::string& upgrade_sql, const std::string& downgrade_sql,
                       const std::string& create_date) const;

    // Queries against app.db (or another file), through SQLite itself.
    std::string query(const std::string& sql, const std::string& database = "app.db") const;
    // sqlite_schema of the user's objects, sorted: equal means the same schema.
    std::string schema(const std::string& database = "app.db") const;
    // A digest of every row of every table (rowids included), sorted by table.
    std::string rows_digest(const std::string& database = "app.db") const;

private:
    std::filesystem::path dir_;
};

// Lines of a text, without their newlines.
std::vector<std::string> lines(const std::string& text);

}  // namespace e2e
