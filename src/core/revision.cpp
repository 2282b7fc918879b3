#include "core/revision.hpp"

#include <array>
#include <chrono>
#include <ctime>
#include <optional>
#include <random>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "util/checksum.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace dbm {

namespace {

constexpr std::string_view directive_prefix = "+dbm";
constexpr std::array<std::string_view, 3> directives = {"upgrade", "downgrade", "no-transaction"};

enum class Part { header, upgrade, downgrade };

// The text of a comment line ("--" in SQL, "//" in C++) without its marker and
// surrounding blanks, or nullopt.
std::optional<std::string_view> comment_text(std::string_view line, std::string_view marker) {
    const std::string_view trimmed = text::trim(line);
    if (trimmed.substr(0, 2) != marker) return std::nullopt;
    return text::trim(trimmed.substr(2));
}

struct HeaderField {
    std::string_view name;
    bool seen = false;
};

class Parser {
public:
    // A C++ revision's header is the comment block it starts with; the rest is the program.
    Parser(const std::filesystem::path& path, std::string_view contents, bool program)
        : path_(path), contents_(contents), program_(program), marker_(program ? "//" : "--") {
        revision_.path = path;
        if (program_) revision_.body = ProgramBody{};
    }

    Revision parse() {
        revision_.checksum = sha256_hex(contents_);
        contents_ = text::without_bom(contents_);
        // A NUL would end the SQL where SQLite reads it as a C string: statements after it
        // would be skipped without a word.
        if (const auto problem = text::find_text_problem(contents_))
            fail(text::line_column_at(contents_, problem->offset).line,
                 fmt::format("the file holds {}; a revision file must be UTF-8 text", problem->message));
        // The Alembic layout's first line is the message, whatever it says: "-- <message>"
        // then an empty "--". A message is data, never a field or a directive.
        const auto first_end = contents_.find('\n');
        if (first_end != std::string_view::npos) {
            const auto second_end = contents_.find('\n', first_end + 1);
            const auto first = comment_text(contents_.substr(0, first_end), marker_);
            const auto second = comment_text(contents_.substr(first_end + 1, second_end == std::string_view::npos
                                                                                   ? std::string_view::npos
                                                                                   : second_end - first_end - 1),
                                             marker_);
            if (first && !first->empty() && second && second->empty()) {
                revision_.message = std::string(*first);
                message_seen_ = true;
                message_line_ = 1;
            }
        }
        int line_number = 0;
        std::size_t pos = 0;
        // Every line, the last one with or without its newline; nothing after a final newline.
        while (pos < contents_.size() || (pos == 0 && contents_.empty())) {
            const auto end = contents_.find('\n', pos);
            const std::string_view line =
                contents_.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
            ++line_number;
            handle_line(line, line_number);
            if (end == std::string_view::npos) break;
            pos = end + 1;
        }
        if (revision_.id.empty()) fail(1, fmt::format("missing '{} Revision ID: <id>' in the header", marker_));
        if (!revises_seen_)
            fail(1, fmt::format("missing '{} Revises: <parent ids>' in the header (empty for the first revision)", marker_));
        if (program_) {
            revision_.body = ProgramBody{std::string(contents_)};
            return std::move(revision_);
        }
        if (part_ == Part::header) fail(line_number, "missing '-- +dbm upgrade' section");
        if (!downgrade_seen_) fail(line_number, "missing '-- +dbm downgrade' section (it may be empty)");
        return std::move(revision_);
    }

private:
    [[noreturn]] void fail(int line, const std::string& message) const {
        // The display path costs a getcwd: made only for the error, not for every file read.
        throw InputError(message, {paths::display(path_), line, 0});
    }

