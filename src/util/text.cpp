#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include <fmt/format.h>

namespace dbm::text {

std::string_view trim(std::string_view s) {
    const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// ASCII only, as SQLite folds the case of names; and no locale call per character, which
// showed in profiles of schemas with thousands of names.
static char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }
static char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - ('a' - 'A')) : c; }

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_upper(c);
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && starts_with_icase(a, b);
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (ascii_lower(s[i]) != ascii_lower(prefix[i])) return false;
    return true;
}

bool is_identifier(std::string_view s) {
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s.front()))) return false;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || !(std::isalnum(u) || c == '_')) return false;
    }
    return true;
}

std::vector<std::string> split_list(std::string_view s, char separator) {
    std::vector<std::string> items;
    while (true) {
        const auto pos = s.find(separator);
        const auto item = trim(s.substr(0, pos));
        if (!item.empty()) items.emplace_back(item);
        if (pos == std::string_view::npos) break;
        s.remove_prefix(pos + 1);
    }
    return items;
}

std::string join(std::span<const std::string> items, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += separator;
        out += items[i];
    }
    return out;
}

std::string slugify(std::string_view message, std::size_t max_length) {
    std::string slug;
    for (char c : message) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) && u < 0x80) {
            slug += static_cast<char>(std::tolower(u));
        } else if (!slug.empty() && slug.back() != '_') {
            slug += '_';
        }
    }
    if (slug.size() > max_length) {
        // Alembic cuts long slugs at a word boundary; do the same when one is in reach.
        const bool cut_inside_word = slug[max_length] != '_';
        slug.resize(max_length);
        const auto last_break = slug.rfind('_');
        if (cut_inside_word && last_break != std::string::npos && last_break > 0) slug.resize(last_break);
    }
    while (!slug.empty() && slug.back() == '_') slug.pop_back();
    return slug;
}

static std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::string closest_match(std::string_view word, std::span<const std::string_view> candidates) {
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
    const std::string lowered = lower(word);
    for (const auto candidate : candidates) {
        const std::size_t distance = edit_distance(lowered, lower(candidate));
        if (distance < best_distance) {
            best_distance = distance;
            best = candidate;
        }
    }
    return best;
}

std::string one_line(std::string_view s, std::size_t max_length) {
    std::string out;
    bool pending_space = false;
    for (char c : trim(s)) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            pending_space = true;
            continue;
        }
        if (pending_space && !out.empty()) out += ' ';
        pending_space = false;
        out += c;
    }
    if (out.size() > max_length) {
        out.resize(max_length - 3);
        out += "...";
    }
    return out;
}

LineColumn line_column_at(std::string_view s, std::size_t offset) {
    const std::string_view before = s.substr(0, offset);
    const auto last_newline = before.rfind('\n');
    return {1 + static_cast<int>(std::count(before.begin(), before.end(), '\n')),
            1 + static_cast<int>(last_newline == std::string_view::npos ? before.size() : before.size() - last_newline - 1)};
}

LineColumn LineCounter::at(std::size_t offset) {
    offset = std::min(offset, s_.size());
    if (offset < offset_) *this = LineCounter(s_);
    for (; offset_ < offset; ++offset_) {
        if (s_[offset_] == '\n') at_ = {at_.line + 1, 1};
        else ++at_.column;
    }
    return at_;
}

std::string quoted(std::string_view s, char quote) {
    std::string out;
    out.reserve(s.size() + 2);
    out += quote;
    for (char c : s) {
        if (c == quote) out += quote;
        out += c;
    }
    out += quote;
    return out;
}

std::string undoubled(std::string_view inside, char quote) {
    std::string out;
    out.reserve(inside.size());
    for (std::size_t i = 0; i < inside.size(); ++i) {
        out += inside[i];
        if (inside[i] == quote && i + 1 < inside.size() && inside[i + 1] == quote) ++i;
    }
    return out;
}


std::size_t utf8_length_at(std::string_view text, std::size_t i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) return 1;
    // The length a lead byte announces, and the smallest code point each length may carry
    // (shorter forms are overlong and invalid).
    const std::size_t length = byte >= 0xF0 && byte <= 0xF4 ? 4 : byte >= 0xE0 && byte < 0xF0 ? 3 : byte >= 0xC2 && byte < 0xE0 ? 2 : 0;
    if (length == 0 || i + length > text.size()) return 0;
    std::uint32_t code = byte & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xC0) != 0x80) return 0;
        code = (code << 6) | (next & 0x3F);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    if (overlong || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return length;
}

namespace {

// The code point of the valid UTF-8 sequence of `length` bytes at text[i].
std::uint32_t code_point_at(std::string_view text, std::size_t i, std::size_t length) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (length == 1) return byte;
    std::uint32_t code = byte & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    return code;
}

