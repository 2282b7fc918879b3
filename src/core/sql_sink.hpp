// Where a migration's statements go: into a live database, or into an offline --sql
// script. Everything that writes (revisions, version table, dbm_log) goes through one,
// so an offline script does exactly what a live run does.
#pragma once

#include <ostream>
#include <string_view>
#include <vector>

#include "dbm/database.hpp"

namespace dbm {

class SqlSink {
public:
    virtual ~SqlSink() = default;
    virtual void run(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
    // A note for a reader of the script; live runs ignore it.
    virtual void comment(std::string_view) {}
    // The live database the statements go to; none for a script.
    virtual Connection* connection() { return nullptr; }
};

class ConnectionSink final : public SqlSink {
public:
    explicit ConnectionSink(Connection& connection) : connection_(connection) {}
    void run(std::string_view sql, const std::vector<SqlValue>& params) override { connection_.execute(sql, params); }
    Connection* connection() override { return &connection_; }

private:
    Connection& connection_;
};

// Writes each statement followed by ";", with parameters written as literals.
class ScriptSink final : public SqlSink {
public:
    ScriptSink(std::ostream& out, const Dialect& dialect) : out_(out), dialect_(dialect) {}
    void run(std::string_view sql, const std::vector<SqlValue>& params) override;
    void comment(std::string_view text) override;

private:
    std::ostream& out_;
    const Dialect& dialect_;
};

}  // namespace dbm