    void handle_line(std::string_view line, int line_number) {
        if (line_number == message_line_ || in_program_) return;
        const auto comment = comment_text(line, marker_);
        if (program_) {
            // The header ends at the first line that is no comment; the program is the C++
            // compiler's to read.
            if (!comment && !text::trim(line).empty()) {
                in_program_ = true;
                return;
            }
            if (comment && comment->substr(0, directive_prefix.size()) == directive_prefix)
                fail(line_number, "'// +dbm' directives are for SQL revisions; a C++ revision always runs in the "
                                  "upgrade's transaction");
            if (comment) handle_header_line(line, comment, line_number);
            return;
        }
        if (comment && comment->substr(0, directive_prefix.size()) == directive_prefix) {
            handle_directive(text::trim(comment->substr(directive_prefix.size())), line_number);
            return;
        }
        if (part_ == Part::header) {
            handle_header_line(line, comment, line_number);
            return;
        }
        RevisionSection& section = part_ == Part::upgrade ? revision_.sql()->upgrade : revision_.sql()->downgrade;
        section.sql.append(line);
        section.sql += '\n';
    }

    void handle_directive(std::string_view directive, int line_number) {
        if (directive == "upgrade") {
            if (part_ != Part::header) fail(line_number, "a second '-- +dbm upgrade' section");
            part_ = Part::upgrade;
            revision_.sql()->upgrade.first_line = line_number + 1;
        } else if (directive == "downgrade") {
            if (part_ == Part::header) fail(line_number, "'-- +dbm downgrade' comes before '-- +dbm upgrade'");
            if (downgrade_seen_) fail(line_number, "a second '-- +dbm downgrade' section");
            part_ = Part::downgrade;
            downgrade_seen_ = true;
            revision_.sql()->downgrade.first_line = line_number + 1;
        } else if (directive == "no-transaction") {
            if (part_ != Part::header)
                fail(line_number, "'-- +dbm no-transaction' belongs in the header, before '-- +dbm upgrade'");
            revision_.transactional = false;
        } else {
            const std::string hint = text::closest_match(directive, directives);
            fail(line_number, hint.empty() ? fmt::format("unknown directive '-- +dbm {}'", directive)
                                           : fmt::format("unknown directive '-- +dbm {}' (did you mean '-- +dbm {}'?)",
                                                         directive, hint));
        }
    }

    void handle_header_line(std::string_view line, std::optional<std::string_view> comment, int line_number) {
        if (!comment) {
            if (!text::trim(line).empty())
                fail(line_number, "SQL before '-- +dbm upgrade'; statements belong in the upgrade or downgrade section");
            return;
        }
        const auto colon = comment->find(':');
        if (colon != std::string_view::npos) {
            const std::string_view key = text::trim(comment->substr(0, colon));
            const std::string_view value = text::trim(comment->substr(colon + 1));
            if (text::iequals(key, "Revision ID")) {
                once(seen_id_, "Revision ID", line_number);
                if (!is_valid_revision_id(value))
                    fail(line_number, fmt::format("invalid revision id '{}': use 1 to 32 letters, digits or '_'", value));
                if (is_reserved_revision_id(value))
                    fail(line_number, fmt::format("revision id '{}' is a word revision arguments reserve (head, heads, "
                                                  "base, current)",
                                                  value));
                revision_.id = std::string(value);
                return;
            }
            if (text::iequals(key, "Revises")) {
                once(revises_seen_, "Revises", line_number);
                revision_.down_revisions = id_list(value, line_number);
                revision_.revises_line = line_number;
                return;
            }
            if (text::iequals(key, "Depends On")) {
                once(depends_seen_, "Depends On", line_number);
                revision_.depends_on = id_list(value, line_number);
                revision_.depends_on_line = line_number;
                return;
            }
            if (text::iequals(key, "Create Date")) {
                once(date_seen_, "Create Date", line_number);
                revision_.create_date = std::string(value);
                return;
            }
        }
        // The first comment line that is not a field is the message; later ones are notes.
        if (!message_seen_ && !comment->empty()) {
            revision_.message = std::string(*comment);
            message_seen_ = true;
        }
    }

    void once(bool& seen, std::string_view field, int line_number) const {
        if (seen) fail(line_number, fmt::format("'{}' appears twice in the header", field));
        seen = true;
    }

    std::vector<std::string> id_list(std::string_view value, int line_number) const {
        std::vector<std::string> ids = text::split_list(value, ',');
        for (const auto& id : ids)
            if (!is_valid_revision_id(id)) fail(line_number, fmt::format("invalid revision id '{}'", id));
        return ids;
    }

