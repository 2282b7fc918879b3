#include "cli/history_graph.hpp"

#include <algorithm>

namespace dbm::cli {

namespace {

// The lanes drawn as a line: `mark` at `at`, '|' elsewhere, padded to `width` lanes.
std::string lanes_line(std::size_t lanes, std::size_t at, char mark, std::size_t width) {
    std::string line;
    for (std::size_t i = 0; i < lanes; ++i) {
        line += i == at ? mark : '|';
        line += ' ';
    }
    line.append(2 * (width > lanes ? width - lanes : 0), ' ');
    return line;
}

}  // namespace

std::vector<std::string> history_graph(const std::vector<const Revision*>& newest_first,
                                       const std::function<std::string(const Revision&)>& label) {
    // First pass: how many lanes the widest row needs, so that every label starts in one column.
    std::size_t width = 1;
    {
        std::vector<std::string> lanes;
        for (const Revision* revision : newest_first) {
            if (std::find(lanes.begin(), lanes.end(), revision->id) == lanes.end()) lanes.push_back(revision->id);
            width = std::max(width, lanes.size());
            const auto at = std::find(lanes.begin(), lanes.end(), revision->id) - lanes.begin();
            std::erase_if(lanes, [&](const std::string& id) { return id == revision->id; });
            std::size_t insert = static_cast<std::size_t>(at);
            for (const auto& parent : revision->down_revisions)
                if (std::find(lanes.begin(), lanes.end(), parent) == lanes.end())
                    lanes.insert(lanes.begin() + static_cast<std::ptrdiff_t>(std::min(insert++, lanes.size())), parent);
            width = std::max(width, lanes.size());
        }
    }

    std::vector<std::string> out;
    std::vector<std::string> lanes;  // the revision each lane waits for
    for (const Revision* revision : newest_first) {
        auto found = std::find(lanes.begin(), lanes.end(), revision->id);
        if (found == lanes.end()) {
            lanes.push_back(revision->id);  // a head: a lane of its own
            found = lanes.end() - 1;
        }
        const std::size_t at = static_cast<std::size_t>(found - lanes.begin());
        // Lanes right of it that wait for it too (branches meeting at their parent) join it
        // first, right to left, each with a line where it leans in and the lanes after it
        // move left: "| |/", then "|/".
        for (std::size_t join = lanes.size(); join-- > at + 1;) {
            if (lanes[join] != revision->id) continue;
            std::string line(2 * lanes.size(), ' ');
            for (std::size_t i = 0; i < lanes.size(); ++i) {
                if (i < join) line[2 * i] = '|';
                else line[2 * i - 1] = '/';
            }
            out.push_back(line);
            lanes.erase(lanes.begin() + static_cast<std::ptrdiff_t>(join));
        }
        out.push_back(lanes_line(lanes.size(), at, '*', width) + label(*revision));
        // Its lane goes on to its first parent; a merge's other parents part to the right.
        const auto& parents = revision->down_revisions;
        if (parents.empty()) {
            lanes.erase(lanes.begin() + static_cast<std::ptrdiff_t>(at));
            continue;
        }
        // (When another lane waits for that parent too, the two meet at its row: "|/".)
        lanes[at] = parents.front();
        std::size_t next = at + 1;
        for (std::size_t p = 1; p < parents.size(); ++p) {
            if (std::find(lanes.begin(), lanes.end(), parents[p]) != lanes.end()) continue;
            lanes.insert(lanes.begin() + static_cast<std::ptrdiff_t>(std::min(next, lanes.size())), parents[p]);
            std::string line;
            for (std::size_t i = 0; i < lanes.size() - 1; ++i) line += i == next - 1 ? "|\\" : (i < next - 1 ? "| " : " \\");
            while (!line.empty() && line.back() == ' ') line.pop_back();
            out.push_back(line);
            ++next;
        }
    }
    for (auto& line : out)
        while (!line.empty() && line.back() == ' ') line.pop_back();
    return out;
}

}  // namespace dbm::cli
