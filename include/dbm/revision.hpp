// The API of a C++ revision (docs/cpp-revisions.md). A revision file defines
//
//     void upgrade(dbm::Op& op);
//     void downgrade(dbm::Op& op);
//
// dbm compiles it once (cached), runs it as a child process, and runs every statement it
// asks for in dbm's own transaction, with the SQL revisions around it: if the revision
// throws, exits or crashes, the whole upgrade rolls back. This header is all it needs.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <errno.h>
#include <unistd.h>

#include "dbm/revision_protocol.hpp"

namespace dbm {

// A statement dbm ran for the revision failed (the message is the database's), or dbm
// stopped the revision. Once thrown, every later call throws it again: the upgrade is
// rolled back whatever the revision does next.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

namespace detail {

// The two pipes to dbm, with writes buffered: requests that need no answer go out in
// large writes.
class Channel {
public:
    Channel(int out, int in) : out_(out), in_(in) {}

    std::string& buffer() { return pending_; }
    void flush_if_full() {
        if (pending_.size() >= (1u << 16)) flush();
    }
    void flush() {
        std::size_t done = 0;
        while (done < pending_.size()) {
            const ssize_t n = ::write(out_, pending_.data() + done, pending_.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) std::_Exit(3);  // dbm is gone: nothing to report to
            done += static_cast<std::size_t>(n);
        }
        pending_.clear();
    }
    // Sends what is pending and reads one reply frame: its kind, its payload in `payload`.
    char await_reply(std::string& payload) {
        flush();
        char header[5];
        read_exactly(header, 5);
        std::uint32_t length = 0;
        std::memcpy(&length, header, 4);
        payload.resize(length);
        read_exactly(payload.data(), length);
        return header[4];
    }

private:
    void read_exactly(char* p, std::size_t n) {
        while (n > 0) {
            const ssize_t got = ::read(in_, p, n);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) std::_Exit(3);
            p += got;
            n -= static_cast<std::size_t>(got);
        }
    }
    int out_, in_;
    std::string pending_;
};

template <typename T>
void write_param(protocol::Writer& w, const T& v) {
    using U = std::decay_t<T>;
    if constexpr (std::is_same_v<U, std::nullptr_t> || std::is_same_v<U, std::nullopt_t>) {
        w.null();
    } else if constexpr (std::is_same_v<U, bool>) {
        w.integer(v ? 1 : 0);
    } else if constexpr (std::is_integral_v<U>) {
        w.integer(static_cast<std::int64_t>(v));
    } else if constexpr (std::is_floating_point_v<U>) {
        w.real(static_cast<double>(v));
    } else if constexpr (std::is_same_v<U, Blob>) {
        w.blob_value(v.bytes);
    } else if constexpr (std::is_same_v<U, Value>) {
        w.value(v);
    } else if constexpr (std::is_convertible_v<const U&, std::string_view>) {
        w.text_value(std::string_view(v));
    } else {
        if (v)
            write_param(w, *v);  // std::optional<T>
        else
            w.null();
    }
}

}  // namespace detail

class Op;

// A column for create_table and add_column. The type is a generic one (integer, string(80),
// text, boolean, datetime, numeric(10,2), ... as models.yaml takes them) or the engine's
// own declaration; default_sql is SQL (a literal such as 'x' or 0, or an expression).
struct Column {
    std::string name;
    std::string type;
    bool nullable = true;
    bool primary_key = false;
    std::optional<std::string> default_sql = std::nullopt;
};

// What alter_column changes; what it leaves unset stays as it is.
struct ColumnChange {
    std::optional<std::string> type = std::nullopt;
    std::optional<bool> nullable = std::nullopt;
    std::optional<std::string> default_sql = std::nullopt;
    bool drop_default = false;
};

