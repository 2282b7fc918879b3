// Unit tests for revision files: parsing (strictly) and rendering from the template
// (src/core/revision.hpp).
#include <catch2/catch.hpp>

#include <cctype>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/revision.hpp"
#include "core/templates.hpp"
#include "dbm/error.hpp"
#include "util/checksum.hpp"
#include "util/text.hpp"

using dbm::InputError;
using dbm::NewRevision;
using dbm::Revision;
using dbm::parse_revision_file;

namespace {

const std::filesystem::path sample_path = "migrations/versions/3f2a9c1b7d4e_add_user_table.sql";

// 12 lines, each ending with "\n".
const std::string sample =
    "-- Add user table\n"                                                   // 1
    "--\n"                                                                  // 2
    "-- Revision ID: 3f2a9c1b7d4e\n"                                        // 3
    "-- Revises: 9b1c0d2e3f4a, 1a2b3c4d5e6f\n"                              // 4
    "-- Depends On: c0ffee000001\n"                                         // 5
    "-- Create Date: 2026-11-25 06:30:12.123456\n"                          // 6
    "-- +dbm upgrade\n"                                                     // 7
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"    // 8
    "CREATE INDEX ix_users_name ON users (name);\n"                         // 9
    "\n"                                                                    // 10
    "-- +dbm downgrade\n"                                                   // 11
    "DROP TABLE users;\n";                                                  // 12

// Computed with `sha256sum` over the bytes of `sample`.
constexpr std::string_view sample_sha256 = "51b46393e54d36aa83459b2ccd546aaf47a739dbfd675a90fffe4c94dd43f2b0";

// The InputError a parse throws; fails the test when it does not throw one.
InputError parse_error(std::string_view contents) {
    try {
        parse_revision_file(sample_path, contents);
    } catch (const InputError& error) {
        return error;
    }
    FAIL("parse_revision_file accepted a malformed file:\n" << contents);
    throw std::logic_error("unreachable");
}

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto end = text.find('\n', pos);
        lines.emplace_back(text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    return lines;
}

const std::string header =
    "-- Add user table\n"        // 1
    "--\n"                       // 2
    "-- Revision ID: abc123\n"   // 3
    "-- Revises: \n"             // 4
    "-- Create Date: 2026-11-25 06:30:12.123456\n";  // 5

}  // namespace

// --- parse_revision_file on a well-formed file ---------------------------------------------

TEST_CASE("a well-formed revision file yields its header fields", "[revision_file]") {
    const Revision revision = parse_revision_file(sample_path, sample);
    CHECK(revision.id == "3f2a9c1b7d4e");
    CHECK(revision.down_revisions == std::vector<std::string>{"9b1c0d2e3f4a", "1a2b3c4d5e6f"});
    CHECK(revision.depends_on == std::vector<std::string>{"c0ffee000001"});
    CHECK(revision.create_date == "2026-11-25 06:30:12.123456");
    CHECK(revision.path == sample_path);
    CHECK(revision.name() == "3f2a9c1b7d4e_add_user_table");
    CHECK(revision.revises_line == 4);
    CHECK(revision.depends_on_line == 5);
    CHECK(revision.transactional);
}

TEST_CASE("the message is the first comment line that is not a field", "[revision_file]") {
    CHECK(parse_revision_file(sample_path, sample).message == "Add user table");

    const std::string with_notes =
        "--\n"
        "-- Revision ID: abc123\n"
        "-- Backfill: emails, then names\n"
        "-- a later note\n"
        "-- Revises:\n"
        "-- +dbm upgrade\n"
        "-- +dbm downgrade\n";
    // A "Key: value" comment that is not a known field is text like any other.
    CHECK(parse_revision_file(sample_path, with_notes).message == "Backfill: emails, then names");
}

