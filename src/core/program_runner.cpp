#include "core/program_runner.hpp"

#include <csignal>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <errno.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "core/child_process.hpp"
#include "core/program_schema.hpp"
#include "dbm/error.hpp"
#include "dbm/revision_protocol.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

extern char** environ;

namespace dbm {

namespace {

namespace fs = std::filesystem;

// SIGPIPE ignored for a scope: a revision that dies while dbm answers it must not take dbm
// with it (the write then fails with EPIPE).
class IgnoreSigpipe {
public:
    IgnoreSigpipe() {
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        sigaction(SIGPIPE, &ignore, &previous_);
    }
    ~IgnoreSigpipe() { sigaction(SIGPIPE, &previous_, nullptr); }

private:
    struct sigaction previous_ {};
};

std::string signal_name(int number) {
    const char* abbreviation = sigabbrev_np(number);
    const char* description = sigdescr_np(number);
    return fmt::format("SIG{} ({})", abbreviation ? abbreviation : std::to_string(number).c_str(),
                       description ? description : "unknown signal");
}

class Server {
public:
    Server(const Revision& revision, Direction direction, Connection& connection, const IntrospectOptions& introspect,
           const std::function<void(std::string_view)>& log, SqlSink* record)
        : revision_(revision),
          direction_(direction),
          connection_(connection),
          introspect_(introspect),
          log_(log),
          record_(record) {}

    void run(const fs::path& executable) {
        auto [request_read, request_write] = make_pipe();
        auto [reply_read, reply_write] = make_pipe();
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, request_write.get(), protocol::request_fd);
        posix_spawn_file_actions_adddup2(&actions, reply_read.get(), protocol::reply_fd);
        // What the revision prints goes to dbm's stderr: stdout may be a script or JSON.
        posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
        std::string program = executable.string();
        std::string direction = to_string(direction_);
        char* argv[] = {program.data(), direction.data(), nullptr};
        pid_t pid = 0;
        const int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        if (spawned != 0) fail_now(fmt::format("cannot start its compiled program {}: {}", program, std::strerror(spawned)));
        request_write.close();
        reply_read.close();
        in_ = request_read.get();
        out_ = reply_write.get();
        try {
            serve();
        } catch (...) {
            ::kill(pid, SIGKILL);
            wait_for(pid);
            throw;
        }
        reply_write.close();
        const int status = wait_for(pid);
        conclude(status);
    }

private:
    [[noreturn]] void fail_now(const std::string& cause) const {
        throw Error(fmt::format("the {} of this C++ revision {}", to_string(direction_), cause),
                    SourceLocation{paths::display(revision_.path)});
    }

