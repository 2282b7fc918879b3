// check: exit 3 and one line per finding when the database or the models differ from
// what the revisions say; "OK" otherwise.
#include <algorithm>
#include <future>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "core/check.hpp"
#include "core/database_state.hpp"
#include "core/lint.hpp"
#include "core/verify.hpp"
#include "dbm/error.hpp"
#include "util/background.hpp"

namespace dbm::cli {

void check_command(const GlobalOptions& global, const ReadOptions& options, Output& out) {
    const Project project = load_project(global);
    // The models are read on a thread of their own while the database is checked; an error
    // in them is still reported first, as if they had been read first.
    std::shared_future<CheckedModels> models =
        background::start([&project] { return read_checked_models(project.config); }).share();
    // No database (--no-db, or none there): the revisions and the models alone, as a pull
    // request's CI checks them.
    const bool database = !options.no_db && database_exists(project.config.database);
    DatabaseCheck check = background::meanwhile(models, [&] {
        if (!database) return check_history(project.config, project.map);
        const auto connection =
            open_connection(project.config.database, {OpenOptions::Mode::read_only, project.config.lock_timeout_ms});
        return check_database(project.config, project.map, *connection);
    });
    const CheckedModels& checked = models.get();
    if (checked.schema) check_models(project.config, project.map, *checked.schema, check);
    const std::vector<Finding>& findings = check.findings;
    for (const auto& warning : checked.warnings) out.warn(warning);

    if (out.json()) {
        Json json;
        json.begin_object().key("ok").value(findings.empty()).key("models_compared").value(checked.schema.has_value());
        json.key("database_compared").value(database);
        json.key("findings").begin_array();
        for (const auto& finding : findings)
            json.begin_object().key("kind").value(finding.kind).key("message").value(finding.message).end_object();
        json.end_array().end_object();
        out.data(json.str());
    } else if (findings.empty()) {
        out.data("OK");
    } else {
        for (const auto& finding : findings) out.data(finding.message);
    }
    if (!checked.not_compared.empty()) out.note(fmt::format("Models not compared: {}.", checked.not_compared));
    if (!database)
        out.note(fmt::format("Database not compared: {}; checked the revisions and the models.",
                             options.no_db ? "--no-db" : project.config.database.display + " does not exist"));
    if (!findings.empty())
        throw CheckFailure(fmt::format("check found {} difference(s)", findings.size()));
}

void lint_command(const GlobalOptions& global, const LintOptions& options, Output& out) {
    if (options.severity != "warning" && options.severity != "error")
        throw InputError(fmt::format("--severity takes warning or error, not '{}'", options.severity));
    const LintSeverity threshold = options.severity == "error" ? LintSeverity::error : LintSeverity::warning;
    const Project project = load_project(global);
    std::unique_ptr<Connection> live;
    std::vector<std::string> current;
    if (!options.no_db && database_exists(project.config.database)) {
        live = open_connection(project.config.database, {OpenOptions::Mode::read_only, project.config.lock_timeout_ms});
        current = current_heads(project.config, project.map, *live);
    }
    // [FROM:]TO, as upgrade --sql takes it; FROM is the database's revision by default.
    std::string to = options.range.empty() ? "heads" : options.range;
    std::vector<std::string> from = current;
    if (const auto colon = options.range.find(':'); colon != std::string::npos) {
        from = project.map.resolve(options.range.substr(0, colon), current);
        to = options.range.substr(colon + 1);
        if (to.empty()) to = "heads";
    }
    // The rows say what a revision costs only when the database is where the lint starts.
    std::sort(from.begin(), from.end());
    std::sort(current.begin(), current.end());
    Connection* counted = live && from == current ? live.get() : nullptr;
    const LintReport report = lint_upgrade(project.config, project.map, from, project.map.resolve(to, current), counted);
    std::size_t over = 0;
    for (const auto& finding : report.findings)
        if (finding.severity >= threshold) ++over;
    if (out.json()) {
        Json json;
        json.begin_object().key("ok").value(over == 0).key("rows_counted").value(report.rows_counted);
        json.key("linted").begin_array();
        for (const Revision* revision : report.linted) json.value(revision->id);
        json.end_array().key("findings").begin_array();
        for (const auto& finding : report.findings)
            json.begin_object().key("revision").value(finding.revision->id).key("rule").value(finding.rule)
                .key("severity").value(to_string(finding.severity)).key("loses_data").value(finding.loses_data)
                .key("message").value(finding.message).end_object();
        json.end_array().end_object();
        out.data(json.str());
    } else {
        for (const auto& finding : report.findings)
            out.data(fmt::format("{} ({} {})", finding.message, to_string(finding.severity), finding.rule));
        if (report.findings.empty())
            out.data(report.linted.empty() ? std::string("No revisions to lint: the database is at the target.")
                                           : fmt::format("OK: {} revision(s) linted", report.linted.size()));
    }
    if (!report.rows_counted && !report.linted.empty())
        out.note("Rows not counted (no database, or a FROM other than its revision): drops are judged by what they drop.");
    if (over > 0)
        throw CheckFailure(fmt::format("lint found {} finding(s) at {} or above (silence one with a "
                                       "'-- dbm:lint ignore RULE' line in its revision)",
                                       over, options.severity));
}

void verify_command(const GlobalOptions& global, Output& out) {
    const Project project = load_project(global);
    const CheckedModels checked = read_checked_models(project.config);
    for (const auto& warning : checked.warnings) out.warn(warning);
    const VerifyReport report = verify_revisions(project.config, project.map, checked.schema);
    if (out.json()) {
        Json json;
        json.begin_object().key("ok").value(report.findings.empty());
        json.key("revisions").value(static_cast<std::int64_t>(project.map.size()));
        json.key("revisions_checked").value(static_cast<std::int64_t>(report.revisions_checked));
        json.key("models_compared").value(report.models_compared).key("findings").begin_array();
        for (const auto& finding : report.findings) {
            json.begin_object().key("kind").value(finding.kind).key("revision");
            if (finding.revision.empty()) json.null(); else json.value(finding.revision);
            json.key("message").value(finding.message).end_object();
        }
        json.end_array().end_object();
        out.data(json.str());
    } else {
        for (const auto& finding : report.findings) out.data(finding.message);
        if (report.findings.empty())
            out.data(fmt::format("OK: {} revision(s) went up, down and up again on a scratch database, each down "
                                 "restoring the schema its up started from{}",
                                 report.revisions_checked, report.models_compared ? "; the models equal head" : ""));
    }
    if (!checked.not_compared.empty()) out.note(fmt::format("Models not compared: {}.", checked.not_compared));
    if (!report.findings.empty()) throw CheckFailure(fmt::format("verify found {} problem(s)", report.findings.size()));
}

}  // namespace dbm::cli