TEST_CASE("each section starts on the line after its marker and holds its SQL", "[revision_file]") {
    const Revision revision = parse_revision_file(sample_path, sample);
    CHECK(revision.sql()->upgrade.first_line == 8);
    CHECK(revision.sql()->downgrade.first_line == 12);
    CHECK(revision.sql()->upgrade.sql ==
          "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
          "CREATE INDEX ix_users_name ON users (name);\n"
          "\n");
    CHECK(dbm::text::trim(revision.sql()->downgrade.sql) == "DROP TABLE users;");
    CHECK(revision.sql()->downgrade.sql.find("-- +dbm") == std::string::npos);
    CHECK(revision.sql()->upgrade.sql.find("DROP TABLE") == std::string::npos);
}

TEST_CASE("a section's SQL is its lines, with no extra blank line at the end of the file", "[revision_file]") {
    // The final "\n" ends line 12; it does not start a 13th line.
    const Revision revision = parse_revision_file(sample_path, sample);
    CHECK(revision.sql()->downgrade.sql == "DROP TABLE users;\n");
}

TEST_CASE("the checksum is the SHA-256 of the file's bytes", "[revision_file][checksum]") {
    const Revision revision = parse_revision_file(sample_path, sample);
    CHECK(revision.checksum == sample_sha256);
    CHECK(revision.checksum == dbm::sha256_hex(sample));

    // One changed byte, even in a comment, changes the checksum.
    std::string edited = sample;
    edited.replace(edited.find("Add user"), 3, "add");
    CHECK(parse_revision_file(sample_path, edited).checksum != sample_sha256);
}

TEST_CASE("sha256_hex matches the standard test vectors", "[checksum]") {
    CHECK(dbm::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(dbm::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("a no-transaction directive in the header makes a revision non-transactional", "[revision_file]") {
    const std::string contents = header + "-- +dbm no-transaction\n-- +dbm upgrade\nVACUUM;\n-- +dbm downgrade\n";
    const Revision revision = parse_revision_file(sample_path, contents);
    CHECK_FALSE(revision.transactional);
    CHECK(revision.id == "abc123");
    CHECK(revision.down_revisions.empty());
    CHECK(revision.depends_on.empty());
    CHECK(dbm::text::trim(revision.sql()->upgrade.sql) == "VACUUM;");
}

TEST_CASE("header field names are matched regardless of case", "[revision_file]") {
    const std::string contents =
        "-- Initial\n-- revision id: abc123\n-- REVISES:\n-- +dbm upgrade\nSELECT 1;\n-- +dbm downgrade\n";
    const Revision revision = parse_revision_file(sample_path, contents);
    CHECK(revision.id == "abc123");
    CHECK(revision.down_revisions.empty());
    CHECK(revision.revises_line == 3);
}

// --- parse_revision_file strictness --------------------------------------------------------

TEST_CASE("a file without a Revision ID is refused", "[revision_file][strict]") {
    const std::string contents = "-- Add user table\n-- Revises:\n-- +dbm upgrade\n-- +dbm downgrade\n";
    REQUIRE_THROWS_AS(parse_revision_file(sample_path, contents), InputError);
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, contents), Catch::Contains("Revision ID"));
    const InputError error = parse_error(contents);
    CHECK_THAT(error.where().file, Catch::Contains("3f2a9c1b7d4e_add_user_table.sql"));
    CHECK(error.where().line == 1);  // the header
}

TEST_CASE("a file without a Revises line is refused", "[revision_file][strict]") {
    const std::string contents = "-- Add user table\n-- Revision ID: abc123\n-- +dbm upgrade\n-- +dbm downgrade\n";
    REQUIRE_THROWS_AS(parse_revision_file(sample_path, contents), InputError);
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, contents), Catch::Contains("Revises"));
    const InputError error = parse_error(contents);
    CHECK_THAT(error.where().file, Catch::Contains("3f2a9c1b7d4e_add_user_table.sql"));
    CHECK(error.where().line == 1);  // the header
}

TEST_CASE("a header field given twice is refused at its second line", "[revision_file][strict]") {
    const std::string contents = header + "-- Revises: abc000\n-- +dbm upgrade\n-- +dbm downgrade\n";
    REQUIRE_THROWS_AS(parse_revision_file(sample_path, contents), InputError);
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, contents), Catch::Contains("Revises") && Catch::Contains("twice"));
    CHECK(parse_error(contents).where().line == 6);

    const std::string two_ids = "-- m\n-- Revision ID: a1\n-- Revises:\n-- Revision ID: a2\n-- +dbm upgrade\n-- +dbm downgrade\n";
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, two_ids), Catch::Contains("Revision ID"));
    CHECK(parse_error(two_ids).where().line == 4);
}

