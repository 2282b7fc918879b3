// check: exit 3 and one line per finding when the database or the models differ from
// what the revisions say; "OK" otherwise.
#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "core/check.hpp"
#include "dbm/error.hpp"
#include "schema/models.hpp"
#include "util/paths.hpp"

namespace dbm::cli {

void check_command(const GlobalOptions& global, const ReadOptions& options, Output& out) {
    const Project project = load_project(global);
    // A project that writes its revisions by hand has no models (or declares no table):
    // there is nothing to compare them with, and check says so on stderr.
    std::optional<Schema> models;
    std::string not_compared;
    const std::string models_file = paths::display(project.config.models_path);
    if (!std::filesystem::exists(project.config.models_path)) {
        not_compared = fmt::format("there is no {}", models_file);
    } else {
        Schema loaded = schema::load_models(project.config.models_path);
        if (!loaded.tables.empty() || loaded.manages_views || loaded.manages_triggers)
            models = std::move(loaded);
        else
            not_compared = fmt::format("{} declares no tables, views or triggers", models_file);
    }
    const auto connection =
        open_connection(project.config.database, {OpenOptions::Mode::read_only, project.config.lock_timeout_ms});
    const auto findings = check_database(project.config, project.map, *connection, models ? &*models : nullptr);

    if (options.json) {
        Json json;
        json.begin_object().key("ok").value(findings.empty()).key("models_compared").value(models.has_value());
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
    if (!not_compared.empty()) out.note(fmt::format("Models not compared: {}.", not_compared));
    if (!findings.empty())
        throw CheckFailure(fmt::format("check found {} difference(s)", findings.size()));
}

}  // namespace dbm::cli
