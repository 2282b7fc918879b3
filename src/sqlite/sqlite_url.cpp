// Database URLs: the forms SQLAlchemy and Flask-Migrate users already write.
#include <fmt/format.h>

#include "dbm/database.hpp"
#include "dbm/error.hpp"
#include "sqlite/sqlite_dialect.hpp"

namespace dbm {

static constexpr std::string_view supported_forms =
    "sqlite:///relative.db, sqlite:////absolute.db, sqlite:///:memory: or a plain file path";

DatabaseUrl parse_database_url(std::string_view text, const std::filesystem::path& base_dir) {
    DatabaseUrl url;
    url.text = std::string(text);
    url.scheme = "sqlite";
    std::string_view location = text;
    if (text.rfind("sqlite:", 0) == 0 && text.rfind("sqlite://", 0) != 0)
        throw InputError(fmt::format("malformed database URL '{}': expected {}", text, supported_forms));
    if (const auto separator = text.find("://"); separator != std::string_view::npos) {
        const std::string_view scheme = text.substr(0, separator);
        if (scheme != "sqlite")
            throw InputError(fmt::format("unsupported database URL '{}': dbm supports {}", text, supported_forms));
        location = text.substr(separator + 3);
        // sqlite:///x.db is relative (x.db), sqlite:////x.db absolute (/x.db), as in SQLAlchemy.
        if (!location.empty() && location.front() != '/')
            throw InputError(fmt::format("malformed database URL '{}': expected {}", text, supported_forms));
        if (!location.empty()) location.remove_prefix(1);
    }
    if (location.empty() || location == ":memory:") {
        url.in_memory = true;
        return url;
    }
    url.path = (base_dir / std::filesystem::path(location)).lexically_normal();
    return url;
}

const Dialect& dialect_for(const DatabaseUrl&) { return sqlite::dialect(); }

}  // namespace dbm