TEST_CASE("SQL before the upgrade marker is refused at its line", "[revision_file][strict]") {
    const std::string contents = header + "CREATE TABLE early (x);\n-- +dbm upgrade\n-- +dbm downgrade\n";
    REQUIRE_THROWS_AS(parse_revision_file(sample_path, contents), InputError);
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, contents), Catch::Contains("before '-- +dbm upgrade'"));
    CHECK(parse_error(contents).where().line == 6);
}

TEST_CASE("a downgrade marker before the upgrade marker is refused at its line", "[revision_file][strict]") {
    const std::string contents = header + "-- +dbm downgrade\nDROP TABLE x;\n-- +dbm upgrade\nCREATE TABLE x (y);\n";
    REQUIRE_THROWS_AS(parse_revision_file(sample_path, contents), InputError);
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, contents), Catch::Contains("-- +dbm downgrade"));
    CHECK(parse_error(contents).where().line == 6);
}

TEST_CASE("a second upgrade marker is refused at its line", "[revision_file][strict]") {
    const std::string contents = header + "-- +dbm upgrade\nSELECT 1;\n-- +dbm upgrade\nSELECT 2;\n-- +dbm downgrade\n";
    REQUIRE_THROWS_AS(parse_revision_file(sample_path, contents), InputError);
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, contents), Catch::Contains("second '-- +dbm upgrade'"));
    CHECK(parse_error(contents).where().line == 8);
}

TEST_CASE("a second downgrade marker is refused at its line", "[revision_file][strict]") {
    const std::string contents = header + "-- +dbm upgrade\n-- +dbm downgrade\nSELECT 1;\n-- +dbm downgrade\n";
    REQUIRE_THROWS_AS(parse_revision_file(sample_path, contents), InputError);
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, contents), Catch::Contains("second '-- +dbm downgrade'"));
    CHECK(parse_error(contents).where().line == 9);
}

TEST_CASE("a file without a downgrade marker is refused at its last line", "[revision_file][strict]") {
    // 7 lines, the last one "SELECT 1;".
    const std::string contents = header + "-- +dbm upgrade\nSELECT 1;\n";
    REQUIRE_THROWS_AS(parse_revision_file(sample_path, contents), InputError);
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, contents), Catch::Contains("-- +dbm downgrade"));
    CHECK(parse_error(contents).where().line == 7);
}

TEST_CASE("a file without any section marker is refused", "[revision_file][strict]") {
    REQUIRE_THROWS_AS(parse_revision_file(sample_path, header), InputError);
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, header), Catch::Contains("-- +dbm upgrade"));
}

TEST_CASE("an unknown directive is refused with a did-you-mean hint for a near miss", "[revision_file][strict]") {
    const std::string contents = header + "-- +dbm upgrad\nSELECT 1;\n-- +dbm downgrade\n";
    REQUIRE_THROWS_AS(parse_revision_file(sample_path, contents), InputError);
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, contents),
                        Catch::Contains("upgrad") && Catch::Contains("did you mean '-- +dbm upgrade'"));
    CHECK(parse_error(contents).where().line == 6);

    const std::string far_off = header + "-- +dbm upgrade\n-- +dbm frobnicate\n-- +dbm downgrade\n";
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, far_off),
                        Catch::Contains("frobnicate") && !Catch::Contains("did you mean"));
    CHECK(parse_error(far_off).where().line == 7);
}