// One row of a query. Columns are numbered from 0; a cell read as another type than it
// holds is converted as SQLite converts (integer() of NULL is 0, text() of 42 is "42").
class Row {
public:
    std::size_t size() const { return cells_->size(); }
    bool is_null(std::size_t column) const { return at(column).index() == 0; }
    std::int64_t integer(std::size_t column) const {
        const Value& v = at(column);
        if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
        if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
        if (const auto* s = std::get_if<std::string>(&v)) return std::strtoll(s->c_str(), nullptr, 10);
        return 0;
    }
    double real(std::size_t column) const {
        const Value& v = at(column);
        if (const auto* d = std::get_if<double>(&v)) return *d;
        if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
        if (const auto* s = std::get_if<std::string>(&v)) return std::strtod(s->c_str(), nullptr);
        return 0;
    }
    // The text of a text or blob cell; numbers as SQLite writes them; "" for NULL.
    std::string text(std::size_t column) const {
        const Value& v = at(column);
        if (const auto* s = std::get_if<std::string>(&v)) return *s;
        if (const auto* b = std::get_if<Blob>(&v)) return b->bytes;
        if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
        if (const auto* d = std::get_if<double>(&v)) {
            char buffer[32];
            std::snprintf(buffer, sizeof buffer, "%.15g", *d);
            return buffer;
        }
        return {};
    }
    Blob blob(std::size_t column) const {
        const Value& v = at(column);
        if (const auto* b = std::get_if<Blob>(&v)) return *b;
        return Blob{text(column)};
    }
    const Value& value(std::size_t column) const { return at(column); }

private:
    friend class Rows;
    explicit Row(const std::vector<Value>* cells) : cells_(cells) {}
    const Value& at(std::size_t column) const {
        if (column >= cells_->size())
            throw Error("row has " + std::to_string(cells_->size()) + " columns; column " + std::to_string(column) +
                        " asked for");
        return (*cells_)[column];
    }
    const std::vector<Value>* cells_;
};

// The rows of a query, read from dbm a few thousand at a time as the loop goes on (dbm
// reads them all when the query runs, so statements run meanwhile do not change them).
class Rows {
public:
    class iterator {
    public:
        Row operator*() const { return Row(&rows_->cells_); }
        iterator& operator++() {
            rows_->advance();
            return *this;
        }
        bool operator!=(const iterator&) const { return rows_ && !rows_->done_; }

    private:
        friend class Rows;
        explicit iterator(Rows* rows) : rows_(rows) {}
        Rows* rows_;
    };
    iterator begin() {
        advance();
        return iterator(this);
    }
    iterator end() { return iterator(nullptr); }

private:
    friend class Op;
    Rows(Op& op, std::uint32_t id, std::string payload)
        : op_(&op), id_(id), payload_(std::move(payload)), reader_(payload_) {
        read_header();
    }
    void read_header();
    void advance();

    Op* op_;
    std::uint32_t id_;
    std::string payload_;
    protocol::Reader reader_;
    std::uint32_t columns_ = 0, left_ = 0;
    bool done_ = false;
    std::vector<Value> cells_;
};

// A statement prepared once and run for many rows: `update(a, b, c)` binds the values to
// its parameters in order. Runs are batched: an error surfaces at the next query, or when
// the revision ends, as dbm::Error.
class Statement {
public:
    template <typename... Params>
    void operator()(const Params&... params);

private:
    friend class Op;
    Statement(Op& op, std::uint32_t id) : op_(&op), id_(id) {}
    Op* op_;
    std::uint32_t id_;
};

class Op {
public:
    explicit Op(detail::Channel& channel) : channel_(channel) {}
    Op(const Op&) = delete;
    Op& operator=(const Op&) = delete;

    // Runs one statement with its parameters (`?` in the SQL, bound in order).
    template <typename... Params>
    void execute(std::string_view sql, const Params&... params) {
        protocol::Writer w(channel_.buffer());
        end_batch();
        w.begin(protocol::execute);
        w.text(sql);
        w.u32(static_cast<std::uint32_t>(sizeof...(Params)));
        (detail::write_param(w, params), ...);
        w.end();
        channel_.flush_if_full();
    }

    // Prepares a statement to run for many rows (see Statement).
    Statement prepare(std::string_view sql) {
        protocol::Writer w(channel_.buffer());
        end_batch();
        const std::uint32_t id = next_statement_++;
        w.begin(protocol::prepare);
        w.u32(id);
        w.text(sql);
        w.end();
        return Statement(*this, id);
    }

    // The rows of a query; `for (auto row : op.rows("SELECT id, name FROM person"))`.
    template <typename... Params>
    Rows rows(std::string_view sql, const Params&... params) {
        protocol::Writer w(channel_.buffer());
        end_batch();
        const std::uint32_t id = next_query_++;
        w.begin(protocol::query);
        w.u32(id);
        w.text(sql);
        w.u32(static_cast<std::uint32_t>(sizeof...(Params)));
        (detail::write_param(w, params), ...);
        w.end();
        return Rows(*this, id, await(protocol::rows));
    }

