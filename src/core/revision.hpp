// One revision file in migrations/versions (SPEC §5): its header, its two sections, its
// checksum; and how a new one is written from script.sql.tmpl.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace dbm {

struct RevisionSection {
    std::string sql;
    int first_line = 0;  // line in the file where the section's SQL starts (1-based)
};

// What a revision runs: its SQL sections, one per direction. The body is a variant so that
// a revision in another language (a program) is a second alternative, and each place that
// runs or reads a body (section_runner, checksums) dispatches on it.
struct SqlBody {
    RevisionSection upgrade;
    RevisionSection downgrade;
};
// A C++ revision (docs/cpp-revisions.md): the file is a program, compiled and run by
// core/program_runner; its upgrade() and downgrade() ask dbm to run their statements.
struct ProgramBody {
    std::string source;  // the file as the compiler reads it
};
using RevisionBody = std::variant<SqlBody, ProgramBody>;

struct Revision {
    std::string id;
    std::vector<std::string> down_revisions;  // "Revises:": none for a base, several for a merge
    std::vector<std::string> depends_on;      // "Depends On:": other branches needed first
    std::string message;
    std::string create_date;
    std::filesystem::path path;
    std::string checksum;  // SHA-256 of the file's bytes
    bool transactional = true;  // false with "-- +dbm no-transaction"
    RevisionBody body;
    int revises_line = 0;     // where "Revises:" stands, for errors about it
    int depends_on_line = 0;
    // Read from the header index (core/header_index): no body, no checksum. Only commands
    // that read the graph load revisions so.
    bool headers_only = false;

    // "<rev>_<slug>", the file name without .sql or .cpp, as upgrade/downgrade output name it.
    std::string name() const { return path.stem().string(); }

    // The SQL sections, when the body is SQL (null otherwise).
    const SqlBody* sql() const { return std::get_if<SqlBody>(&body); }
    SqlBody* sql() { return std::get_if<SqlBody>(&body); }
    bool is_program() const { return std::holds_alternative<ProgramBody>(body); }
};

// SHA-256 of a section's SQL as parsed: dbm_log keeps it beside the file's, so that a
// changed file can be told apart by what changed in it.
std::string section_checksum(const RevisionSection& section);

// The SHA-256 of what the body runs in each direction, for dbm_log; nullopt for a body
// that has no such parts.
struct BodyChecksums {
    std::string upgrade;
    std::string downgrade;
};
std::optional<BodyChecksums> body_checksums(const Revision& revision);

// Parses a revision file strictly: a malformed header or section marker is an InputError
// at "file:line".
Revision parse_revision_file(const std::filesystem::path& path, std::string_view contents);
// The same for a C++ revision: the header of "//" comments it starts with.
Revision parse_program_revision_file(const std::filesystem::path& path, std::string_view contents);

// 1 to 32 letters, digits or "_" (the version table's column is VARCHAR(32)).
bool is_valid_revision_id(std::string_view id);

// Words revision arguments use (head, heads, base, current): no revision may be called so.
bool is_reserved_revision_id(std::string_view id);

// 12 random hex digits.
std::string new_revision_id();

struct NewRevision {
    bool program = false;  // a C++ revision (from script.cpp.tmpl), else SQL
    std::string id;
    std::string message;
    std::vector<std::string> down_revisions;
    std::vector<std::string> depends_on;
    std::string create_date;  // "2026-11-25 06:30:12.123456", local time as Alembic writes it
    std::string upgrade_sql;
    std::string downgrade_sql;
};

// Fills ${message} (on one line: newlines and control characters folded), ${revision}, ${down_revision}, ${depends_on}, ${create_date},
// ${upgrades} and ${downgrades}. A line holding ${depends_on} is left out when there is
// no dependency. An unknown ${name} is an InputError at template_name:line.
std::string render_revision_file(std::string_view template_text, std::string_view template_name,
                                 const NewRevision& revision);

// "2026-11-25 06:30:12.123456" for now, in local time.
std::string current_create_date();

}  // namespace dbm
