// current, history, heads, branches, show: commands that only read.
#include <algorithm>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/history_graph.hpp"
#include "cli/json.hpp"
#include "core/database_state.hpp"
#include "dbm/error.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace dbm::cli {

namespace {

bool contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// The database's heads, read without creating the database or taking the lock.
std::vector<std::string> read_current(const Project& project, std::string* database_name = nullptr) {
    const auto connection =
        open_connection(project.config.database, {OpenOptions::Mode::read_only, project.config.lock_timeout_ms});
    if (database_name) *database_name = connection->display_name();
    return current_heads(project.config, project.map, *connection);
}

struct Marks {
    std::vector<std::string> current;
    bool know_current = false;
};

std::string marks_of(const RevisionMap& map, const Revision& revision, const Marks& marks) {
    std::string text;
    if (map.is_head(revision)) text += " (head)";
    if (contains(marks.current, revision.id)) text += " (current)";
    if (revision.down_revisions.size() > 1) text += " (mergepoint)";
    if (map.child_count(revision) > 1) text += " (branchpoint)";
    return text;
}

std::string verbose_entry(const RevisionMap& map, const Revision& revision, const Marks& marks, const Output& out) {
    // The message and the path come from a file: printed escaped (text::printable).
    std::string entry = fmt::format("Rev: {}{}\n", revision.id, out.highlight(marks_of(map, revision, marks)));
    if (revision.down_revisions.size() > 1)
        entry += fmt::format("Merges: {}\n", text::join(revision.down_revisions, ", "));
    else
        entry += fmt::format("Parent: {}\n", revision.down_revisions.empty() ? "<base>" : revision.down_revisions.front());
    if (!revision.depends_on.empty()) entry += fmt::format("Also depends on: {}\n", text::join(revision.depends_on, ", "));
    if (const auto children = map.children(revision.id); children.size() > 1)
        entry += fmt::format("Branches into: {}\n", text::join(children, ", "));
    entry += fmt::format("Path: {}\n", text::printable(paths::display(revision.path)));
    entry += fmt::format("Create Date: {}\n\n", revision.create_date);
    entry += fmt::format("    {}\n", revision.message.empty() ? "(no message)" : text::printable(revision.message));
    return entry;
}

void json_revision(Json& json, const RevisionMap& map, const Revision& revision, const Marks& marks) {
    json.begin_object();
    json.key("revision").value(revision.id);
    json.key("name").value(revision.name());
    json.key("message").value(revision.message);
    json.key("down_revisions").value(revision.down_revisions);
    json.key("depends_on").value(revision.depends_on);
    json.key("create_date").value(revision.create_date);
    json.key("path").value(paths::display(revision.path));
    json.key("is_head").value(map.is_head(revision));
    if (marks.know_current) json.key("is_current").value(contains(marks.current, revision.id));
    json.key("is_mergepoint").value(revision.down_revisions.size() > 1);
    json.key("is_branchpoint").value(map.child_count(revision) > 1);
    json.end_object();
}

void print_revisions(const RevisionMap& map, const std::vector<const Revision*>& revisions, const Marks& marks,
                     Output& out, std::string_view json_key) {
    if (out.json()) {
        Json json;
        json.begin_object().key(json_key).begin_array();
        for (const Revision* revision : revisions) json_revision(json, map, *revision, marks);
        json.end_array().end_object();
        out.data(json.str());
        return;
    }
    for (std::size_t i = 0; i < revisions.size(); ++i) {
        if (i) out.data("");
        std::string entry = verbose_entry(map, *revisions[i], marks, out);
        entry.pop_back();
        out.data(entry);
    }
}

}  // namespace