    // Inserts rows into a table's columns: `op.bulk_insert("person", {"id", "name"},
    // {{1, "Ada"}, {2, "Grace"}})`.
    void bulk_insert(std::string_view table, std::initializer_list<std::string_view> columns,
                     const std::vector<std::vector<Value>>& rows) {
        protocol::Writer w(channel_.buffer());
        end_batch();
        const std::uint32_t id = next_statement_++;
        w.begin(protocol::prepare_insert);
        w.u32(id);
        w.text(table);
        w.u32(static_cast<std::uint32_t>(columns.size()));
        for (std::string_view column : columns) w.text(column);
        w.end();
        for (const auto& row : rows) {
            if (row.size() != columns.size())
                throw Error("bulk_insert into " + std::string(table) + ": a row of " + std::to_string(row.size()) +
                            " values for " + std::to_string(columns.size()) + " columns");
            add_to_batch(id, [&](protocol::Writer& out) {
                for (const Value& value : row) out.value(value);
            });
        }
    }

    // Schema operations, rendered by dbm's own dialect as autogenerate renders them (on
    // SQLite, a change ALTER TABLE cannot make is the rebuild that keeps every row and
    // clause), so a revision that uses only these runs on every engine dbm supports.
    void create_table(std::string_view table, const std::vector<Column>& columns) {
        schema_change(protocol::SchemaChange::create_table, [&](protocol::Writer& w) {
            w.text(table);
            w.u32(static_cast<std::uint32_t>(columns.size()));
            for (const Column& column : columns) write_column(w, column);
        });
    }
    void drop_table(std::string_view table) {
        schema_change(protocol::SchemaChange::drop_table, [&](protocol::Writer& w) { w.text(table); });
    }
    void rename_table(std::string_view from, std::string_view to) {
        schema_change(protocol::SchemaChange::rename_table, [&](protocol::Writer& w) {
            w.text(from);
            w.text(to);
        });
    }
    void add_column(std::string_view table, const Column& column) {
        schema_change(protocol::SchemaChange::add_column, [&](protocol::Writer& w) {
            w.text(table);
            write_column(w, column);
        });
    }
    // `op.add_column("person", "first_name", "string(100)")`: a nullable column.
    void add_column(std::string_view table, std::string_view column, std::string_view type) {
        add_column(table, Column{std::string(column), std::string(type)});
    }
    void drop_column(std::string_view table, std::string_view column) {
        schema_change(protocol::SchemaChange::drop_column, [&](protocol::Writer& w) {
            w.text(table);
            w.text(column);
        });
    }
    void alter_column(std::string_view table, std::string_view column, const ColumnChange& change) {
        schema_change(protocol::SchemaChange::alter_column, [&](protocol::Writer& w) {
            w.text(table);
            w.text(column);
            w.u8(change.type ? 1 : 0);
            w.text(change.type.value_or(""));
            w.u8(change.nullable ? 1 : 0);
            w.u8(change.nullable.value_or(true) ? 1 : 0);
            w.u8(change.drop_default ? 2 : change.default_sql ? 1 : 0);
            w.text(change.default_sql.value_or(""));
        });
    }
    void rename_column(std::string_view table, std::string_view from, std::string_view to) {
        schema_change(protocol::SchemaChange::rename_column, [&](protocol::Writer& w) {
            w.text(table);
            w.text(from);
            w.text(to);
        });
    }
    void create_index(std::string_view name, std::string_view table, std::initializer_list<std::string_view> columns,
                      bool unique = false) {
        schema_change(protocol::SchemaChange::create_index, [&](protocol::Writer& w) {
            w.text(name);
            w.text(table);
            w.u32(static_cast<std::uint32_t>(columns.size()));
            for (std::string_view column : columns) w.text(column);
            w.u8(unique ? 1 : 0);
        });
    }
    void drop_index(std::string_view name) {
        schema_change(protocol::SchemaChange::drop_index, [&](protocol::Writer& w) { w.text(name); });
    }

    // A progress line dbm prints under the revision's name.
    void log(std::string_view text) {
        protocol::Writer w(channel_.buffer());
        end_batch();
        w.begin(protocol::log);
        w.text(text);
        w.end();
    }

    // Called by main() after upgrade()/downgrade() return.
    void finish() {
        end_batch();
        protocol::Writer w(channel_.buffer());
        w.begin(protocol::finish);
        w.end();
        await(protocol::ok);
    }
    // Called by main() when the revision threw: tells dbm why.
    void report_thrown(std::string_view what) {
        end_batch();
        protocol::Writer w(channel_.buffer());
        w.begin(protocol::thrown);
        w.text(what);
        w.end();
        channel_.flush();
    }

private:
    friend class Rows;
    friend class Statement;

