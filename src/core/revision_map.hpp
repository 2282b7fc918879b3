// The revision graph: heads, bases, merges, dependencies, and what a revision argument
// ("head", "ae1f", "-2", "head-1", "base") means.
#pragma once

#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/revision.hpp"

namespace dbm {

using RevisionSet = std::set<std::string>;

class RevisionMap {
public:
    // Checks the graph: duplicate ids, parents or dependencies that do not exist, and
    // cycles are InputErrors naming the files involved.
    explicit RevisionMap(std::vector<Revision> revisions);

    bool empty() const { return revisions_.empty(); }
    std::size_t size() const { return revisions_.size(); }

    // Every revision, parents before children; unrelated ones by Create Date, oldest first.
    const std::vector<const Revision*>& ordered() const { return ordered_; }

    const Revision* find(std::string_view id) const;
    const Revision& get(std::string_view id) const;  // id must exist
    // Whether any revision is a C++ one (only then is anything compiled).
    bool has_programs() const;
    // Throws std::logic_error when the revisions were read with headers only (from the
    // header index): what runs or checks revisions needs their bodies and checksums.
    void require_bodies(std::string_view what) const;
    // Whether the revisions were read with headers only (no bodies, no checksums).
    bool headers_only() const;

    std::vector<std::string> heads() const;
    std::vector<std::string> bases() const;
    // Revisions naming `id` in their Revises line.
    std::vector<std::string> children(std::string_view id) const;
    bool is_head(std::string_view id) const;
    // The same for one of this map's revisions (from get, ordered or in_order), without a
    // lookup by id: history asks it of every revision.
    bool is_head(const Revision& revision) const { return children_[position_of(revision)].empty(); }
    std::size_t child_count(const Revision& revision) const { return children_[position_of(revision)].size(); }
    // A version table holding exactly the heads, in any order: the database is at head.
    bool are_heads(std::vector<std::string> current) const;

    // The revisions themselves and everything they stand on (Revises and Depends On).
    RevisionSet ancestors(std::span<const std::string> ids) const;
    // The revisions themselves and everything that stands on them.
    RevisionSet descendants(std::span<const std::string> ids) const;
    // What the version table holds for a set of applied revisions: those no applied
    // revision revises.
    std::vector<std::string> heads_of(const RevisionSet& applied) const;
    // The members of `subset`, parents before children.
    std::vector<const Revision*> in_order(const RevisionSet& subset) const;

    // A full id or a unique prefix; InputError for an unknown id or an ambiguous prefix
    // (listing the candidates).
    std::string resolve_id(std::string_view id_or_prefix) const;
    // A revision argument: an id or prefix, "head", "heads", "base", "+N"/"-N" from
    // `current` (the database's heads), "head-N", "<id>+N", "<id>-N". Returns the target
    // heads; empty means base.
    std::vector<std::string> resolve(std::string_view spec, std::span<const std::string> current) const;

private:
    std::size_t index_of(std::string_view id) const { return index_.find(std::string(id))->second; }
    std::size_t position_of(const Revision& revision) const { return static_cast<std::size_t>(&revision - revisions_.data()); }
    // The revision `id` that `revision` names in `field`; InputError at its line when none has it.
    std::size_t referenced(const Revision& revision, const std::string& id, int line, std::string_view field) const;
    std::vector<std::string> walk(std::vector<std::string> from, long steps, std::string_view spec) const;
    void order_or_find_cycle();

    std::vector<Revision> revisions_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<std::vector<std::size_t>> parents_;     // Revises + Depends On
    std::vector<std::vector<std::size_t>> children_;    // inverse of Revises only
    std::vector<std::vector<std::size_t>> dependents_;  // inverse of Revises + Depends On
    std::vector<const Revision*> ordered_;
};

// A revision range "START:END" (either side may be empty, as history -r and --sql take
// it), split at its colon; nullopt when it has none.
struct RevisionRange {
    std::string_view start;
    std::string_view end;
};
std::optional<RevisionRange> split_revision_range(std::string_view range);

}  // namespace dbm
