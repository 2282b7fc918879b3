// Where a migration's statements go: into a live database, or into an offline --sql
// script. Everything that writes (revisions, version table, dbm_log) goes through one,
// so an offline script does exactly what a live run does.
#pragma once

#include <ostream>
#include <string_view>
#include <vector>

#include "dbm/database.hpp"
#include "dbm/error.hpp"

namespace dbm {

class SqlSink {
public:
    virtual ~SqlSink() = default;
    virtual void run(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
    // A note for a reader of the script; live runs ignore it.
    virtual void comment(std::string_view) {}
    // The live database the statements go to; none for a script.
    virtual Connection* connection() { return nullptr; }
    // For a script: the scratch copy that follows it (MirroredScriptSink); none otherwise.
    virtual Connection* mirror() { return nullptr; }
    // Into the script only, for a statement already run on the mirror.
    virtual void write_only(std::string_view sql) { run(sql); }
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

// A script whose statements also run on a scratch copy, so that the copy's schema is the
// one the script has built so far: a C++ revision's schema operations in an --sql script
// are rendered from it. A statement the copy refuses (it has no rows) still goes into the
// script.
class MirroredScriptSink final : public SqlSink {
public:
    MirroredScriptSink(ScriptSink& script, Connection& mirror) : script_(script), mirror_(mirror) {}
    void run(std::string_view sql, const std::vector<SqlValue>& params) override {
        script_.run(sql, params);
        try {
            mirror_.execute(sql, params);
        } catch (const Interrupted&) {
            throw;
        } catch (const Error&) {
        }
    }
    void comment(std::string_view text) override { script_.comment(text); }
    Connection* mirror() override { return &mirror_; }
    void write_only(std::string_view sql) override { script_.run(sql, {}); }

private:
    ScriptSink& script_;
    Connection& mirror_;
};

}  // namespace dbm
