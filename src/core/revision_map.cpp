#include "core/revision_map.hpp"

#include <algorithm>
#include <charconv>
#include <queue>
#include <stdexcept>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace dbm {

bool RevisionMap::headers_only() const {
    return std::any_of(revisions_.begin(), revisions_.end(), [](const Revision& revision) { return revision.headers_only; });
}

void RevisionMap::require_bodies(std::string_view what) const {
    if (headers_only())
        throw std::logic_error(fmt::format("internal error: {} was given revisions read with headers only", what));
}

RevisionMap::RevisionMap(std::vector<Revision> revisions) : revisions_(std::move(revisions)) {
    index_.reserve(revisions_.size());
    for (std::size_t i = 0; i < revisions_.size(); ++i) {
        const auto [existing, inserted] = index_.emplace(revisions_[i].id, i);
        if (!inserted)
            throw InputError(fmt::format("revision id '{}' is used twice: in {} and in {}", revisions_[i].id,
                                         paths::display(revisions_[existing->second].path),
                                         paths::display(revisions_[i].path)));
    }
    // One lookup a reference (on a project of 10,000 revisions, lookups were a tenth of
    // `current`); the first unknown one, in file order, is the error.
    parents_.resize(revisions_.size());
    children_.resize(revisions_.size());
    dependents_.resize(revisions_.size());
    for (std::size_t i = 0; i < revisions_.size(); ++i) {
        const Revision& revision = revisions_[i];
        for (const auto& id : revision.down_revisions) {
            const std::size_t parent = referenced(revision, id, revision.revises_line, "Revises");
            parents_[i].push_back(parent);
            children_[parent].push_back(i);
            dependents_[parent].push_back(i);
        }
        for (const auto& id : revision.depends_on) {
            const std::size_t dependency = referenced(revision, id, revision.depends_on_line, "Depends On");
            parents_[i].push_back(dependency);
            dependents_[dependency].push_back(i);
        }
    }
    order_or_find_cycle();
}

std::size_t RevisionMap::referenced(const Revision& revision, const std::string& id, int line,
                                    std::string_view field) const {
    const auto it = index_.find(id);
    if (it != index_.end()) return it->second;
    throw InputError(fmt::format("{}: unknown revision '{}' (no file in {} has that Revision ID)", field, id,
                                 paths::display(revision.path.parent_path())),
                     {paths::display(revision.path), line, 0});
}

void RevisionMap::order_or_find_cycle() {
    // Kahn's algorithm; among revisions that are ready together the older Create Date goes
    // first, so that unrelated branches apply in the order they were written.
    const auto later = [&](std::size_t a, std::size_t b) {
        const Revision& x = revisions_[a];
        const Revision& y = revisions_[b];
        return std::tie(x.create_date, x.id) > std::tie(y.create_date, y.id);
    };
    std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> ready(later);
    std::vector<std::size_t> waiting_on(revisions_.size());
    for (std::size_t i = 0; i < revisions_.size(); ++i) {
        waiting_on[i] = parents_[i].size();
        if (waiting_on[i] == 0) ready.push(i);
    }
    ordered_.reserve(revisions_.size());
    while (!ready.empty()) {
        const std::size_t next = ready.top();
        ready.pop();
        ordered_.push_back(&revisions_[next]);
        for (const std::size_t dependent : dependents_[next])
            if (--waiting_on[dependent] == 0) ready.push(dependent);
    }
    if (ordered_.size() == revisions_.size()) return;

    // Every revision left waits on another one left: follow parents until one repeats.
    std::size_t at = 0;
    while (waiting_on[at] == 0) ++at;
    std::vector<std::size_t> path;
    std::vector<int> position(revisions_.size(), -1);
    while (position[at] < 0) {
        position[at] = static_cast<int>(path.size());
        path.push_back(at);
        for (const std::size_t parent : parents_[at]) {
            if (waiting_on[parent] != 0) {
                at = parent;
                break;
            }
        }
    }
    std::vector<std::string> cycle;
    for (std::size_t i = static_cast<std::size_t>(position[at]); i < path.size(); ++i)
        cycle.push_back(revisions_[path[i]].id);
    cycle.push_back(revisions_[at].id);
    throw InputError(fmt::format("the revisions form a cycle: {} (see {})", text::join(cycle, " -> "),
                                 paths::display(revisions_[at].path)));
}

const Revision* RevisionMap::find(std::string_view id) const {
    const auto it = index_.find(std::string(id));
    return it == index_.end() ? nullptr : &revisions_[it->second];
}

bool RevisionMap::has_programs() const {
    return std::any_of(revisions_.begin(), revisions_.end(), [](const Revision& revision) { return revision.is_program(); });
}

const Revision& RevisionMap::get(std::string_view id) const { return revisions_[index_of(id)]; }

std::vector<std::string> RevisionMap::heads() const {
    std::vector<std::string> ids;
    for (const Revision* revision : ordered_)
        if (children_[position_of(*revision)].empty()) ids.push_back(revision->id);
    return ids;
}

bool RevisionMap::are_heads(std::vector<std::string> current) const {
    auto all = heads();
    std::sort(all.begin(), all.end());
    std::sort(current.begin(), current.end());
    return current == all;
}

std::vector<std::string> RevisionMap::bases() const {
    std::vector<std::string> ids;
    for (const Revision* revision : ordered_)
        if (revision->down_revisions.empty()) ids.push_back(revision->id);
    return ids;
}

std::vector<std::string> RevisionMap::children(std::string_view id) const {
    std::vector<std::string> ids;
    for (const std::size_t child : children_[index_of(id)]) ids.push_back(revisions_[child].id);
    return ids;
}

bool RevisionMap::is_head(std::string_view id) const {
    const Revision* revision = find(id);
    return revision && is_head(*revision);
}

