#include "harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <SQLiteCpp/SQLiteCpp.h>

extern char** environ;

namespace fs = std::filesystem;

namespace e2e {

namespace {

void check(int rc, const char* what) {
    if (rc != 0) throw std::runtime_error(std::string(what) + ": " + std::strerror(rc == -1 ? errno : rc));
}

std::vector<std::string> environment_with(const Env& extra) {
    std::map<std::string, std::string> variables;
    for (char** entry = environ; *entry; ++entry) {
        const std::string text(*entry);
        const auto eq = text.find('=');
        if (eq != std::string::npos) variables[text.substr(0, eq)] = text.substr(eq + 1);
    }
    // Tests see dbm as a CI script would: no inherited database, no colour, no terminal.
    variables.erase("DATABASE_URL");
    variables["NO_COLOR"] = "1";
    for (const auto& [key, value] : extra) {
        if (value.empty())
            variables.erase(key);
        else
            variables[key] = value;
    }
    std::vector<std::string> result;
    for (const auto& [key, value] : variables) result.push_back(key + "=" + value);
    return result;
}

}  // namespace

Process spawn(const std::vector<std::string>& argv, const fs::path& cwd, const Env& env, const std::string& input) {
    int out_pipe[2], err_pipe[2], in_pipe[2];
    check(pipe2(out_pipe, O_CLOEXEC), "pipe");
    check(pipe2(err_pipe, O_CLOEXEC), "pipe");
    check(pipe2(in_pipe, O_CLOEXEC), "pipe");

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
    // Descriptors the test runner left open (CI harnesses do) must not reach the child:
    // tests that lower ulimit -n count on the child holding only 0, 1 and 2.
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);

    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    const std::vector<std::string> environment = environment_with(env);
    std::vector<char*> envp;
    for (const auto& entry : environment) envp.push_back(const_cast<char*>(entry.c_str()));
    envp.push_back(nullptr);

    // The input is written after the child starts, and a child that exits without reading
    // it (dbm refusing a prompt without a terminal) would kill the tests with SIGPIPE: the
    // tests ignore SIGPIPE, and each child gets the default action back.
    static const bool sigpipe_ignored = signal(SIGPIPE, SIG_IGN) != SIG_ERR;
    (void)sigpipe_ignored;
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);

    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0].c_str(), &actions, &attributes, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    close(out_pipe[1]);
    close(err_pipe[1]);
    close(in_pipe[0]);
    if (rc != 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        close(in_pipe[1]);
        check(rc, "posix_spawn");
    }
    // Small inputs fit the pipe buffer; the child reads them when it wants to, or never
    // (EPIPE, ignored).
    if (!input.empty() && write(in_pipe[1], input.data(), input.size()) < 0) {
    }
    close(in_pipe[1]);
    return Process(pid, out_pipe[0], err_pipe[0]);
}

Process::Process(Process&& other) noexcept : pid_(other.pid_), out_fd_(other.out_fd_), err_fd_(other.err_fd_) {
    other.pid_ = -1;
    other.out_fd_ = -1;
    other.err_fd_ = -1;
}

Process::~Process() {
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    if (out_fd_ >= 0) close(out_fd_);
    if (err_fd_ >= 0) close(err_fd_);
}

Result Process::wait() {
    Result result;
    pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
    std::string* sinks[2] = {&result.out, &result.err};
    int open_count = 2;
    char buffer[8192];
    while (open_count > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                sinks[i]->append(buffer, static_cast<std::size_t>(n));
            } else {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_count;
            }
        }
    }
    out_fd_ = err_fd_ = -1;
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

Result run(const std::vector<std::string>& argv, const fs::path& cwd, const Env& env, const std::string& input) {
    return spawn(argv, cwd, env, input).wait();
}

Project::Project() {
    std::random_device device;
    dir_ = fs::temp_directory_path() / ("dbm-e2e-" + std::to_string(device()) + std::to_string(getpid()));
    fs::create_directories(dir_);
}

Project::~Project() {
    std::error_code ignored;
    // Tests make files read-only; give permissions back so everything can be removed.
    for (auto it = fs::recursive_directory_iterator(dir_, ignored); it != fs::recursive_directory_iterator(); ++it)
        fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(dir_, ignored);
}

Result Project::dbm(const std::vector<std::string>& args, const Env& env, const std::string& input) const {
    return dbm_background(args, env, input).wait();
}

Result Project::dbm_unprivileged(const std::vector<std::string>& args) const {
    fs::copy_file(DBM_BINARY, dir_ / "dbm-copy", fs::copy_options::overwrite_existing);
    std::vector<std::string> argv;
    if (geteuid() == 0) argv = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    argv.push_back((dir_ / "dbm-copy").string());
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, dir_);
}