TEST_CASE("an invalid Revision ID is refused at its line", "[revision_file][strict]") {
    const std::string spaced = "-- m\n-- Revises:\n-- Revision ID: has space\n-- +dbm upgrade\n-- +dbm downgrade\n";
    REQUIRE_THROWS_AS(parse_revision_file(sample_path, spaced), InputError);
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, spaced), Catch::Contains("has space"));
    CHECK(parse_error(spaced).where().line == 3);

    const std::string long_id(33, 'a');
    const std::string too_long = "-- m\n-- Revision ID: " + long_id + "\n-- Revises:\n-- +dbm upgrade\n-- +dbm downgrade\n";
    REQUIRE_THROWS_AS(parse_revision_file(sample_path, too_long), InputError);
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, too_long), Catch::Contains(long_id));
    CHECK(parse_error(too_long).where().line == 2);

    // 32 characters is still fine.
    const std::string max_id(32, 'a');
    const std::string longest = "-- m\n-- Revision ID: " + max_id + "\n-- Revises:\n-- +dbm upgrade\n-- +dbm downgrade\n";
    CHECK(parse_revision_file(sample_path, longest).id == max_id);
}

TEST_CASE("an invalid id in Revises or Depends On is refused at its line", "[revision_file][strict]") {
    const std::string bad_parent = "-- m\n-- Revision ID: abc\n-- Revises: ok1, not-ok\n-- +dbm upgrade\n-- +dbm downgrade\n";
    REQUIRE_THROWS_AS(parse_revision_file(sample_path, bad_parent), InputError);
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, bad_parent), Catch::Contains("not-ok"));
    CHECK(parse_error(bad_parent).where().line == 3);

    const std::string bad_dependency = header + "-- Depends On: x y\n-- +dbm upgrade\n-- +dbm downgrade\n";
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, bad_dependency), Catch::Contains("x y"));
    CHECK(parse_error(bad_dependency).where().line == 6);
}

TEST_CASE("a no-transaction directive inside a section is refused at its line", "[revision_file][strict]") {
    const std::string contents = header + "-- +dbm upgrade\n-- +dbm no-transaction\nVACUUM;\n-- +dbm downgrade\n";
    REQUIRE_THROWS_AS(parse_revision_file(sample_path, contents), InputError);
    REQUIRE_THROWS_WITH(parse_revision_file(sample_path, contents), Catch::Contains("no-transaction"));
    CHECK(parse_error(contents).where().line == 7);

    const std::string in_downgrade = header + "-- +dbm upgrade\n-- +dbm downgrade\n-- +dbm no-transaction\n";
    REQUIRE_THROWS_AS(parse_revision_file(sample_path, in_downgrade), InputError);
    CHECK(parse_error(in_downgrade).where().line == 8);
}

// --- revision ids --------------------------------------------------------------------------

TEST_CASE("a revision id is 1 to 32 letters, digits or underscores", "[revision_file][id]") {
    CHECK(dbm::is_valid_revision_id("3f2a9c1b7d4e"));
    CHECK(dbm::is_valid_revision_id("a"));
    CHECK(dbm::is_valid_revision_id("001_initial_Schema"));
    CHECK(dbm::is_valid_revision_id(std::string(32, 'f')));
    CHECK_FALSE(dbm::is_valid_revision_id(""));
    CHECK_FALSE(dbm::is_valid_revision_id(std::string(33, 'f')));
    CHECK_FALSE(dbm::is_valid_revision_id("has space"));
    CHECK_FALSE(dbm::is_valid_revision_id("with-dash"));
    CHECK_FALSE(dbm::is_valid_revision_id("head+1"));
    CHECK_FALSE(dbm::is_valid_revision_id("caf\xc3\xa9"));
}

TEST_CASE("new_revision_id gives 12 lowercase hex digits, different each time", "[revision_file][id]") {
    const std::string first = dbm::new_revision_id();
    const std::string second = dbm::new_revision_id();
    for (const auto& id : {first, second}) {
        INFO(id);
        CHECK(id.size() == 12);
        CHECK(id.find_first_not_of("0123456789abcdef") == std::string::npos);
        CHECK(dbm::is_valid_revision_id(id));
    }
    CHECK(first != second);
}

// --- render_revision_file ----------------------------------------------------------------

