// The wire format between dbm and a compiled C++ revision (docs/cpp-revisions.md). The
// revision runs as a child process and asks dbm, over two pipes, to run its statements in
// dbm's own transaction. Both sides include this header: dbm (src/core/program_runner) and
// the revision (through dbm/revision.hpp, compiled by the user's compiler), so it needs
// nothing but the standard library.
//
// A frame is a 4-byte payload length, a 1-byte kind and the payload, in the host's byte
// order (both ends run on one machine). The revision writes requests on descriptor 3 and
// reads replies on descriptor 4. Only a sync request (query, next, finish) gets a reply,
// and dbm writes nothing else, so the revision can pipeline every other request: a batch
// of rows costs no round trip. A request that fails makes dbm answer the next sync with
// an error, and the revision fails.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "dbm/value.hpp"

namespace dbm {

namespace protocol {

inline constexpr int api_version = 1;
inline constexpr int request_fd = 3;  // the revision writes, dbm reads
inline constexpr int reply_fd = 4;    // dbm writes, the revision reads

// Requests, from the revision.
inline constexpr char execute = 'E';       // sql, values
inline constexpr char prepare = 'P';       // u32 id, sql
inline constexpr char prepare_insert = 'I';  // u32 id, table, u32 n, n column names
inline constexpr char run_batch = 'B';     // u32 id, u32 rows, rows × (the statement's parameters) values
inline constexpr char query = 'Q';         // u32 id, sql, values: sync, answered by rows
inline constexpr char next_rows = 'N';     // u32 id: sync, the query's next rows
inline constexpr char log = 'L';           // text, for dbm to print
inline constexpr char schema_change = 'S';  // u8 SchemaChange, then its fields (revision.hpp)
inline constexpr char thrown = 'T';        // the exception's text; the revision then exits
inline constexpr char finish = 'F';        // sync: done, answered by ok or error
// Replies, from dbm.
inline constexpr char rows = 'R';          // u32 columns, u32 rows, values, u8 more
inline constexpr char ok = 'K';
inline constexpr char error = 'X';         // message

inline constexpr std::uint32_t rows_per_reply = 4096;

// The schema operations, each rendered by dbm's own dialect.
enum class SchemaChange : std::uint8_t {
    create_table = 1,  // table, u32 n, n columns
    drop_table,        // table
    rename_table,      // from, to
    add_column,        // table, column
    drop_column,       // table, column name
    alter_column,      // table, column name, u8 has type, type, u8 has nullable, u8 nullable, u8 default (0 keep, 1 set, 2 drop), default
    rename_column,     // table, from, to
    create_index,      // name, table, u32 n, n column names, u8 unique
    drop_index,        // name
};
// A column: name, type, u8 nullable, u8 primary key, u8 has default, default (SQL).

enum class Tag : std::uint8_t { null = 0, integer = 1, real = 2, text = 3, blob = 4 };

// Appends to a frame being built.
class Writer {
public:
    explicit Writer(std::string& out) : out_(out) {}
    // Starts a frame; end() fills in its length.
    void begin(char kind) {
        start_ = out_.size();
        out_.append(4, '\0');
        out_.push_back(kind);
    }
    void end() {
        const auto length = static_cast<std::uint32_t>(out_.size() - start_ - 5);
        std::memcpy(out_.data() + start_, &length, 4);
    }
    void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
    void u32(std::uint32_t v) { raw(&v, 4); }
    void text(std::string_view s) {
        u32(static_cast<std::uint32_t>(s.size()));
        out_.append(s);
    }
    void value(const Value& v) {
        switch (v.index()) {
        case 0: u8(static_cast<std::uint8_t>(Tag::null)); break;
        case 1: u8(static_cast<std::uint8_t>(Tag::integer)); raw(&std::get<1>(v), 8); break;
        case 2: u8(static_cast<std::uint8_t>(Tag::real)); raw(&std::get<2>(v), 8); break;
        case 3: u8(static_cast<std::uint8_t>(Tag::text)); text(std::get<3>(v)); break;
        default: u8(static_cast<std::uint8_t>(Tag::blob)); text(std::get<4>(v).bytes); break;
        }
    }
    void integer(std::int64_t v) {
        u8(static_cast<std::uint8_t>(Tag::integer));
        raw(&v, 8);
    }
    void real(double v) {
        u8(static_cast<std::uint8_t>(Tag::real));
        raw(&v, 8);
    }
    void text_value(std::string_view s) {
        u8(static_cast<std::uint8_t>(Tag::text));
        text(s);
    }
    void blob_value(std::string_view s) {
        u8(static_cast<std::uint8_t>(Tag::blob));
        text(s);
    }
    void null() { u8(static_cast<std::uint8_t>(Tag::null)); }

private:
    void raw(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }
    std::string& out_;
    std::size_t start_ = 0;
};

// Reads a frame's payload; a payload that ends early is refused (ok() turns false) rather
// than read past.
class Reader {
public:
    explicit Reader(std::string_view payload) : in_(payload) {}
    bool ok() const { return ok_; }
    std::uint8_t u8() {
        std::uint8_t v = 0;
        raw(&v, 1);
        return v;
    }
    std::uint32_t u32() {
        std::uint32_t v = 0;
        raw(&v, 4);
        return v;
    }
    std::string_view text() {
        const std::uint32_t n = u32();
        if (!ok_ || n > in_.size()) return fail();
        const std::string_view s = in_.substr(0, n);
        in_.remove_prefix(n);
        return s;
    }
    Value value() {
        switch (static_cast<Tag>(u8())) {
        case Tag::null: return nullptr;
        case Tag::integer: {
            std::int64_t v = 0;
            raw(&v, 8);
            return v;
        }
        case Tag::real: {
            double v = 0;
            raw(&v, 8);
            return v;
        }
        case Tag::text: return std::string(text());
        case Tag::blob: return Blob{std::string(text())};
        }
        fail();
        return nullptr;
    }

private:
    std::string_view fail() {
        ok_ = false;
        in_ = {};
        return {};
    }
    void raw(void* p, std::size_t n) {
        if (in_.size() < n) {
            fail();
            std::memset(p, 0, n);
            return;
        }
        std::memcpy(p, in_.data(), n);
        in_.remove_prefix(n);
    }
    std::string_view in_;
    bool ok_ = true;
};

}  // namespace protocol
}  // namespace dbm
