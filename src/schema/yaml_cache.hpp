// Parsed YAML kept between runs: yaml-cpp's parse of a piece of a models file, stored in
// <migrations>/.dbm-cache/models under the SHA-256 of the piece's text, so that a models
// file, or the pieces of it, that did not change since the last run are not scanned again.
//
// Why: yaml-cpp's scanner is most of `dbm migrate` and `dbm check` on a large project
// (docs/performance.md), and a project's models change a table at a time. The pieces are
// the ones yaml_tree.cpp parses on several cores; each is parsed alone, with its marks
// counted from its own first line, so that a line added above it does not change it.
//
// Never stale: an entry is found by the hash of the exact bytes parsed, together with
// dbm's version, the entry format and yaml-cpp's version, and holds the tree (nodes, marks,
// scalars) with a SHA-256 of it; an entry that is damaged, truncated, of another format or
// not a well-formed tree is ignored and the piece parsed again. Only parses that succeeded
// are kept: an error is always yaml-cpp's own, from a fresh parse. Entries that the last
// read of the file neither found nor stored are removed by forget_unused, so the cache
// holds about one models file's pieces. A cache that cannot be read or written is only a
// slower run.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace dbm::yaml {

class Document;

// Bumped whenever what an entry holds, or how the tree it holds is built, changes.
inline constexpr int parse_cache_format = 1;

// One read of a models file through the cache; find and store may be called from several
// threads at once.
class ParseCache {
public:
    // `dir` is made when the first entry is stored.
    explicit ParseCache(std::filesystem::path dir);

    // The key of the parse of `text` alone.
    static std::string key_of(std::string_view text);
    // The document an entry holds for `key`, its marks counted from line 0; null if none
    // is there or it cannot be trusted.
    std::unique_ptr<Document> find(const std::string& key);
    // Keeps `document`, parsed from the text of `key` with marks from line 0.
    void store(const std::string& key, const Document& document);
    // Removes the entries this read neither found nor stored, once it stored any (the
    // text changed): call it after the whole text was read without error.
    void forget_unused();

    std::size_t found() const;
    std::size_t stored() const;

private:
    std::filesystem::path entry_path(const std::string& key) const { return dir_ / key; }

    const std::filesystem::path dir_;
    mutable std::mutex mutex_;
    std::unordered_set<std::string> used_;
    std::size_t found_ = 0;
    std::size_t stored_ = 0;
};

}  // namespace dbm::yaml
