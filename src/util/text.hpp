// Small string helpers shared by every layer.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dbm::text {

std::string_view trim(std::string_view s);
std::string lower(std::string_view s);
std::string upper(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool starts_with_icase(std::string_view s, std::string_view prefix);

// [A-Za-z_][A-Za-z0-9_]*: a name that needs no quoting anywhere.
bool is_identifier(std::string_view s);

// Splits on a separator and trims each piece; empty pieces are dropped.
std::vector<std::string> split_list(std::string_view s, char separator);
std::string join(std::span<const std::string> items, std::string_view separator);

// "Add user table!" -> "add_user_table": lowered, runs of anything but [a-z0-9] folded to
// one "_", at most max_length characters, cut back to a word boundary when it can be.
std::string slugify(std::string_view message, std::size_t max_length = 40);

// The candidate closest to `word` by edit distance, if it is close enough to be a
// plausible typo; "" otherwise. Used for "did you mean" hints.
std::string closest_match(std::string_view word, std::span<const std::string_view> candidates);

// The 1-based line and column of byte `offset` in `s`.
struct LineColumn {
    int line = 1;
    int column = 1;
};
LineColumn line_column_at(std::string_view s, std::size_t offset);
// The same for offsets asked in increasing order (a parser's declarations): each answer
// counts on from the previous one instead of from the start. An earlier offset starts over.
class LineCounter {
public:
    explicit LineCounter(std::string_view s) : s_(s) {}
    LineColumn at(std::size_t offset);

private:
    std::string_view s_;
    std::size_t offset_ = 0;
    LineColumn at_;
};

// `s` between two `quote` characters, each one inside doubled: SQL's quoting of a string
// literal ('it''s') and of an identifier ("say ""hi""").
std::string quoted(std::string_view s, char quote);
// The inside of such a quoted text back as it was: each doubled `quote` made single.
std::string undoubled(std::string_view inside, char quote);

// What makes a file unfit to be read as text: a NUL byte (SQLite would stop reading the
// SQL there) or bytes that are not UTF-8. `offset` is where it is.
struct TextProblem {
    std::size_t offset = 0;
    std::string message;
};
std::optional<TextProblem> find_text_problem(std::string_view text);
// The length of the valid UTF-8 sequence starting at text[i] (1 for ASCII), 0 if the bytes
// there are not UTF-8.
std::size_t utf8_length_at(std::string_view text, std::size_t i);
// The columns text takes on a terminal: East Asian wide and fullwidth characters and most
// emoji take two, combining marks, variation selectors and zero-width joiners none, other
// characters one (a byte that is not UTF-8 one, as printable() shows it escaped anyway).
std::size_t display_width(std::string_view text);
// Text cut to at most `columns` display columns, ending in "…" when it was cut; a wide
// character is never split.
std::string truncate_to_width(std::string_view text, std::size_t columns);

// Help text wrapped at word boundaries to `columns`: a line too long is broken at its last
// space that fits, and its continuation indented to where the line's description starts
// (after the first run of two or more spaces past its indentation), as CLI11 aligns them.
std::string wrap_help(std::string_view help, std::size_t columns);

// Text from a file or a database made safe to print on a terminal: control characters
// (but tab) and bytes that are not UTF-8 shown as \xNN, so an escape sequence in a
// message cannot move the cursor, recolour or retitle the user's terminal.
std::string printable(std::string_view text);

// The text without a leading UTF-8 byte order mark.
std::string_view without_bom(std::string_view text);

// Newlines, tabs and other control characters folded to single spaces, trimmed: a
// message that cannot break the line it is written on.
std::string one_line_message(std::string_view message);

// One line, at most max_length characters, for quoting SQL inside an error message.
std::string one_line(std::string_view s, std::size_t max_length = 80);

}  // namespace dbm::text
