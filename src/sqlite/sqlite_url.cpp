// SQLite database URLs: the forms SQLAlchemy and Flask-Migrate users already write.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "dbm/database.hpp"
#include "dbm/error.hpp"
#include "sqlite/sqlite_backend.hpp"
#include "sqlite/sqlite_dialect.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace dbm {

static constexpr std::string_view supported_forms =
    "sqlite:///relative.db, sqlite:////absolute.db, sqlite:///:memory: or a plain file path";

namespace {

// What pysqlite (SQLAlchemy's SQLite driver) takes in a URL's query string: they tune the
// Python driver, not the database, so dbm accepts and ignores them.
constexpr std::string_view driver_options[] = {"check_same_thread", "timeout",          "uri",    "isolation_level",
                                               "detect_types",      "cached_statements", "factory"};

// SQLite's own URI parameters (uri.html) and the values they take ("" = any).
constexpr std::pair<std::string_view, std::string_view> sqlite_parameters[] = {
    {"mode", "ro rw rwc memory"}, {"cache", "shared private"}, {"immutable", "0 1"},
    {"nolock", "0 1"},           {"psow", "0 1"},             {"vfs", ""}};

std::string percent_decoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

void read_query(std::string_view query, std::string_view url_text, DatabaseUrl& url) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        const auto equals = pair.find('=');
        const std::string key = text::lower(percent_decoded(pair.substr(0, equals)));
        const std::string value = equals == std::string_view::npos ? std::string() : percent_decoded(pair.substr(equals + 1));
        if (std::find(std::begin(driver_options), std::end(driver_options), key) != std::end(driver_options)) continue;
        const auto known = std::find_if(std::begin(sqlite_parameters), std::end(sqlite_parameters),
                                        [&](const auto& parameter) { return parameter.first == key; });
        if (known == std::end(sqlite_parameters))
            throw InputError(fmt::format("unknown parameter '{}' in database URL '{}': dbm takes SQLite's URI parameters "
                                         "(mode, cache, immutable, nolock, psow, vfs) and ignores SQLAlchemy's driver "
                                         "options (check_same_thread, timeout, uri, ...)",
                                         key, url_text));
        if (!known->second.empty()) {
            const auto values = text::split_list(known->second, ' ');
            if (std::find(values.begin(), values.end(), value) == values.end())
                throw InputError(fmt::format("database URL '{}': {}={} is not one of {}", url_text, key, value,
                                             text::join(values, ", ")));
        }
        if (key == "mode" && value == "memory") url.ephemeral = true;
        url.parameters.emplace_back(key, value);
    }
}

}  // namespace

bool DatabaseUrl::read_only() const {
    for (const auto& [key, value] : parameters)
        if ((key == "mode" && value == "ro") || (key == "immutable" && value == "1")) return true;
    return false;
}

}  // namespace dbm

namespace dbm::sqlite {

bool accepts_url(std::string_view text) {
    return text.rfind("sqlite:", 0) == 0 || text.rfind("file:", 0) == 0 || text.find("://") == std::string_view::npos;
}

DatabaseUrl parse_url(std::string_view text, const std::filesystem::path& base_dir) {
    DatabaseUrl url;
    url.text = std::string(text);
    url.scheme = "sqlite";
    std::string_view location = text;
    bool uri = false;
    if (text.rfind("sqlite:", 0) == 0 && text.rfind("sqlite://", 0) != 0)
        throw InputError(fmt::format("malformed database URL '{}': expected {}", text, supported_forms));
    if (const auto separator = text.find("://"); separator != std::string_view::npos && text.rfind("file:", 0) != 0) {
        const std::string_view scheme = text.substr(0, separator);
        if (scheme != "sqlite")
            throw InputError(fmt::format("unsupported database URL '{}': dbm supports {}", text, supported_forms));
        location = text.substr(separator + 3);
        // sqlite:///x.db is relative (x.db), sqlite:////x.db absolute (/x.db), as in SQLAlchemy.
        if (!location.empty() && location.front() != '/')
            throw InputError(fmt::format("malformed database URL '{}': expected {}", text, supported_forms));
        if (!location.empty()) location.remove_prefix(1);
        uri = true;
    }
    // SQLite's own URI form, alone or inside sqlite:/// (SQLAlchemy's "?uri=true" style).
    if (location.rfind("file:", 0) == 0) {
        location.remove_prefix(5);
        if (location.rfind("//", 0) == 0) {
            location.remove_prefix(2);
            const auto slash = location.find('/');
            const std::string_view authority = location.substr(0, slash);
            if (!authority.empty() && authority != "localhost")
                throw InputError(fmt::format("database URL '{}' names the host '{}'; a file: URI names a local file", text,
                                             authority));
            location = slash == std::string_view::npos ? std::string_view() : location.substr(slash);
        }
        uri = true;
    }
    std::string decoded(location);
    if (uri) {
        const auto question = location.find('?');
        if (question != std::string_view::npos) {
            read_query(location.substr(question + 1), text, url);
            location = location.substr(0, question);
        }
        decoded = percent_decoded(location);
    }
    if (decoded.empty() || decoded == ":memory:" || url.ephemeral) {
        url.ephemeral = true;
        url.display = ":memory:";
        url.absolute_text = url.text;
        return url;
    }
    url.path = (base_dir / std::filesystem::path(decoded)).lexically_normal();
    url.display = paths::display(url.path);
    url.absolute_text = "sqlite:///" + url.path.string();
    return url;
}

}  // namespace dbm::sqlite
