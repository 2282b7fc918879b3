// The autogenerate corpus (SPEC §4, §7, §8): one directory per kind of schema change in
// tests/corpus/<NN>_<kind>/, each driven through the built binary as a user would.
//
//   before.yaml, after.yaml  models before and after the change (required)
//   seed.sql                 run with the sqlite3 shell once the database is at "before":
//                            rows (gaps and explicit rowids), and on the changed table a
//                            trigger writing into an `audit` table and a view
//   check.sql, check.expected
//                            run with the sqlite3 shell on a copy of the database at
//                            "after" (so it may write); its stdout must equal the file
//   case.yaml                `destructive: true` and `lossy_tables: [a, b]` when the
//                            change loses data: after the downgrade those tables' rows
//                            are not compared
//
// Every project is configured with `ignore_tables: ["audit*"]`: the seeds' audit tables
// are not in the models, and a table the models do not declare is otherwise dropped.
//
// Steps: migrate + upgrade to "before"; migrate again finds nothing; seed; migrate +
// upgrade to "after" (one new file); migrate again finds nothing; the seeds' triggers
// and views survive (unless their table is gone), integrity and foreign keys hold;
// check.sql; downgrade restores the schema text (normalised, see normalise_schema); with
// the reverted revision file deleted (migrate runs only at head) the models of "before"
// compare equal; and the rows are what they were (dbm_log aside).
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "harness.hpp"

namespace fs = std::filesystem;
using e2e::Project;

