// check: exit 3 and one line per finding when the database or the models differ from
// what the revisions say; "OK" otherwise.
#include <filesystem>
#include <future>
#include <optional>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "core/autogenerate.hpp"
#include "core/check.hpp"
#include "dbm/error.hpp"
#include "schema/models.hpp"
#include "util/background.hpp"
#include "util/paths.hpp"

namespace dbm::cli {

namespace {

// What check compares the revisions with: the models, or why there are none.
struct CheckedModels {
    std::optional<Schema> schema;
    std::string not_compared;  // the reason, when schema is empty
    std::vector<std::string> warnings;
};

// A project that writes its revisions by hand has no models (or declares no table):
// there is nothing to compare them with, and check says so on stderr.
CheckedModels read_models(const Project& project) {
    const std::string models_file = paths::display(project.config.models_path);
    if (!std::filesystem::exists(project.config.models_path)) return {std::nullopt, fmt::format("there is no {}", models_file), {}};
    schema::Models loaded = schema::load_models(project.config.models_path);
    for (auto& warning : leave_out_ignored(loaded.schema, project.config)) loaded.warnings.push_back(std::move(warning));
    const Schema& declared = loaded.schema;
    if (declared.tables.empty() && !declared.manages_views && !declared.manages_triggers && !declared.manages_virtual_tables)
        return {std::nullopt, fmt::format("{} declares no tables, views or triggers", models_file), std::move(loaded.warnings)};
    return {std::move(loaded.schema), "", std::move(loaded.warnings)};
}

}  // namespace

void check_command(const GlobalOptions& global, const ReadOptions& options, Output& out) {
    const Project project = load_project(global);
    // The models are read on a thread of their own while the database is checked; an error
    // in them is still reported first, as if they had been read first.
    std::shared_future<CheckedModels> models = background::start([&project] { return read_models(project); }).share();
    const std::vector<Finding> findings = background::meanwhile(models, [&] {
        const auto connection =
            open_connection(project.config.database, {OpenOptions::Mode::read_only, project.config.lock_timeout_ms});
        return check_database(project.config, project.map, *connection, [&models]() -> const Schema* {
            const auto& schema = models.get().schema;
            return schema ? &*schema : nullptr;
        });
    });
    const CheckedModels& checked = models.get();
    for (const auto& warning : checked.warnings) out.warn(warning);

    if (options.json) {
        Json json;
        json.begin_object().key("ok").value(findings.empty()).key("models_compared").value(checked.schema.has_value());
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
    if (!findings.empty())
        throw CheckFailure(fmt::format("check found {} difference(s)", findings.size()));
}

}  // namespace dbm::cli