    // The revision's fate once it has exited: the first failure said wins.
    void conclude(int status) const {
        if (failed_) fail_now(fmt::format("failed: {}", *failed_));
        if (thrown_) fail_now(fmt::format("threw: {}", *thrown_));
        // Ctrl-C reaches the revision too (one process group): dbm was interrupted.
        if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGTERM)) throw Interrupted();
        if (WIFSIGNALED(status)) fail_now(fmt::format("was killed by signal {}", signal_name(WTERMSIG(status))));
        if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
            fail_now(fmt::format("exited with status {}", WEXITSTATUS(status)));
        if (!finished_) fail_now("ended without returning from its function");
    }

    // Reads requests until the revision closes its end.
    void serve() {
        std::string payload;
        char kind = 0;
        while (next_frame(kind, payload)) {
            protocol::Reader reader(payload);
            handle(kind, reader);
            if (!reader.ok() && !failed_) failed_ = "it sent a malformed request";
        }
    }

    void handle(char kind, protocol::Reader& in) {
        switch (kind) {
        case protocol::execute: {
            const std::string sql(in.text());
            const std::vector<Value> params = read_values(in, in.u32());
            attempt(sql, [&] {
                const auto statement = connection_.prepare(sql);
                statement->run(params);
                if (record_) record_->write_only(statement->expanded_sql());
            });
            break;
        }
        case protocol::prepare: {
            const std::uint32_t id = in.u32();
            const std::string sql(in.text());
            attempt(sql, [&] { statements_[id] = {connection_.prepare(sql), sql}; });
            break;
        }
        case protocol::prepare_insert: {
            const std::uint32_t id = in.u32();
            const std::string table(in.text());
            std::vector<std::string> columns, places;
            for (std::uint32_t i = 0, n = in.u32(); i < n && in.ok(); ++i) {
                columns.push_back(connection_.dialect().quote_identifier(in.text()));
                places.push_back(connection_.dialect().parameter(i + 1));
            }
            const std::string sql = fmt::format("INSERT INTO {} ({}) VALUES ({})", connection_.dialect().quote_identifier(table),
                                                text::join(columns, ", "), text::join(places, ", "));
            attempt(sql, [&] { statements_[id] = {connection_.prepare(sql), sql}; });
            break;
        }
        case protocol::run_batch: run_batch(in); break;
        case protocol::query: query(in); break;
        case protocol::next_rows: {
            const auto cursor = cursors_.find(in.u32());
            if (cursor == cursors_.end() || cursor->second.empty()) {
                reply_error("it asked for more rows of a query that has none left");
                break;
            }
            send(cursor->second.front());
            cursor->second.pop_front();
            if (cursor->second.empty()) cursors_.erase(cursor);
            break;
        }
        case protocol::schema_change: schema_change(in); break;
        case protocol::log: log_(in.text()); break;
        case protocol::thrown: thrown_ = std::string(in.text()); break;
        case protocol::finish:
            finished_ = !failed_;
            if (failed_)
                reply_error(*failed_);
            else
                send_ok();
            break;
        default: failed_ = fmt::format("it sent an unknown request ({})", static_cast<int>(kind));
        }
    }

    void run_batch(protocol::Reader& in) {
        const std::uint32_t id = in.u32();
        const std::uint32_t rows = in.u32();
        if (failed_) return;  // nothing runs after a failure; the revision hears of it at its next sync
        const auto statement = statements_.find(id);
        if (statement == statements_.end()) {
            failed_ = "it ran a statement it never prepared";
            return;
        }
        const std::size_t width = statement->second.prepared->parameter_count();
        std::vector<Value> params;
        for (std::uint32_t row = 0; row < rows && !failed_; ++row) {
            params.clear();
            for (std::size_t i = 0; i < width; ++i) params.push_back(in.value());
            if (!in.ok()) return;
            attempt(statement->second.sql, [&] {
                statement->second.prepared->run(params);
                if (record_) record_->write_only(statement->second.prepared->expanded_sql());
            });
        }
    }

    // Runs the query now (rows read later would see the revision's own later writes) and
    // keeps its rows as reply frames, a few thousand rows each.
    void query(protocol::Reader& in) {
        const std::uint32_t id = in.u32();
        const std::string sql(in.text());
        const std::vector<Value> params = read_values(in, in.u32());
        if (record_ && !failed_)
            failed_ = fmt::format("reads rows ({}), so it needs a live database: an SQL script cannot hold it (run "
                                  "'dbm {}' on the database instead)",
                                  text::one_line(sql, 60), to_string(direction_));
        if (failed_ || !in.ok()) {
            reply_error(failed_.value_or("it sent a malformed query"));
            return;
        }
        std::deque<std::string> frames;
        std::string frame;
        std::size_t count_at = 0;
        std::uint32_t in_frame = 0, columns = 0;
        const auto open = [&] {
            frame.clear();
            protocol::Writer w(frame);
            w.begin(protocol::rows);
            w.u32(columns);
            count_at = frame.size();
            w.u32(0);
            in_frame = 0;
        };
        const auto close = [&](bool more) {
            protocol::Writer w(frame);
            std::memcpy(frame.data() + count_at, &in_frame, 4);
            w.u8(more ? 1 : 0);
            const auto length = static_cast<std::uint32_t>(frame.size() - 5);
            std::memcpy(frame.data(), &length, 4);
            frames.push_back(std::move(frame));
        };
        bool opened = false;
        const bool ran = attempt(sql, [&] {
            connection_.for_each_row(sql, params, [&](std::span<const Value> row) {
                if (!opened) {
                    columns = static_cast<std::uint32_t>(row.size());
                    open();
                    opened = true;
                } else if (in_frame == protocol::rows_per_reply) {
                    close(true);
                    open();
                }
                protocol::Writer w(frame);
                for (const Value& value : row) w.value(value);
                ++in_frame;
            });
        });
        if (!ran) {
            reply_error(*failed_);
            return;
        }
        if (!opened) open();
        close(false);
        send(frames.front());
        frames.pop_front();
        if (!frames.empty()) cursors_[id] = std::move(frames);
    }

    // Rendered from the schema as it is now, in this transaction, and run statement by
    // statement.
    void schema_change(protocol::Reader& in) {
        if (failed_) return;
        std::string sql;
        try {
            sql = render_schema_change(read_schema_change(in), connection_.introspect(introspect_), connection_.dialect());
        } catch (const Interrupted&) {
            throw;
        } catch (const Error& error) {
            failed_ = error.what();
            return;
        }
        for (const ScriptStatement& statement : connection_.dialect().split_statements(sql))
            if (!attempt(statement.text, [&] {
                    connection_.execute(statement.text);
                    if (record_) record_->write_only(statement.text);
                }))
                return;
    }

    std::vector<Value> read_values(protocol::Reader& in, std::uint32_t n) {
        std::vector<Value> values;
        for (std::uint32_t i = 0; i < n && in.ok(); ++i) values.push_back(in.value());
        return values;
    }

    // Runs `work` unless a request failed before; a failure is kept for the next sync
    // (the revision pipelines, so it hears of it there). Interrupted passes through.
    template <typename Work>
    bool attempt(const std::string& sql, Work work) {
        if (failed_) return false;
        try {
            work();
            return true;
        } catch (const Interrupted&) {
            throw;
        } catch (const Error& error) {
            const std::string explained = connection_.dialect().explain_error(error.what());
            std::string quoted = text::one_line(sql);
            if (!quoted.empty() && quoted.back() == ';') quoted.pop_back();
            failed_ = explained != error.what() ? explained : fmt::format("{}, in: {}", explained, quoted);
            return false;
        }
    }

    void reply_error(const std::string& message) {
        std::string frame;
        protocol::Writer w(frame);
        w.begin(protocol::error);
        w.text(message);
        w.end();
        send(frame);
    }

    void send_ok() {
        std::string frame;
        protocol::Writer w(frame);
        w.begin(protocol::ok);
        w.end();
        send(frame);
    }

    // A write the revision cannot take (it has exited) is no error of dbm's: its exit
    // status says what became of it.
    void send(const std::string& frame) {
        std::size_t done = 0;
        while (done < frame.size()) {
            const ssize_t n = ::write(out_, frame.data() + done, frame.size() - done);
            if (n < 0 && errno == EINTR) {
                if (interrupt_requested()) throw Interrupted();
                continue;
            }
            if (n <= 0) return;
            done += static_cast<std::size_t>(n);
        }
    }

    // The next request; false at the end of the revision's output.
    bool next_frame(char& kind, std::string& payload) {
        if (!fill(5)) return false;
        std::uint32_t length = 0;
        std::memcpy(&length, buffer_.data() + start_, 4);
        kind = buffer_[start_ + 4];
        if (!fill(5 + static_cast<std::size_t>(length))) {
            if (!failed_) failed_ = "it ended in the middle of a request";
            return false;
        }
        payload.assign(buffer_, start_ + 5, length);
        start_ += 5 + length;
        return true;
    }

    // At least `n` unread bytes in the buffer; false at end of input before that.
    bool fill(std::size_t n) {
        if (buffer_.size() - start_ >= n) return true;
        buffer_.erase(0, start_);
        start_ = 0;
        char chunk[1 << 16];
        while (buffer_.size() < n) {
            // Ctrl-C, or a SIGTERM only dbm got: the revision is killed, and all rolls back.
            // The wait wakes every 100 ms, so a signal that lands just before it still counts.
            if (interrupt_requested()) throw Interrupted();
            pollfd readable{in_, POLLIN, 0};
            const int ready = ::poll(&readable, 1, 100);
            if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
            const ssize_t got = ::read(in_, chunk, sizeof chunk);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) return false;
            buffer_.append(chunk, static_cast<std::size_t>(got));
        }
        return true;
    }

    struct Prepared {
        std::unique_ptr<PreparedStatement> prepared;
        std::string sql;
    };

    const Revision& revision_;
    Direction direction_;
    Connection& connection_;
    const IntrospectOptions& introspect_;
    const std::function<void(std::string_view)>& log_;
    SqlSink* record_;
    int in_ = -1, out_ = -1;
    std::string buffer_;
    std::size_t start_ = 0;
    std::map<std::uint32_t, Prepared> statements_;
    std::map<std::uint32_t, std::deque<std::string>> cursors_;
    std::optional<std::string> failed_, thrown_;
    bool finished_ = false;
};

}  // namespace

void run_program(const fs::path& executable, const Revision& revision, Direction direction, Connection& connection,
                 const IntrospectOptions& introspect, const std::function<void(std::string_view)>& log, SqlSink* record) {
    const IgnoreSigpipe ignore_sigpipe;
    Server(revision, direction, connection, introspect, log, record).run(executable);
}

}  // namespace dbm