namespace {

const std::string no_changes = "No changes in schema detected.\n";

std::optional<std::string> read_optional(const fs::path& file) {
    if (!fs::exists(file)) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

struct CaseOptions {
    bool destructive = false;
    std::set<std::string> lossy_tables;
};

// case.yaml holds at most two flat lines, so it is read by hand rather than with a YAML
// library: `destructive: true` and `lossy_tables: [name, "other name"]`.
CaseOptions read_case_options(const fs::path& file) {
    CaseOptions options;
    std::istringstream in(read_optional(file).value_or(""));
    const auto trim = [](std::string s) {
        s.erase(0, s.find_first_not_of(" \t\"'"));
        s.erase(s.find_last_not_of(" \t\"'") + 1);
        return s;
    };
    for (std::string line; std::getline(in, line);) {
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        const std::string key = trim(line.substr(0, colon));
        std::string value = trim(line.substr(colon + 1));
        if (key == "destructive") options.destructive = value == "true";
        if (key == "lossy_tables") {
            std::istringstream items(value.substr(value.find('[') + 1, value.rfind(']') - value.find('[') - 1));
            for (std::string item; std::getline(items, item, ',');)
                if (!trim(item).empty()) options.lossy_tables.insert(trim(item));
        }
    }
    return options;
}

std::set<std::string> revision_files(const Project& project) {
    std::set<std::string> files;
    for (const auto& entry : fs::directory_iterator(project.path("migrations/versions")))
        files.insert(entry.path().filename().string());
    return files;
}

// Rows of a query as strings, for names that may hold any character.
std::vector<std::vector<std::string>> rows(const Project& project, const std::string& sql) {
    SQLite::Database db(project.path("app.db").string(), SQLite::OPEN_READONLY);
    SQLite::Statement statement(db, sql);
    std::vector<std::vector<std::string>> result;
    while (statement.executeStep()) {
        result.emplace_back();
        for (int i = 0; i < statement.getColumnCount(); ++i) result.back().push_back(statement.getColumn(i).getString());
    }
    return result;
}

std::set<std::string> table_names(const Project& project) {
    std::set<std::string> names;
    for (const auto& row : rows(project, "SELECT name FROM sqlite_schema WHERE type = 'table'")) names.insert(row[0]);
    return names;
}

// Schema text compared across an upgrade and a downgrade: whitespace runs become one
// space, spaces next to parentheses and commas go, and double quotes around plain
// identifiers go (a rebuild's RENAME TO writes the table's name quoted).
std::string normalise_schema(const std::string& schema) {
    std::string text = std::regex_replace(schema, std::regex(R"(\s+)"), " ");
    text = std::regex_replace(text, std::regex(R"( ?([(),]) ?)"), "$1");
    return std::regex_replace(text, std::regex(R"re("([A-Za-z_][A-Za-z0-9_]*)")re"), "$1");
}

// Project::rows_digest split by table: `table:` lines start a table, row lines end in ','.
std::map<std::string, std::string> digest_by_table(const std::string& digest) {
    std::map<std::string, std::string> tables;
    std::string current;
    for (const auto& line : e2e::lines(digest)) {
        if (!line.empty() && line.back() == ':') {
            current = line.substr(0, line.size() - 1);
            tables[current];
        } else {
            tables[current] += line + "\n";
        }
    }
    tables.erase("dbm_log");  // gains a row per upgrade and downgrade by design
    return tables;
}

e2e::Result run_sqlite3_shell(const Project& project, const std::string& database, const std::string& script) {
    return e2e::run({SQLITE3_SHELL, "-batch", "-bail", database}, project.dir(), {{"HOME", project.dir().string()}},
                    script);
}

void run_case(const fs::path& dir) {
    REQUIRE(fs::exists(dir / "before.yaml"));
    REQUIRE(fs::exists(dir / "after.yaml"));
    const std::string before = *read_optional(dir / "before.yaml");
    const std::string after = *read_optional(dir / "after.yaml");
    const auto seed = read_optional(dir / "seed.sql");
    const auto check = read_optional(dir / "check.sql");
    const auto expected = read_optional(dir / "check.expected");
    const CaseOptions options = read_case_options(dir / "case.yaml");
    REQUIRE(check.has_value() == expected.has_value());

    // 1. The "before" schema, through dbm itself.
    Project project;
    project.init("ignore_tables: [\"audit*\"]\n");
    project.write("models.yaml", before);
    auto result = project.dbm({"migrate", "-m", "before"});
    INFO("migrate -m before: " << result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(std::regex_match(result.out, std::regex(R"(  Generating migrations/versions/[0-9a-f]{12}_before\.sql\.\.\.  done\n)")));
    result = project.dbm({"upgrade"});
    INFO("upgrade to before: " << result.err);
    REQUIRE(result.exit_code == 0);

    // 2. Nothing left to detect.
    const auto files_before = revision_files(project);
    result = project.dbm({"migrate", "-m", "again"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == no_changes);
    CHECK(result.err == "");  // no Detected lines
    CHECK(revision_files(project) == files_before);

    // 3. Rows, triggers and views of the user's own.
    if (seed) {
        result = run_sqlite3_shell(project, "app.db", *seed);
        INFO("seed.sql: " << result.err);
        REQUIRE(result.exit_code == 0);
    }
    const std::string schema_before = project.schema();
    const std::string digest_before = project.rows_digest();
    const auto tables_before = table_names(project);
    const auto objects = rows(project, "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE type IN ('trigger', 'view')");

    // 4. The change.
    project.write("models.yaml", after);
    result = project.dbm({"migrate", "-m", "after"});
    INFO("migrate -m after: " << result.err);
    REQUIRE(result.exit_code == 0);
    std::set<std::string> new_files;
    for (const auto& file : revision_files(project))
        if (!files_before.count(file)) new_files.insert(file);
    REQUIRE(new_files.size() == 1);
    const std::string revision = project.read("migrations/versions/" + *new_files.begin());
    INFO("the generated revision:\n" << revision);
    result = project.dbm({"upgrade"});
    INFO("upgrade to after: " << result.err);
    REQUIRE(result.exit_code == 0);

    // 5. The models now equal the database.
    result = project.dbm({"migrate", "-m", "again2"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == no_changes);
    CHECK(result.err == "");  // no Detected lines

    // 6. Triggers and views survive unless their table went; the database is sound.
    const auto tables_after = table_names(project);
    for (const auto& object : objects) {
        const std::string &type = object[0], &name = object[1], &table = object[2], &sql = object[3];
        INFO(type << " " << name << " on " << table);
        const bool exists = !rows(project, "SELECT 1 FROM sqlite_schema WHERE type = '" + type + "' AND name = '" +
                                               std::regex_replace(name, std::regex("'"), "''") + "'")
                                 .empty();
        bool table_gone = false;
        for (const auto& dropped : tables_before)
            if (!tables_after.count(dropped) && (type == "trigger" ? dropped == table : sql.find(dropped) != std::string::npos))
                table_gone = true;
        CHECK((exists || table_gone));
    }
    CHECK(project.query("PRAGMA integrity_check") == "ok\n");
    CHECK(project.query("PRAGMA foreign_key_check") == "");

    // 7. The case's own checks, on a copy so that they may write.
    if (check) {
        fs::copy_file(project.path("app.db"), project.path("check.db"));
        result = run_sqlite3_shell(project, "check.db", *check);
        CHECK(result.err == "");
        CHECK(result.out == *expected);
    }

    // 8. Back to "before": same schema, same models, same rows.
    result = project.dbm({"downgrade"});
    INFO("downgrade: " << result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(normalise_schema(project.schema()) == normalise_schema(schema_before));
    // migrate only runs at head: the reverted revision goes, as a user would delete it.
    fs::remove(project.path("migrations/versions/" + *new_files.begin()));
    project.write("models.yaml", before);
    result = project.dbm({"migrate", "-m", "back"});
    INFO("migrate -m back: " << result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out == no_changes);
    CHECK(result.err == "");  // no Detected lines
    CHECK(revision_files(project) == files_before);
    const auto kept_rows = [&](const std::string& digest) {
        std::string text;
        for (const auto& [table, table_rows] : digest_by_table(digest))
            if (!options.destructive || !options.lossy_tables.count(table)) text += table + ":\n" + table_rows;
        return text;
    };
    CHECK(kept_rows(project.rows_digest()) == kept_rows(digest_before));
}

}  // namespace

TEST_CASE("autogenerate corpus", "[corpus]") {
    const fs::path corpus = fs::path(__FILE__).parent_path().parent_path() / "corpus";
    std::vector<fs::path> cases;
    for (const auto& entry : fs::directory_iterator(corpus))
        if (entry.is_directory()) cases.push_back(entry.path());
    std::sort(cases.begin(), cases.end());
    REQUIRE(cases.size() >= 45);
    for (const auto& dir : cases) {
        const std::string name = dir.filename().string();
        DYNAMIC_SECTION(name) {
            INFO("corpus case " << name);
            run_case(dir);
        }
    }
}