Process Project::dbm_background(const std::vector<std::string>& args, const Env& env, const std::string& input) const {
    std::vector<std::string> argv{DBM_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return spawn(argv, dir_, env, input);
}

void Project::write(const std::string& relative, const std::string& contents) const {
    const fs::path target = dir_ / relative;
    fs::create_directories(target.parent_path());
    std::ofstream(target, std::ios::binary) << contents;
}

std::string Project::read(const std::string& relative) const {
    std::ifstream in(dir_ / relative, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

void Project::init(const std::string& extra_config) const {
    const Result result = dbm({"init"});
    if (result.exit_code != 0) throw std::runtime_error("dbm init failed: " + result.err);
    fs::remove(dir_ / "migrations/dbm.yaml");
    write("migrations/dbm.yaml", "database: sqlite:///app.db\n" + extra_config);
}

std::string Project::add_revision(const std::string& id, const std::string& message, const std::string& revises,
                                  const std::string& upgrade_sql, const std::string& downgrade_sql,
                                  const std::string& create_date, const std::string& extra_header) const {
    std::string slug;
    for (char c : message) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            slug += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        else if (!slug.empty() && slug.back() != '_')
            slug += '_';
    }
    while (!slug.empty() && slug.back() == '_') slug.pop_back();
    const std::string name = "migrations/versions/" + id + "_" + slug + ".sql";
    write(name, "-- " + message + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + revises +
                    "\n-- Create Date: " + create_date + "\n" + extra_header + "-- +dbm upgrade\n" + upgrade_sql +
                    "\n\n-- +dbm downgrade\n" + downgrade_sql + "\n");
    return name;
}

void Project::add_two_revisions() const {
    add_revision("aaaa00000001", "Create things", "",
                 "CREATE TABLE things (id INTEGER PRIMARY KEY, v TEXT);\nINSERT INTO things (v) VALUES ('one');",
                 "DROP TABLE things;");
    add_revision("aaaa00000002", "More things", "aaaa00000001", "INSERT INTO things (v) VALUES ('two');",
                 "DELETE FROM things WHERE v = 'two';");
}

void Project::fill_revision(const std::string& relative, const std::string& upgrade_sql,
                            const std::string& downgrade_sql, const std::string& create_date) const {
    std::string text = read(relative);
    const auto replace_line_after = [&](const std::string& marker, const std::string& insert) {
        const auto at = text.find(marker);
        if (at == std::string::npos) throw std::runtime_error(relative + " has no " + marker);
        text.insert(at + marker.size(), insert);
    };
    replace_line_after("-- +dbm upgrade\n", upgrade_sql);
    replace_line_after("-- +dbm downgrade\n", downgrade_sql);
    const auto date = text.find("-- Create Date: ");
    const auto end = text.find('\n', date);
    text.replace(date, end - date, "-- Create Date: " + create_date);
    write(relative, text);
}

std::string Project::query(const std::string& sql, const std::string& database) const {
    SQLite::Database db((dir_ / database).string(), SQLite::OPEN_READONLY);
    SQLite::Statement statement(db, sql);
    std::string out;
    while (statement.executeStep()) {
        for (int i = 0; i < statement.getColumnCount(); ++i) {
            if (i) out += '|';
            out += statement.getColumn(i).getString();
        }
        out += '\n';
    }
    return out;
}

std::string Project::schema(const std::string& database) const {
    return query("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                 "ORDER BY type, name",
                 database);
}

std::string Project::rows_digest(const std::string& database) const {
    SQLite::Database db((dir_ / database).string(), SQLite::OPEN_READONLY);
    SQLite::Statement tables(db,
                             "SELECT name, (SELECT count(*) FROM pragma_table_list WHERE name = s.name AND wr = 0) "
                             "FROM sqlite_schema s WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                             "ORDER BY name");
    std::string digest;
    while (tables.executeStep()) {
        const std::string table = tables.getColumn(0).getString();
        const bool has_rowid = tables.getColumn(1).getInt() > 0;
        std::string quoted = "\"";
        for (char c : table) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        quoted += '"';
        SQLite::Statement rows(db, "SELECT " + std::string(has_rowid ? "rowid, " : "") + "* FROM " + quoted +
                                       " ORDER BY 1");
        digest += table + ":\n";
        while (rows.executeStep()) {
            for (int i = 0; i < rows.getColumnCount(); ++i) {
                const SQLite::Column column = rows.getColumn(i);
                digest += column.isNull() ? std::string("NULL") : "'" + column.getString() + "'";
                digest += ',';
            }
            digest += '\n';
        }
    }
    return digest;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> result;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) result.push_back(line);
    return result;
}

}  // namespace e2e
