// cut_at_tables: a line scan for the entry lines of the top-level `tables:` mapping.
#include "schema/yaml_pieces.hpp"

#include <cctype>

namespace dbm::yaml {

namespace {

// The first byte of a plain or quoted mapping key; anything else ('-', '?', '{', '&', '!',
// '#', a tab, ...) is never a place to cut.
bool starts_key(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '"' || c == '\'';
}

std::size_t indentation(std::string_view line) {
    const std::size_t first = line.find_first_not_of(' ');
    return first == std::string_view::npos ? line.size() : first;
}

// Blank, or only a comment: says nothing about where a block ends.
bool is_filler(std::string_view line) {
    const std::size_t first = line.find_first_not_of(" \r");
    return first == std::string_view::npos || line[first] == '#';
}

// `tables:` at column 0 with nothing after it but spaces and a comment: the key of a block
// mapping whose entries follow on their own lines.
bool is_tables_key(std::string_view line) {
    if (!line.starts_with("tables:")) return false;
    std::string_view rest = line.substr(7);
    if (rest.ends_with('\r')) rest.remove_suffix(1);
    const std::size_t first = rest.find_first_not_of(' ');
    return first == std::string_view::npos || (first > 0 && rest[first] == '#');
}

// A line starting with `---` or `...`: the end of the document (or a directive's start).
bool has_document_marker(std::string_view text) {
    return text.find("\n---") != std::string_view::npos || text.find("\n...") != std::string_view::npos;
}

}  // namespace

Pieces cut_at_tables(std::string_view text, std::size_t count) {
    Pieces result;
    result.pieces.push_back({text, 0});
    if (count < 2) return result;

    // Entry lines of the tables mapping after its first one: (offset, 0-based line).
    std::vector<std::pair<std::size_t, int>> entries;
    enum class State { before_tables, first_entry, entries } state = State::before_tables;
    int number = 0;
    for (std::size_t offset = 0; offset < text.size(); ++number) {
        const std::size_t end = text.find('\n', offset);
        const std::size_t begin = offset;
        // The line without its '\n' (a '\r' stays).
        const std::string_view line = text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
        offset = end == std::string_view::npos ? text.size() : end + 1;
        if (state == State::before_tables) {
            if (is_tables_key(line)) {
                result.tables_line = number;
                state = State::first_entry;
            }
            continue;
        }
        if (is_filler(line)) continue;
        const std::size_t indent = indentation(line);
        if (state == State::first_entry) {
            if (indent == 0 || !starts_key(line[indent])) return result;
            result.indentation = indent;
            state = State::entries;
            continue;
        }
        if (indent < result.indentation) break;  // the end of the tables block
        if (indent == result.indentation && starts_key(line[indent])) entries.emplace_back(begin, number);
    }
    if (entries.empty()) return result;
    // One parse reads the first document only; pieces would read past a later one's start.
    if (has_document_marker(text.substr(entries.front().first))) return result;

    // Cut at the first entry line past each of count-1 evenly spaced offsets; each piece
    // runs to the next cut.
    auto next = entries.begin();
    for (std::size_t piece = 1; piece < count; ++piece) {
        const std::size_t target = text.size() * piece / count;
        while (next != entries.end() && next->first < target) ++next;
        if (next == entries.end()) break;
        Piece& previous = result.pieces.back();
        previous.text = previous.text.substr(0, next->first - static_cast<std::size_t>(previous.text.data() - text.data()));
        result.pieces.push_back({text.substr(next->first), next->second});
        ++next;
    }
    return result;
}

}  // namespace dbm::yaml
