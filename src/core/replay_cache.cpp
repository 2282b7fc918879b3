#include "core/replay_cache.hpp"

#include <fmt/format.h>

#include "core/autogenerate.hpp"
#include "core/cache_dir.hpp"
#include "dbm/backend.hpp"
#include "dbm/error.hpp"
#include "dbm/version.hpp"
#include "util/checksum.hpp"
#include "util/log.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;

namespace dbm {

namespace {

// An entry: the key on its first line, then each statement as "<length>:<bytes>\n".
std::string serialize(const std::string& key, const std::vector<std::string>& statements) {
    std::string out = key + "\n";
    for (const auto& statement : statements) out += fmt::format("{}:{}\n", statement.size(), statement);
    return out;
}

std::optional<std::vector<std::string>> parse(std::string_view text, const std::string& key) {
    if (!text.starts_with(key + "\n")) return std::nullopt;
    text.remove_prefix(key.size() + 1);
    std::vector<std::string> statements;
    while (!text.empty()) {
        const auto colon = text.find(':');
        if (colon == std::string_view::npos || colon == 0) return std::nullopt;
        std::size_t length = 0;
        for (const char c : text.substr(0, colon)) {
            if (c < '0' || c > '9') return std::nullopt;
            length = length * 10 + static_cast<std::size_t>(c - '0');
            if (length > text.size()) return std::nullopt;
        }
        if (text.size() - colon - 1 < length + 1 || text[colon + 1 + length] != '\n') return std::nullopt;
        statements.emplace_back(text.substr(colon + 1, length));
        text.remove_prefix(colon + 1 + length + 1);
    }
    return statements;
}

// One entry per set of heads (a check compares at most two: the database's and the
// project's), overwritten when the chain changes.
fs::path entry_path(const Config& config, const std::vector<std::string>& heads) {
    std::string names;
    for (const auto& head : heads) names += head + "\n";
    return config.cache_dir() / "replay" / sha256_hex(names).substr(0, 24);
}

std::optional<Schema> cached(const Config& config, const fs::path& entry, const std::string& key) {
    std::error_code ec;
    if (!fs::exists(entry, ec)) return std::nullopt;
    std::string text;
    try {
        text = paths::read_file(entry);
    } catch (const Error&) {
        return std::nullopt;
    }
    const auto statements = parse(text, key);
    if (!statements) return std::nullopt;
    try {
        const auto scratch = open_scratch(config.database.scheme);
        for (const auto& statement : *statements) scratch->execute(statement);
        return scratch->introspect(introspect_options(config));
    } catch (const Error& error) {
        // Damaged, or from an engine that reads it otherwise: replayed again instead.
        log::debug(fmt::format("the replay cache entry {} is not used: {}", paths::display(entry), error.what()));
        return std::nullopt;
    }
}

}  // namespace

std::optional<std::string> replay_cache_key(const Config& config, const RevisionMap& map,
                                            const std::vector<std::string>& heads) {
    std::string material = fmt::format("dbm-replay {} {}\n{}\n{}\nversion table {}\n", replay_cache_format, DBM_VERSION,
                                       config.database.scheme, backend_for(config.database.scheme).engine_version(),
                                       config.version_table);
    for (const auto& pattern : config.ignore_tables) material += fmt::format("ignore {}:{}\n", pattern.size(), pattern);
    for (const auto& head : heads) material += "head " + head + "\n";
    for (const Revision* revision : map.in_order(map.ancestors(heads))) {
        if (revision->is_program() || revision->checksum.empty()) return std::nullopt;
        material += revision->id + " " + revision->checksum + "\n";
    }
    return sha256_hex(material);
}

Schema schema_from_history(const Config& config, const RevisionMap& map, const std::vector<std::string>& heads) {
    map.require_bodies("schema_from_history");
    const auto key = replay_cache_key(config, map, heads);
    const fs::path entry = entry_path(config, heads);
    if (key)
        if (auto schema = cached(config, entry, *key)) return std::move(*schema);
    const auto replayed = replay_history(config, map, heads);
    Schema schema = replayed->introspect(introspect_options(config));
    if (key && prepare_cache_dir(config.cache_dir())) {
        try {
            std::error_code ec;
            fs::create_directories(entry.parent_path(), ec);
            paths::put_file(entry, serialize(*key, replayed->schema_statements()));
        } catch (const Error& error) {
            log::debug(fmt::format("the replayed schema is not cached: {}", error.what()));
        }
    }
    return schema;
}

}  // namespace dbm
