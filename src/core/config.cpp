#include "core/config.hpp"

#include <array>
#include <charconv>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "schema/yaml_tree.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace dbm {

namespace {

constexpr std::array<std::string_view, 5> known_keys = {"database", "models", "version_table", "ignore_tables",
                                                         "lock_timeout_ms"};

struct YamlFile {
    std::string display;

    [[noreturn]] void fail(const yaml::Node& node, const std::string& message) const {
        const yaml::Mark mark = node.mark();
        throw InputError(message, mark.known ? SourceLocation{display, mark.line + 1, mark.column + 1}
                                             : SourceLocation{display, 0, 0});
    }
    std::string scalar(const yaml::Node& node, std::string_view key) const {
        if (!node.is_scalar()) fail(node, fmt::format("'{}' must be a string", key));
        return std::string(node.scalar());
    }
};

}  // namespace

bool is_alembic_directory(const fs::path& dir) {
    std::error_code ignored;
    return fs::exists(dir / "alembic.ini", ignored) || fs::exists(dir / "env.py", ignored);
}

fs::path default_migrations_dir_in(const fs::path& project_root) {
    const fs::path migrations = project_root / default_migrations_dir;
    return is_alembic_directory(migrations) && !fs::exists(migrations / config_file_name) ? project_root / beside_alembic_dir
                                                                                           : migrations;
}

fs::path find_migrations_dir(const std::optional<fs::path>& directory, const fs::path& working_dir) {
    std::error_code error;
    if (directory) {
        const fs::path explicit_dir = (working_dir / *directory).lexically_normal();
        const fs::file_status status = fs::status(explicit_dir, error);
        if (status.type() == fs::file_type::not_found)
            throw InputError(fmt::format("migrations directory {} does not exist; create it with 'dbm init -d {}'",
                                         paths::display(explicit_dir), directory->string()));
        if (error) throw InputError(fmt::format("cannot read {}: {}", paths::display(explicit_dir), error.message()));
        if (!fs::is_directory(status))
            throw InputError(fmt::format("{} is not a directory; -d names the migrations directory",
                                         paths::display(explicit_dir)));
        // An unreadable directory is said so now, not as a missing dbm.yaml.
        if (const bool exists = fs::exists(explicit_dir / config_file_name, error); !exists && error)
            throw InputError(fmt::format("cannot read {}: {}", paths::display(explicit_dir), error.message()));
        return explicit_dir;
    }
    for (fs::path dir = working_dir;; dir = dir.parent_path()) {
        for (const char* name : {default_migrations_dir, beside_alembic_dir})
            if (fs::exists(dir / name / config_file_name, error)) return dir / name;
        if (dir == dir.root_path() || dir.empty()) break;
    }
    // No message may send the user in a circle: say what is there and what 'dbm init' does.
    const fs::path here = working_dir / default_migrations_dir;
    if (is_alembic_directory(here))
        throw InputError(fmt::format("{} belongs to Flask-Migrate (it holds alembic.ini or env.py) and there is no {}/{}; "
                                     "run 'dbm init' to create {} beside it",
                                     paths::display(here), beside_alembic_dir, config_file_name, beside_alembic_dir));
    std::error_code ignored;
    // An empty one is for 'dbm init' to fill: load_config says so.
    if (fs::is_directory(here, ignored) && fs::is_empty(here, ignored) && !ignored) return here;
    if (fs::is_directory(here, ignored))
        throw InputError(fmt::format("{} holds no {}: it is not a dbm migrations directory; run 'dbm init -d DIR' to "
                                     "create one elsewhere, or pass -d",
                                     paths::display(here), config_file_name));
    throw InputError(fmt::format(
        "no migrations directory: neither ./{} nor any parent directory's {}/{} exists; run 'dbm init' first",
        default_migrations_dir, default_migrations_dir, config_file_name));
}

Config load_config(const ConfigOverrides& overrides) {
    const fs::path working_dir = fs::current_path();
    Config config;
    config.migrations_dir = find_migrations_dir(overrides.directory, working_dir);
    config.project_root = config.migrations_dir.parent_path();
    config.config_file = config.migrations_dir / config_file_name;

    const YamlFile file{paths::display(config.config_file)};
    if (!fs::exists(config.config_file))
        throw InputError(fmt::format("{} is missing; it is written by 'dbm init'", file.display));
    const std::string bytes = paths::read_file(config.config_file);
    const std::string_view contents = text::without_bom(bytes);
    if (const auto problem = text::find_text_problem(contents)) {
        const auto [line, column] = text::line_column_at(contents, problem->offset);
        throw InputError(fmt::format("the file holds {}; dbm.yaml must be UTF-8 text", problem->message),
                         {file.display, line, column});
    }
    // The models' YAML reader: a key given twice, or nesting past the parser's limit, is
    // refused at its line as it is in models.yaml.
    const auto document = yaml::Document::parse(contents, file.display, yaml::ParseOptions{1});
    const yaml::Node root = document->root();
    std::string database_text = "sqlite:///app.db";
    std::string models_text = "models.yaml";
    if (root.is_defined() && !root.is_null()) {
        if (!root.is_map()) file.fail(root, "expected a mapping of settings (database, models, version_table, ...)");
        for (const auto& [key_node, value] : root.entries()) {
            const std::string key(key_node.scalar());
            if (key == "database") {
                database_text = file.scalar(value, key);
            } else if (key == "models") {
                models_text = file.scalar(value, key);
            } else if (key == "version_table") {
                config.version_table = file.scalar(value, key);
                if (!text::is_identifier(config.version_table))
                    file.fail(value, "'version_table' must be a plain table name (letters, digits, _)");
            } else if (key == "ignore_tables") {
                if (value.is_null()) continue;
                if (!value.is_sequence()) file.fail(value, "'ignore_tables' must be a list of glob patterns");
                for (const auto& pattern : value.items()) config.ignore_tables.push_back(file.scalar(pattern, key));
            } else if (key == "lock_timeout_ms") {
                int timeout = -1;
                const std::string digits(value.scalar());
                const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), timeout);
                if (!value.is_scalar() || value.quoted() || digits.empty() || error != std::errc() ||
                    end != digits.data() + digits.size() || timeout < 0)
                    file.fail(value, "'lock_timeout_ms' must be a whole number of milliseconds, 0 or more");
                config.lock_timeout_ms = timeout;
            } else {
                const std::string hint = text::closest_match(key, known_keys);
                file.fail(key_node, hint.empty() ? fmt::format("unknown key '{}'", key)
                                                 : fmt::format("unknown key '{}' (did you mean '{}'?)", key, hint));
            }
        }
    }
    if (overrides.database_url) {
        config.database = parse_database_url(*overrides.database_url, working_dir);
    } else if (overrides.environment_url && !overrides.environment_url->empty()) {
        config.database = parse_database_url(*overrides.environment_url, working_dir);
    } else {
        config.database = parse_database_url(database_text, config.project_root);
    }
    config.models_path = (config.project_root / models_text).lexically_normal();
    if (overrides.lock_timeout_ms) config.lock_timeout_ms = *overrides.lock_timeout_ms;
    return config;
}

}  // namespace dbm