void current_command(const GlobalOptions& global, const ReadOptions& options, Output& out) {
    const Project project = load_project(global, true);
    std::string database;
    const std::vector<std::string> current = read_current(project, &database);
    const bool at_head = project.map.are_heads(current);

    if (out.json()) {
        Json json;
        json.begin_object();
        json.key("database").value(database);
        json.key("current").begin_array();
        for (const auto& id : current) {
            const Revision& revision = project.map.get(id);
            json.begin_object();
            json.key("revision").value(id);
            json.key("name").value(revision.name());
            json.key("message").value(revision.message);
            json.key("is_head").value(project.map.is_head(id));
            json.end_object();
        }
        json.end_array();
        json.key("heads").value(project.map.heads());
        json.key("at_head").value(at_head);
        json.end_object();
        out.data(json.str());
    } else if (out.quiet()) {
        // -q: what a script needs, the revision ids (none at base).
        for (const auto& id : current) out.data(id);
    } else if (current.empty()) {
        out.data(fmt::format("  Current revision for {}: <base>", database));
    } else {
        for (const auto& id : current)
            out.data(fmt::format("  Current revision for {}: {}{}", database, id,
                                 project.map.is_head(id) ? out.highlight(" (head)") : ""));
    }
    if (options.require_head && !at_head)
        throw CheckFailure(fmt::format("the database is not at head: it is at {}, the head is {}",
                                       names_of(project.map, current), names_of(project.map, project.map.heads())));
}

void status_command(const GlobalOptions& global, const ReadOptions&, Output& out) {
    const Project project = load_project(global);
    const auto connection =
        open_connection(project.config.database, {OpenOptions::Mode::read_only, project.config.lock_timeout_ms});
    std::vector<std::string> heads;
    const std::vector<RevisionStatus> statuses = revision_statuses(project.config, project.map, *connection, heads);
    Marks marks{heads, true};
    // applied, stamped (recorded without running it) or pending; the checksum: ok, changed,
    // or unrecorded (applied by a tool that keeps no dbm_log); "" when pending.
    const auto state = [](const RevisionStatus& status) -> std::string {
        if (!status.applied) return "pending";
        return status.recorded && status.recorded->direction == "stamp" ? "stamped" : "applied";
    };
    const auto checksum = [](const RevisionStatus& status) -> std::string {
        if (!status.applied) return "";
        if (!status.recorded) return "unrecorded";
        return status.changed() ? "changed" : "ok";
    };
    if (out.json()) {
        Json json;
        json.begin_object().key("database").value(connection->display_name()).key("current").value(heads);
        json.key("revisions").begin_array();
        for (const RevisionStatus& status : statuses) {
            json.begin_object().key("revision").value(status.revision->id).key("name").value(status.revision->name());
            json.key("message").value(status.revision->message).key("state").value(state(status));
            json.key("applied_at");
            if (status.recorded) json.value(status.recorded->applied_at); else json.null();
            json.key("duration_ms");
            if (status.recorded && status.recorded->duration_ms) json.value(*status.recorded->duration_ms); else json.null();
            json.key("checksum");
            if (status.applied) json.value(checksum(status)); else json.null();
            json.key("path").value(paths::display(status.revision->path)).end_object();
        }
        json.end_array().end_object();
        out.data(json.str());
        return;
    }
    if (statuses.empty()) return;
    std::vector<std::vector<std::string>> rows;
    for (const RevisionStatus& status : statuses) {
        const auto& recorded = status.recorded;
        rows.push_back({status.revision->id + marks_of(project.map, *status.revision, marks), state(status),
                        recorded ? recorded->applied_at.substr(0, 19) : "",
                        recorded && recorded->duration_ms ? fmt::format("{} ms", *recorded->duration_ms) : "",
                        checksum(status), text::printable(status.revision->message)});
    }
    std::string table =
        render_table({"Rev", "State", "Applied at", "Duration", "Checksum", "Message"}, rows, out.terminal_width(), 5);
    table.pop_back();
    out.data(table);
}