    static void write_column(protocol::Writer& w, const Column& column) {
        w.text(column.name);
        w.text(column.type);
        w.u8(column.nullable ? 1 : 0);
        w.u8(column.primary_key ? 1 : 0);
        w.u8(column.default_sql ? 1 : 0);
        w.text(column.default_sql.value_or(""));
    }
    // Sent as any pipelined request: a failure surfaces at the next query or at the end.
    template <typename WriteFields>
    void schema_change(protocol::SchemaChange kind, WriteFields write_fields) {
        protocol::Writer w(channel_.buffer());
        end_batch();
        w.begin(protocol::schema_change);
        w.u8(static_cast<std::uint8_t>(kind));
        write_fields(w);
        w.end();
    }

    // Rows of one statement are sent as one batch frame while they come in a row.
    template <typename WriteValues>
    void add_to_batch(std::uint32_t id, WriteValues write_values) {
        std::string& out = channel_.buffer();
        if (!batch_open_ || batch_id_ != id || out.size() >= (1u << 16)) {
            end_batch();
            channel_.flush_if_full();
            protocol::Writer w(out);
            batch_start_ = out.size();
            w.begin(protocol::run_batch);
            w.u32(id);
            batch_rows_at_ = out.size();
            w.u32(0);
            batch_open_ = true;
            batch_id_ = id;
            batch_rows_ = 0;
        }
        protocol::Writer w(out);
        write_values(w);
        ++batch_rows_;
    }
    void end_batch() {
        if (!batch_open_) return;
        std::string& out = channel_.buffer();
        const auto length = static_cast<std::uint32_t>(out.size() - batch_start_ - 5);
        std::memcpy(out.data() + batch_start_, &length, 4);
        std::memcpy(out.data() + batch_rows_at_, &batch_rows_, 4);
        batch_open_ = false;
    }
    // Sends what is pending and waits for the reply of kind `expected`.
    std::string await(char expected) {
        if (failure_) throw Error(*failure_);
        end_batch();
        std::string payload;
        const char kind = channel_.await_reply(payload);
        if (kind == expected) return payload;
        protocol::Reader r(payload);
        failure_ = kind == protocol::error ? std::string(r.text()) : std::string("dbm sent an unexpected reply");
        throw Error(*failure_);
    }
    void request_more_rows(std::uint32_t query) {
        protocol::Writer w(channel_.buffer());
        end_batch();
        w.begin(protocol::next_rows);
        w.u32(query);
        w.end();
    }

    detail::Channel& channel_;
    std::uint32_t next_statement_ = 1, next_query_ = 1;
    bool batch_open_ = false;
    std::uint32_t batch_id_ = 0, batch_rows_ = 0;
    std::size_t batch_start_ = 0, batch_rows_at_ = 0;
    std::optional<std::string> failure_;
};

template <typename... Params>
void Statement::operator()(const Params&... params) {
    op_->add_to_batch(id_, [&](protocol::Writer& w) { (detail::write_param(w, params), ...); });
}

inline void Rows::read_header() {
    columns_ = reader_.u32();
    left_ = reader_.u32();
    cells_.resize(columns_);
}

inline void Rows::advance() {
    while (left_ == 0) {
        if (reader_.u8() == 0) {  // no more replies after this one
            done_ = true;
            return;
        }
        op_->request_more_rows(id_);
        payload_ = op_->await(protocol::rows);
        reader_ = protocol::Reader(payload_);
        read_header();
    }
    for (auto& cell : cells_) cell = reader_.value();
    if (!reader_.ok()) throw Error("dbm sent a malformed row");
    --left_;
}

}  // namespace dbm

#ifdef DBM_REVISION_MAIN
void upgrade(dbm::Op& op);
void downgrade(dbm::Op& op);

// dbm runs the compiled revision as `<program> upgrade|downgrade`.
int main(int argc, char** argv) {
    if (argc != 2 || (std::string_view(argv[1]) != "upgrade" && std::string_view(argv[1]) != "downgrade")) {
        std::fputs("this program is a dbm revision: 'dbm upgrade' runs it\n", stderr);
        return 2;
    }
    dbm::detail::Channel channel(dbm::protocol::request_fd, dbm::protocol::reply_fd);
    dbm::Op op(channel);
    try {
        if (std::string_view(argv[1]) == "upgrade")
            upgrade(op);
        else
            downgrade(op);
        op.finish();
    } catch (const std::exception& error) {
        op.report_thrown(error.what());
        return 1;
    } catch (...) {
        op.report_thrown("an exception that is not a std::exception");
        return 1;
    }
    return 0;
}
#endif
