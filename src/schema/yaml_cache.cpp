// yaml::ParseCache: entries of <migrations>/.dbm-cache/models, and the tree's bytes.
#include "schema/yaml_cache.hpp"

#include <cstdint>
#include <cstring>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "dbm/version.hpp"
#include "schema/yaml_tree.hpp"
#include "util/checksum.hpp"
#include "util/log.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;

namespace dbm::yaml {

namespace {

// An entry: this line, the tree's bytes, then the SHA-256 (hex) of both.
std::string entry_header(const std::string& key) { return fmt::format("dbm-yaml-piece {} {}\n", parse_cache_format, key); }
constexpr std::size_t digest_size = 64;

// Fixed-width little-endian fields: an entry is read only by the dbm that wrote it, but
// its bytes must not depend on padding.
void put_u32(std::string& out, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}
std::uint32_t get_u32(const char* at) {
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value |= static_cast<std::uint32_t>(static_cast<unsigned char>(at[i])) << (8 * i);
    return value;
}

constexpr std::size_t node_bytes = 17;  // flags, line, column, begin, size

}  // namespace

// Three counts (nodes, children, text bytes), the nodes, the children, the text.
std::string Document::encode() const {
    std::string out;
    out.reserve(12 + nodes_.size() * node_bytes + children_.size() * 4 + text_.size());
    put_u32(out, static_cast<std::uint32_t>(nodes_.size()));
    put_u32(out, static_cast<std::uint32_t>(children_.size()));
    put_u32(out, static_cast<std::uint32_t>(text_.size()));
    for (const Data& data : nodes_) {
        out += static_cast<char>(static_cast<unsigned>(data.kind) | (data.quoted ? 4U : 0U) | (data.known ? 8U : 0U));
        put_u32(out, static_cast<std::uint32_t>(data.line));
        put_u32(out, static_cast<std::uint32_t>(data.column));
        put_u32(out, data.begin);
        put_u32(out, data.size);
    }
    for (const std::uint32_t child : children_) put_u32(out, child);
    out += text_;
    return out;
}

std::unique_ptr<Document> Document::decode(std::string_view bytes) {
    if (bytes.size() < 12) return nullptr;
    const std::uint64_t node_count = get_u32(bytes.data()), child_count = get_u32(bytes.data() + 4),
                        text_size = get_u32(bytes.data() + 8);
    if (bytes.size() != 12 + node_count * node_bytes + child_count * 4 + text_size) return nullptr;
    auto document = std::make_unique<Document>();
    document->nodes_.resize(node_count);
    const char* at = bytes.data() + 12;
    for (Data& data : document->nodes_) {
        const auto flags = static_cast<unsigned char>(at[0]);
        if (flags > 15) return nullptr;
        data.kind = static_cast<Kind>(flags & 3U);
        data.quoted = (flags & 4U) != 0;
        data.known = (flags & 8U) != 0;
        data.line = static_cast<int>(get_u32(at + 1));
        data.column = static_cast<int>(get_u32(at + 5));
        data.begin = get_u32(at + 9);
        data.size = get_u32(at + 13);
        at += node_bytes;
        const std::uint64_t end = std::uint64_t{data.begin} + data.size;
        if (data.kind == Kind::scalar ? end > text_size : data.kind != Kind::null && end > child_count) return nullptr;
        if (data.kind == Kind::map && data.size % 2 != 0) return nullptr;
    }
    document->children_.resize(child_count);
    for (std::uint32_t& child : document->children_) {
        child = get_u32(at);
        at += 4;
        if (child >= node_count) return nullptr;
    }
    document->text_.assign(at, text_size);
    // Aliases make the tree a graph that may share nodes, but readers walk it as a tree:
    // a cycle must not reach them (the parser refuses one).
    enum : std::uint8_t { unseen, open, closed };
    std::vector<std::uint8_t> state(node_count, unseen);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> stack;  // node, next child
    for (std::uint32_t start = 0; start < node_count; ++start) {
        if (state[start] != unseen) continue;
        state[start] = open;
        stack.emplace_back(start, 0);
        while (!stack.empty()) {
            auto& [node, next] = stack.back();
            const auto children = document->children_of(document->nodes_[node]);
            if (next == children.size()) {
                state[node] = closed;
                stack.pop_back();
                continue;
            }
            const std::uint32_t child = children[next++];
            if (state[child] == open) return nullptr;
            if (state[child] == unseen) {
                state[child] = open;
                stack.emplace_back(child, 0);
            }
        }
    }
    return document;
}

ParseCache::ParseCache(fs::path dir) : dir_(std::move(dir)) {}

std::string ParseCache::key_of(std::string_view text) {
    const std::string material =
        fmt::format("dbm-yaml-piece {} {} yaml-cpp {}\n{}", parse_cache_format, DBM_VERSION, DBM_YAML_CPP_VERSION, text);
    return sha256_hex(material);
}

std::unique_ptr<Document> ParseCache::find(const std::string& key) {
    const fs::path path = entry_path(key);
    std::string bytes;
    try {
        bytes = paths::read_file(path);  // none there, or not a regular file: parsed instead
    } catch (const Error&) {
        return nullptr;
    }
    const std::string header = entry_header(key);
    std::unique_ptr<Document> document;
    if (bytes.size() >= header.size() + digest_size && bytes.compare(0, header.size(), header) == 0) {
        const std::string_view body = std::string_view(bytes).substr(0, bytes.size() - digest_size);
        if (sha256_hex(body) == std::string_view(bytes).substr(body.size()))
            document = Document::decode(body.substr(header.size()));
    }
    if (!document) {
        log::debug(fmt::format("the parse cache entry {} is not used: it is not one dbm wrote", paths::display(path)));
        return nullptr;
    }
    const std::lock_guard lock(mutex_);
    used_.insert(key);
    ++found_;
    return document;
}

void ParseCache::store(const std::string& key, const Document& document) {
    std::string bytes = entry_header(key) + document.encode();
    bytes += sha256_hex(bytes);
    try {
        std::error_code ec;
        fs::create_directories(dir_, ec);
        paths::put_file(entry_path(key), bytes);
    } catch (const Error& error) {
        log::debug(fmt::format("a parsed piece is not cached: {}", error.what()));
        return;
    }
    const std::lock_guard lock(mutex_);
    used_.insert(key);
    ++stored_;
}

void ParseCache::forget_unused() {
    const std::lock_guard lock(mutex_);
    if (stored_ == 0) return;
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir_, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        // Entries only: another dbm's temporary file is about to become one.
        if (name.size() != 64 || name.find_first_not_of("0123456789abcdef") != std::string::npos) continue;
        std::error_code removing;
        if (used_.count(name) == 0) fs::remove(it->path(), removing);
    }
}

std::size_t ParseCache::found() const {
    const std::lock_guard lock(mutex_);
    return found_;
}

std::size_t ParseCache::stored() const {
    const std::lock_guard lock(mutex_);
    return stored_;
}

}  // namespace dbm::yaml