    const std::filesystem::path& path_;
    std::string_view contents_;
    bool program_;
    std::string_view marker_;
    bool in_program_ = false;
    Revision revision_;
    Part part_ = Part::header;
    bool seen_id_ = false, revises_seen_ = false, depends_seen_ = false, date_seen_ = false;
    bool message_seen_ = false, downgrade_seen_ = false;
    int message_line_ = 0;  // the line read as the message before anything else
};

}  // namespace

bool is_valid_revision_id(std::string_view id) {
    if (id.empty() || id.size() > 32) return false;
    for (char c : id) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || !(std::isalnum(u) || c == '_')) return false;
    }
    return true;
}

bool is_reserved_revision_id(std::string_view id) {
    for (const char* word : {"head", "heads", "base", "current"})
        if (text::iequals(id, word)) return true;
    return false;
}

std::string section_checksum(const RevisionSection& section) { return sha256_hex(section.sql); }

std::optional<BodyChecksums> body_checksums(const Revision& revision) {
    if (const SqlBody* sql = revision.sql()) return BodyChecksums{section_checksum(sql->upgrade), section_checksum(sql->downgrade)};
    return std::nullopt;
}

Revision parse_revision_file(const std::filesystem::path& path, std::string_view contents) {
    return Parser(path, contents, false).parse();
}

Revision parse_program_revision_file(const std::filesystem::path& path, std::string_view contents) {
    return Parser(path, contents, true).parse();
}

std::string new_revision_id() {
    std::random_device device;
    std::uniform_int_distribution<int> digit(0, 15);
    std::string id;
    for (int i = 0; i < 12; ++i) id += "0123456789abcdef"[digit(device)];
    return id;
}

std::string current_create_date() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
    std::tm local{};
    localtime_r(&seconds, &local);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &local);
    return fmt::format("{}.{:06d}", buffer, micros);
}

std::string render_revision_file(std::string_view template_text, std::string_view template_name,
                                 const NewRevision& revision) {
    const std::string down_revisions = text::join(revision.down_revisions, ", ");
    const std::string depends_on = text::join(revision.depends_on, ", ");
    const std::string message = text::one_line_message(revision.message);
    const auto value_of = [&](std::string_view name) -> const std::string* {
        if (name == "message") return &message;
        if (name == "revision") return &revision.id;
        if (name == "down_revision") return &down_revisions;
        if (name == "depends_on") return &depends_on;
        if (name == "create_date") return &revision.create_date;
        if (name == "upgrades") return &revision.upgrade_sql;
        if (name == "downgrades") return &revision.downgrade_sql;
        return nullptr;
    };
    std::string out;
    int line_number = 0;
    std::size_t pos = 0;
    while (pos < template_text.size()) {
        const auto end = template_text.find('\n', pos);
        const std::string_view line = template_text.substr(pos, end == std::string_view::npos ? end : end - pos + 1);
        pos = end == std::string_view::npos ? template_text.size() : end + 1;
        ++line_number;
        if (depends_on.empty() && line.find("${depends_on}") != std::string_view::npos) continue;
        const std::size_t line_start = out.size();
        for (std::size_t i = 0; i < line.size();) {
            const auto open = line.find("${", i);
            if (open == std::string_view::npos) {
                out.append(line.substr(i));
                break;
            }
            const auto close = line.find('}', open);
            if (close == std::string_view::npos)
                throw InputError("unterminated '${' in the revision template",
                                 {std::string(template_name), line_number, static_cast<int>(open) + 1});
            const std::string_view name = line.substr(open + 2, close - open - 2);
            const std::string* value = value_of(name);
            if (!value)
                throw InputError(fmt::format("unknown template variable '${{{}}}'", name),
                                 {std::string(template_name), line_number, static_cast<int>(open) + 1});
            out.append(line.substr(i, open - i));
            out.append(*value);
            i = close + 1;
        }
        // No trailing blanks, e.g. after an empty "Revises:".
        const bool had_newline = out.size() > line_start && out.back() == '\n';
        if (had_newline) out.pop_back();
        while (out.size() > line_start && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
        if (had_newline) out += '\n';
    }
    return out;
}

}  // namespace dbm