static RevisionSet reach(const std::vector<Revision>& revisions, const std::unordered_map<std::string, std::size_t>& index,
                         const std::vector<std::vector<std::size_t>>& edges, std::span<const std::string> from) {
    std::vector<char> seen(revisions.size(), 0);
    std::vector<std::size_t> stack;
    for (const auto& id : from) {
        const std::size_t i = index.at(id);
        if (!seen[i]) {
            seen[i] = 1;
            stack.push_back(i);
        }
    }
    while (!stack.empty()) {
        const std::size_t i = stack.back();
        stack.pop_back();
        for (const std::size_t next : edges[i]) {
            if (!seen[next]) {
                seen[next] = 1;
                stack.push_back(next);
            }
        }
    }
    RevisionSet result;
    for (std::size_t i = 0; i < revisions.size(); ++i)
        if (seen[i]) result.insert(revisions[i].id);
    return result;
}

RevisionSet RevisionMap::ancestors(std::span<const std::string> ids) const {
    return reach(revisions_, index_, parents_, ids);
}

RevisionSet RevisionMap::descendants(std::span<const std::string> ids) const {
    return reach(revisions_, index_, dependents_, ids);
}

std::vector<std::string> RevisionMap::heads_of(const RevisionSet& applied) const {
    std::vector<std::string> ids;
    for (const Revision* revision : ordered_) {
        if (!applied.count(revision->id)) continue;
        const auto& kids = children_[position_of(*revision)];
        const bool superseded =
            std::any_of(kids.begin(), kids.end(), [&](std::size_t child) { return applied.count(revisions_[child].id); });
        if (!superseded) ids.push_back(revision->id);
    }
    return ids;
}

std::vector<const Revision*> RevisionMap::in_order(const RevisionSet& subset) const {
    std::vector<const Revision*> result;
    for (const Revision* revision : ordered_)
        if (subset.count(revision->id)) result.push_back(revision);
    return result;
}

std::string RevisionMap::resolve_id(std::string_view id_or_prefix) const {
    if (find(id_or_prefix)) return std::string(id_or_prefix);
    std::vector<std::string> candidates;
    for (const Revision* revision : ordered_)
        if (revision->id.compare(0, id_or_prefix.size(), id_or_prefix) == 0) candidates.push_back(revision->id);
    if (candidates.size() == 1) return candidates.front();
    if (candidates.empty())
        throw InputError(fmt::format("unknown revision '{}': no revision id starts with it", id_or_prefix));
    throw InputError(fmt::format("ambiguous revision prefix '{}': it matches {}", id_or_prefix,
                                 text::join(candidates, ", ")));
}

static std::string single_head_or_fail(const std::vector<std::string>& heads, std::string_view spec) {
    if (heads.size() == 1) return heads.front();
    if (heads.empty()) throw InputError(fmt::format("'{}': there are no revisions yet", spec));
    throw InputError(fmt::format("'{}' is ambiguous: there are {} heads ({}); name one, use 'heads', or merge them "
                                 "with 'dbm merge -m MSG heads'",
                                 spec, heads.size(), text::join(heads, ", ")));
}

std::vector<std::string> RevisionMap::walk(std::vector<std::string> from, long steps, std::string_view spec) const {
    for (long step = 0; step < std::labs(steps); ++step) {
        if (from.size() > 1)
            throw InputError(fmt::format("'{}' is ambiguous: it starts from several revisions ({}); name one",
                                         spec, text::join(from, ", ")));
        if (steps > 0) {
            const std::vector<std::string> next = from.empty() ? bases() : children(from.front());
            if (next.empty())
                throw InputError(fmt::format("'{}' goes past the head: {} has no later revision", spec,
                                             from.empty() ? std::string("<base>") : from.front()));
            if (next.size() > 1)
                throw InputError(fmt::format("'{}' is ambiguous: {} is followed by {}; name one", spec,
                                             from.empty() ? std::string("<base>") : from.front(),
                                             text::join(next, ", ")));
            from = next;
        } else {
            if (from.empty())
                throw InputError(fmt::format("'{}' goes below base: there are only {} revisions to step down", spec, step));
            // One step down from a merge lands on all of its parents.
            from = get(from.front()).down_revisions;
        }
    }
    return from;
}

std::vector<std::string> RevisionMap::resolve(std::string_view spec, std::span<const std::string> current) const {
    if (spec.empty()) throw InputError("empty revision argument");
    if (spec == "base") return {};
    if (spec == "heads") return heads();
    if (spec == "head") return {single_head_or_fail(heads(), spec)};

    // An id never holds '+' or '-', so the last of them splits "<start><+|-><N>".
    const auto sign = spec.find_last_of("+-");
    if (sign == std::string_view::npos) return {resolve_id(spec)};
    const std::string_view start = spec.substr(0, sign);
    const std::string_view count = spec.substr(sign + 1);
    long steps = 0;
    const auto [end, error] = std::from_chars(count.data(), count.data() + count.size(), steps);
    if (error != std::errc() || end != count.data() + count.size() || count.empty())
        throw InputError(fmt::format("malformed revision '{}': expected a number after '{}'", spec, spec[sign]));
    if (spec[sign] == '-') steps = -steps;

    std::vector<std::string> from;
    if (start.empty())
        from.assign(current.begin(), current.end());
    else if (start == "head")
        from = {single_head_or_fail(heads(), spec)};
    else if (start == "base")
        from = {};
    else
        from = {resolve_id(start)};
    return walk(std::move(from), steps, spec);
}

std::optional<RevisionRange> split_revision_range(std::string_view range) {
    const auto colon = range.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    return RevisionRange{range.substr(0, colon), range.substr(colon + 1)};
}

}  // namespace dbm