// Unicode's East Asian Width W and F ranges, with the emoji blocks (Unicode 15; wcwidth's
// table, without the locale a static binary cannot rely on).
int code_point_width(std::uint32_t c) {
    if (c < 0x300) return 1;  // below every range: most text, and every id and date
    const auto between = [c](std::uint32_t a, std::uint32_t b) { return c >= a && c <= b; };
    if (between(0x0300, 0x036F) || between(0x1AB0, 0x1AFF) || between(0x1DC0, 0x1DFF) || between(0x20D0, 0x20FF) ||
        between(0xFE20, 0xFE2F) || between(0xFE00, 0xFE0F) || between(0x200B, 0x200F) || c == 0x2060 ||
        between(0xE0100, 0xE01EF))
        return 0;
    if (between(0x1100, 0x115F) || between(0x231A, 0x231B) || between(0x2329, 0x232A) || between(0x23E9, 0x23EC) ||
        c == 0x23F0 || c == 0x23F3 || between(0x25FD, 0x25FE) || between(0x2614, 0x2615) || between(0x2648, 0x2653) ||
        c == 0x267F || c == 0x2693 || c == 0x26A1 || between(0x26AA, 0x26AB) || between(0x26BD, 0x26BE) ||
        between(0x26C4, 0x26C5) || c == 0x26CE || c == 0x26D4 || c == 0x26EA || between(0x26F2, 0x26F3) || c == 0x26F5 ||
        c == 0x26FA || c == 0x26FD || c == 0x2705 || between(0x270A, 0x270B) || c == 0x2728 || c == 0x274C ||
        c == 0x274E || between(0x2753, 0x2755) || c == 0x2757 || between(0x2795, 0x2797) || c == 0x27B0 || c == 0x27BF ||
        between(0x2B1B, 0x2B1C) || c == 0x2B50 || c == 0x2B55 || between(0x2E80, 0x303E) || between(0x3041, 0x33FF) ||
        between(0x3400, 0x4DBF) || between(0x4E00, 0x9FFF) || between(0xA000, 0xA4CF) || between(0xA960, 0xA97F) ||
        between(0xAC00, 0xD7A3) || between(0xF900, 0xFAFF) || between(0xFE10, 0xFE19) || between(0xFE30, 0xFE6F) ||
        between(0xFF00, 0xFF60) || between(0xFFE0, 0xFFE6) || between(0x16FE0, 0x18AFF) || between(0x1B000, 0x1B2FF) ||
        c == 0x1F004 || c == 0x1F0CF || c == 0x1F18E || between(0x1F191, 0x1F19A) || between(0x1F200, 0x1F251) ||
        between(0x1F300, 0x1F64F) || between(0x1F680, 0x1F6FF) || between(0x1F7E0, 0x1F7EB) || between(0x1F90C, 0x1F9FF) ||
        between(0x1FA70, 0x1FAFF) || between(0x20000, 0x3FFFD))
        return 2;
    return 1;
}

}  // namespace

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {  // ASCII: one column, no decoding
            ++width;
            ++i;
            continue;
        }
        const std::size_t length = utf8_length_at(text, i);
        if (length == 0) {
            ++width;
            ++i;
            continue;
        }
        width += static_cast<std::size_t>(code_point_width(code_point_at(text, i, length)));
        i += length;
    }
    return width;
}

std::string truncate_to_width(std::string_view text, std::size_t columns) {
    if (display_width(text) <= columns) return std::string(text);
    if (columns == 0) return "";
    std::string out;
    std::size_t width = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = std::max<std::size_t>(utf8_length_at(text, i), 1);
        const std::size_t w = utf8_length_at(text, i) == 0 ? 1 : static_cast<std::size_t>(code_point_width(code_point_at(text, i, length)));
        if (width + w > columns - 1) break;  // one column is kept for the ellipsis
        out.append(text.substr(i, length));
        width += w;
        i += length;
    }
    return out + "…";
}

std::string wrap_help(std::string_view help, std::size_t columns) {
    std::string out;
    for (std::string_view rest = help; !rest.empty();) {
        const std::size_t end = rest.find('\n');
        std::string line(rest.substr(0, end));
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        // Where the description starts: after the indentation, the names, and 2+ spaces.
        const std::size_t text_start = line.find_first_not_of(' ');
        const std::size_t gap = text_start == std::string::npos ? std::string::npos : line.find("  ", text_start);
        const std::size_t indent = gap == std::string::npos ? (text_start == std::string::npos ? 0 : text_start)
                                                             : line.find_first_not_of(' ', gap);
        const std::size_t hang = indent == std::string::npos || indent + 20 > columns ? 4 : indent;
        bool first = true;
        while (display_width(line) > columns) {
            const std::size_t from = first ? (indent == std::string::npos ? 0 : indent) : hang;
            std::size_t cut = line.rfind(' ', columns);
            if (cut == std::string::npos || cut <= from) break;  // one long word: leave it whole
            out += line.substr(0, cut);
            out += '\n';
            line = std::string(hang, ' ') + line.substr(line.find_first_not_of(' ', cut));
            first = false;
        }
        out += line;
        if (end != std::string_view::npos) out += '\n';
    }
    return out;
}

std::optional<TextProblem> find_text_problem(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '\0') return TextProblem{i, "a NUL byte"};
        const std::size_t length = utf8_length_at(text, i);
        if (length == 0) return TextProblem{i, "bytes that are not UTF-8"};
        i += length;
    }
    return std::nullopt;
}

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const std::size_t length = utf8_length_at(text, i);
        // C0 controls but tab, DEL, and C1 controls (U+0080..U+009F, C2 80..C2 9F).
        const bool control = (byte < 0x20 && byte != '\t') || byte == 0x7F ||
                             (length == 2 && byte == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0);
        if (length == 0 || control) {
            for (std::size_t k = 0; k < std::max<std::size_t>(length, 1); ++k)
                out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i + k]));
            i += std::max<std::size_t>(length, 1);
            continue;
        }
        out.append(text.substr(i, length));
        i += length;
    }
    return out;
}

std::string_view without_bom(std::string_view text) {
    return text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text;
}

std::string one_line_message(std::string_view message) {
    std::string out;
    bool space = false;
    for (char c : message) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

}  // namespace dbm::text