namespace {

NewRevision merge_revision() {
    NewRevision revision;
    revision.id = "3f2a9c1b7d4e";
    revision.message = "Add user table";
    revision.down_revisions = {"9b1c0d2e3f4a", "1a2b3c4d5e6f"};
    revision.depends_on = {"c0ffee000001", "c0ffee000002"};
    revision.create_date = "2026-11-25 06:30:12.123456";
    revision.upgrade_sql = "CREATE TABLE users (id INTEGER PRIMARY KEY);\nCREATE INDEX ix ON users (id);";
    revision.downgrade_sql = "DROP TABLE users;";
    return revision;
}

NewRevision first_revision() {
    NewRevision revision;
    revision.id = "9b1c0d2e3f4a";
    revision.message = "Initial migration";
    revision.create_date = "2026-11-24 14:00:00.000000";
    return revision;
}

}  // namespace

TEST_CASE("a rendered revision parses back to the same revision", "[revision_file][render]") {
    const NewRevision input = merge_revision();
    const std::string text = dbm::render_revision_file(dbm::templates::script_sql, "script.sql.tmpl", input);
    const Revision parsed = parse_revision_file("versions/3f2a9c1b7d4e_add_user_table.sql", text);
    CHECK(parsed.id == input.id);
    CHECK(parsed.message == input.message);
    CHECK(parsed.down_revisions == input.down_revisions);
    CHECK(parsed.depends_on == input.depends_on);
    CHECK(parsed.create_date == input.create_date);
    CHECK(dbm::text::trim(parsed.sql()->upgrade.sql) == input.upgrade_sql);
    CHECK(dbm::text::trim(parsed.sql()->downgrade.sql) == input.downgrade_sql);
    CHECK(parsed.transactional);
    CHECK(parsed.checksum == dbm::sha256_hex(text));

    // first_line points at the SQL in the rendered text.
    const auto lines = lines_of(text);
    REQUIRE(parsed.sql()->upgrade.first_line >= 1);
    REQUIRE(static_cast<std::size_t>(parsed.sql()->upgrade.first_line) <= lines.size());
    CHECK(lines[static_cast<std::size_t>(parsed.sql()->upgrade.first_line) - 1] ==
          "CREATE TABLE users (id INTEGER PRIMARY KEY);");
    REQUIRE(static_cast<std::size_t>(parsed.sql()->downgrade.first_line) <= lines.size());
    CHECK(lines[static_cast<std::size_t>(parsed.sql()->downgrade.first_line) - 1] == "DROP TABLE users;");
}

TEST_CASE("a rendered base revision parses back with no parents", "[revision_file][render]") {
    const NewRevision input = first_revision();
    const std::string text = dbm::render_revision_file(dbm::templates::script_sql, "script.sql.tmpl", input);
    const Revision parsed = parse_revision_file("versions/9b1c0d2e3f4a_initial_migration.sql", text);
    CHECK(parsed.id == "9b1c0d2e3f4a");
    CHECK(parsed.message == "Initial migration");
    CHECK(parsed.down_revisions.empty());
    CHECK(parsed.depends_on.empty());
    CHECK(dbm::text::trim(parsed.sql()->upgrade.sql).empty());
    CHECK(dbm::text::trim(parsed.sql()->downgrade.sql).empty());
}

TEST_CASE("the Depends On line is written only when there are dependencies", "[revision_file][render]") {
    const std::string without = dbm::render_revision_file(dbm::templates::script_sql, "script.sql.tmpl", first_revision());
    CHECK(without.find("Depends On") == std::string::npos);

    const std::string with = dbm::render_revision_file(dbm::templates::script_sql, "script.sql.tmpl", merge_revision());
    CHECK(with.find("-- Depends On: c0ffee000001, c0ffee000002\n") != std::string::npos);
    CHECK(with.find("-- Revises: 9b1c0d2e3f4a, 1a2b3c4d5e6f\n") != std::string::npos);
}

TEST_CASE("a rendered revision has no trailing blanks on any line", "[revision_file][render]") {
    for (const NewRevision& input : {first_revision(), merge_revision()}) {
        const std::string text = dbm::render_revision_file(dbm::templates::script_sql, "script.sql.tmpl", input);
        INFO(text);
        for (const auto& line : lines_of(text)) {
            INFO("line: [" << line << "]");
            CHECK((line.empty() || (line.back() != ' ' && line.back() != '\t')));
        }
        // The empty "Revises:" of a base revision loses its trailing space.
        if (input.down_revisions.empty()) CHECK(text.find("-- Revises:\n") != std::string::npos);
    }
}

