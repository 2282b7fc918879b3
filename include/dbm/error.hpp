// The one error hierarchy of dbm. Everything below main() throws one of these;
// main() catches once, prints Error::format() on stderr and exits with exit_code().
// Library exceptions (SQLite, yaml-cpp, the file system) are wrapped with context
// before they reach the user, never shown raw.
#pragma once

#include <exception>
#include <string>

namespace dbm {

enum class ExitCode : int {
    ok = 0,
    failure = 1,       // runtime failure: SQL error, conflict, lock timeout, refused operation
    bad_input = 2,     // bad usage or a bad input file
    check_failed = 3,  // a check found a difference
    interrupted = 130, // SIGINT or SIGTERM: the running work was rolled back (128 + SIGINT)
};

// Where in a file an error points; line and column are 1-based, 0 means unknown.
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;
};

// A runtime failure (exit 1).
class Error : public std::exception {
public:
    explicit Error(std::string message, SourceLocation where = {})
        : message_(std::move(message)), where_(std::move(where)) {}

    const char* what() const noexcept override { return message_.c_str(); }
    virtual ExitCode exit_code() const { return ExitCode::failure; }
    const SourceLocation& where() const { return where_; }
    // Adds what a caller up the stack knows, e.g. "; rolled back, the database is unchanged".
    void append(const std::string& context) { message_ += context; }

    // "file:line:col: error: message" when the error points into a file,
    // otherwise "dbm: error: message".
    std::string format() const;
    // "file:line: message" when it points into a file, else the message: for a finding
    // that quotes an error in a sentence of its own.
    std::string located() const;

private:
    std::string message_;
    SourceLocation where_;
};

// A row broke a constraint (NOT NULL, UNIQUE, CHECK, a foreign key, a STRICT type): a
// runtime failure that depends on the data (exit 1).
class ConstraintError : public Error {
public:
    using Error::Error;
};

// SIGINT or SIGTERM interrupted the running statement (exit 130).
class Interrupted : public Error {
public:
    Interrupted() : Error("interrupted") {}
    ExitCode exit_code() const override { return ExitCode::interrupted; }
};

// Bad usage or bad input: an unknown revision, a malformed file, a missing directory (exit 2).
class InputError : public Error {
public:
    using Error::Error;
    ExitCode exit_code() const override { return ExitCode::bad_input; }
};

// A check found a difference (exit 3).
class CheckFailure : public Error {
public:
    using Error::Error;
    ExitCode exit_code() const override { return ExitCode::check_failed; }
};

}  // namespace dbm
