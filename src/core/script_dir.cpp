#include "core/script_dir.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/templates.hpp"
#include "dbm/error.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace dbm {

namespace {

constexpr RevisionFileKind revision_file_kinds[] = {
    {".sql", false, parse_revision_file},
    {".cpp", true, parse_program_revision_file},
};

}  // namespace

const RevisionFileKind* revision_file_kind(std::string_view file_name) {
    if (file_name.empty() || file_name.front() == '.') return nullptr;
    for (const RevisionFileKind& kind : revision_file_kinds)
        if (file_name.size() > kind.extension.size() && file_name.ends_with(kind.extension)) return &kind;
    return nullptr;
}

void fail_to_list(const fs::path& versions_dir, const std::string& reason) {
    throw InputError(fmt::format("cannot read revisions in {}: {}", paths::display(versions_dir), reason));
}

std::vector<Revision> load_revisions(const fs::path& versions_dir) {
    std::error_code ec;
    fs::directory_iterator entries(versions_dir, ec);
    if (ec) fail_to_list(versions_dir, ec.message());
    std::vector<std::pair<fs::path, const RevisionFileKind*>> files;
    for (const auto& entry : entries)
        if (const RevisionFileKind* kind = revision_file_kind(entry.path().filename().native())) files.emplace_back(entry.path(), kind);
    std::sort(files.begin(), files.end());
    std::vector<Revision> revisions;
    revisions.reserve(files.size());
    for (const auto& [path, kind] : files) revisions.push_back(kind->parse(path, paths::read_file(path)));
    return revisions;
}

fs::path write_revision(const Config& config, const NewRevision& revision) {
    const std::string own_name = revision.program ? "script.cpp.tmpl" : "script.sql.tmpl";
    const fs::path project_template = config.migrations_dir / own_name;
    const bool has_own_template = fs::exists(project_template);
    const std::string template_text = has_own_template ? paths::read_file(project_template)
                                                       : std::string(revision.program ? templates::script_cpp : templates::script_sql);
    const std::string template_name = has_own_template ? paths::display(project_template) : own_name;
    const std::string contents = render_revision_file(template_text, template_name, revision);

    const std::string slug = text::slugify(revision.message);
    const fs::path path = config.versions_dir() / fmt::format("{}_{}{}", revision.id, slug, revision.program ? ".cpp" : ".sql");
    // A template edited into something dbm cannot read back is caught before a file is written.
    Revision written;
    try {
        written = revision.program ? parse_program_revision_file(path, contents) : parse_revision_file(path, contents);
    } catch (const InputError& error) {
        throw InputError(fmt::format("the revision template renders an unreadable file: {}", error.what()),
                         {template_name, 0, 0});
    }
    if (written.id != revision.id)
        throw InputError(fmt::format("the revision template writes 'Revision ID: {}' instead of '${{revision}}'", written.id),
                         {template_name, 0, 0});
    // The message must come back as it was: in a template that does not give it a line of
    // its own, it could read as a header field or a directive.
    if (written.message != text::one_line_message(revision.message))
        throw InputError(fmt::format("the revision template puts the message '{}' where it is read as something else; put "
                                     "'{} ${{message}}' on the first line, followed by an empty '{}' line",
                                     text::one_line_message(revision.message), revision.program ? "//" : "--",
                                     revision.program ? "//" : "--"),
                         {template_name, 0, 0});
    if (!fs::is_directory(config.versions_dir()))
        throw InputError(fmt::format("{} does not exist; run 'dbm init' first", paths::display(config.versions_dir())));
    paths::write_new_file(path, contents);
    return path;
}

}  // namespace dbm