TEST_CASE("an unknown template variable is refused at the template's line", "[revision_file][render]") {
    const std::string_view template_text = "-- ${message}\n--\n-- Extra: ${nope}\n";
    REQUIRE_THROWS_AS(dbm::render_revision_file(template_text, "custom.sql.tmpl", first_revision()), InputError);
    REQUIRE_THROWS_WITH(dbm::render_revision_file(template_text, "custom.sql.tmpl", first_revision()),
                        Catch::Contains("${nope}"));
    try {
        dbm::render_revision_file(template_text, "custom.sql.tmpl", first_revision());
        FAIL("an unknown variable was accepted");
    } catch (const InputError& error) {
        CHECK(error.where().file == "custom.sql.tmpl");
        CHECK(error.where().line == 3);
        CHECK_THAT(error.format(), Catch::StartsWith("custom.sql.tmpl:3:"));
    }
}

TEST_CASE("an unterminated template variable is refused at the template's line", "[revision_file][render]") {
    const std::string_view template_text = "-- ${message}\n-- Revision ID: ${revision\n";
    REQUIRE_THROWS_AS(dbm::render_revision_file(template_text, "custom.sql.tmpl", first_revision()), InputError);
    try {
        dbm::render_revision_file(template_text, "custom.sql.tmpl", first_revision());
        FAIL("an unterminated variable was accepted");
    } catch (const InputError& error) {
        CHECK_THAT(std::string(error.what()), Catch::Contains("${"));
        CHECK(error.where().file == "custom.sql.tmpl");
        CHECK(error.where().line == 2);
    }
}

TEST_CASE("a C++ revision's header is its leading // comments, and the rest is its program", "[revision_file][cpp]") {
    const std::string source = "// Split full name\n//\n// Revision ID: 3f2a9c1b7d4e\n// Revises: 9b1c0d2e3f4a\n"
                               "// Create Date: 2026-12-01 10:00:00.000000\n#include <dbm/revision.hpp>\n"
                               "// Revision ID: not a field down here\nvoid upgrade(dbm::Op&) {}\nvoid downgrade(dbm::Op&) {}\n";
    const Revision revision = dbm::parse_program_revision_file("versions/3f2a9c1b7d4e_split.cpp", source);
    CHECK(revision.id == "3f2a9c1b7d4e");
    CHECK(revision.down_revisions == std::vector<std::string>{"9b1c0d2e3f4a"});
    CHECK(revision.message == "Split full name");
    CHECK(revision.create_date == "2026-12-01 10:00:00.000000");
    CHECK(revision.is_program());
    CHECK(revision.sql() == nullptr);
    CHECK(revision.checksum == dbm::sha256_hex(source));
    CHECK_FALSE(dbm::body_checksums(revision));
}

TEST_CASE("a C++ revision's header is as strict as an SQL one's", "[revision_file][cpp]") {
    const auto error_of = [](const std::string& source) {
        try {
            dbm::parse_program_revision_file("x.cpp", source);
        } catch (const InputError& error) {
            return std::string(error.what()) + " @" + std::to_string(error.where().line);
        }
        return std::string("accepted");
    };
    CHECK(error_of("// Revises:\nvoid upgrade() {}\n") == "missing '// Revision ID: <id>' in the header @1");
    CHECK(error_of("// Revision ID: abc\nvoid upgrade() {}\n") ==
          "missing '// Revises: <parent ids>' in the header (empty for the first revision) @1");
    CHECK(error_of("// Revision ID: abc\n// Revises:\n// +dbm no-transaction\n").starts_with(
        "'// +dbm' directives are for SQL revisions"));
    CHECK(error_of("// Revision ID: a-b\n// Revises:\n").starts_with("invalid revision id 'a-b'"));
    CHECK(error_of("// Revision ID: abc\n// Revises:\n#include <x>\n") == "accepted");
}