void history_command(const GlobalOptions& global, const ReadOptions& options, Output& out) {
    const Project project = load_project(global, true);
    const RevisionMap& map = project.map;
    Marks marks;
    marks.current = read_current(project);
    marks.know_current = true;

    std::vector<const Revision*> newest_first;
    if (options.range) {
        RevisionSet shown;
        const auto split = split_revision_range(*options.range);
        if (!split)
            throw InputError(fmt::format("-r takes a range START:END (either side may be empty), not '{}'", *options.range));
        const auto resolve = [&](std::string_view spec, std::string_view fallback) {
            if (spec.empty()) spec = fallback;
            if (spec == "current") return marks.current;
            return map.resolve(spec, marks.current);
        };
        const std::vector<std::string> lower = resolve(split->start, "base");
        const std::vector<std::string> upper = resolve(split->end, "heads");
        const RevisionSet from = lower.empty() ? RevisionSet{} : map.descendants(lower);
        for (const auto& id : map.ancestors(upper))
            if (lower.empty() || from.count(id)) shown.insert(id);
        newest_first = map.in_order(shown);
    } else {
        newest_first = map.ordered();
    }
    std::reverse(newest_first.begin(), newest_first.end());

    if (out.json() || options.verbose) {
        print_revisions(map, newest_first, marks, out, "revisions");
        return;
    }
    if (newest_first.empty()) return;
    if (options.graph) {
        const auto label = [&](const Revision& revision) {
            return fmt::format("{}{}  {}  {}", revision.id, out.highlight(marks_of(map, revision, marks)),
                               revision.create_date.substr(0, 19), text::printable(revision.message));
        };
        for (const auto& line : history_graph(newest_first, label)) out.data(line);
        return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const Revision* revision : newest_first)
        rows.push_back({revision->id + marks_of(map, *revision, marks), text::printable(revision->message),
                        revision->create_date.substr(0, 19)});
    std::string table = render_table({"Rev", "Message", "Date"}, rows, out.terminal_width(), 1);
    table.pop_back();
    out.data(table);
}

void heads_command(const GlobalOptions& global, const ReadOptions& options, Output& out) {
    const Project project = load_project(global, true);
    std::vector<const Revision*> heads;
    for (const auto& id : project.map.heads()) heads.push_back(&project.map.get(id));
    if (out.json() || options.verbose) {
        print_revisions(project.map, heads, {}, out, "heads");
        return;
    }
    // -q: the ids alone, as current -q prints them.
    for (const Revision* head : heads) out.data(out.quiet() ? head->id : fmt::format("{}{}", head->id, out.highlight(" (head)")));
}

void branches_command(const GlobalOptions& global, const ReadOptions& options, Output& out) {
    const Project project = load_project(global, true);
    const RevisionMap& map = project.map;
    std::vector<const Revision*> branchpoints;
    for (const Revision* revision : map.ordered())
        if (map.child_count(*revision) > 1) branchpoints.push_back(revision);
    if (out.json()) {
        Json json;
        json.begin_object().key("branchpoints").begin_array();
        for (const Revision* point : branchpoints) {
            json.begin_object();
            json.key("revision").value(point->id);
            json.key("name").value(point->name());
            json.key("children").value(map.children(point->id));
            json.end_object();
        }
        json.end_array().end_object();
        out.data(json.str());
        return;
    }
    for (const Revision* point : branchpoints) {
        out.data(fmt::format("{}{}", point->id, out.highlight(" (branchpoint)")));
        const std::string indent(point->id.size(), ' ');
        for (const auto& child : map.children(point->id)) {
            const Revision& revision = map.get(child);
            out.data(fmt::format("{} -> {}{}{}", indent, child, out.highlight(marks_of(map, revision, {})),
                                 options.verbose ? ", " + text::printable(revision.message) : ""));
        }
    }
}

void show_command(const GlobalOptions& global, const ReadOptions& options, Output& out) {
    const Project project = load_project(global, true);
    const std::vector<std::string> ids = project.map.resolve(options.revision, {});
    if (ids.empty()) throw InputError("'base' is not a revision; name a revision to show");
    std::vector<const Revision*> revisions;
    for (const auto& id : ids) revisions.push_back(&project.map.get(id));
    print_revisions(project.map, revisions, {}, out, "revisions");
}

}  // namespace dbm::cli
