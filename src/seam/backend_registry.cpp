// The registry of database engines (include/dbm/backend.hpp), and the engine-neutral
// entry points of database.hpp, which dispatch on the URL's scheme.
#include <array>
#include <atomic>

#include <fmt/format.h>

#include "dbm/backend.hpp"
#include "dbm/error.hpp"

namespace dbm {

namespace {

// A fixed table, read by a signal handler: no allocation, no lock.
constexpr std::size_t max_backends = 4;
std::array<std::atomic<const Backend*>, max_backends> backends{};

}  // namespace

void register_backend(const Backend& backend) {
    for (auto& slot : backends) {
        const Backend* present = slot.load();
        if (present == &backend) return;
        if (present) continue;
        slot.store(&backend);
        return;
    }
    throw Error("too many database backends registered");
}

const Backend& backend_for(std::string_view scheme) {
    for (const auto& slot : backends)
        if (const Backend* backend = slot.load(); backend && backend->scheme() == scheme) return *backend;
    throw Error(fmt::format("no database backend for '{}' URLs is built into this dbm", scheme));
}

DatabaseUrl parse_database_url(std::string_view text, const std::filesystem::path& base_dir) {
    const Backend* first = backends[0].load();
    if (!first) throw Error("no database backend is registered");
    for (const auto& slot : backends)
        if (const Backend* backend = slot.load(); backend && backend->accepts(text)) return backend->parse_url(text, base_dir);
    return first->parse_url(text, base_dir);
}

const Dialect& dialect_for(const DatabaseUrl& url) { return backend_for(url.scheme).dialect(); }

std::unique_ptr<Connection> open_connection(const DatabaseUrl& url, const OpenOptions& options) {
    return backend_for(url.scheme).open(url, options);
}

std::vector<std::string> engine_versions() {
    std::vector<std::string> versions;
    for (const auto& slot : backends)
        if (const Backend* backend = slot.load()) versions.push_back(backend->engine_version());
    return versions;
}

bool database_exists(const DatabaseUrl& url) { return backend_for(url.scheme).exists(url); }

std::unique_ptr<Connection> open_scratch(std::string_view scheme) { return backend_for(scheme).open_scratch(); }

namespace {
std::atomic<bool> interrupted{false};
}

void interrupt_connections() noexcept {
    interrupted.store(true);
    for (const auto& slot : backends)
        if (const Backend* backend = slot.load()) backend->interrupt_all();
}

bool interrupt_requested() noexcept { return interrupted.load(); }

}  // namespace dbm
