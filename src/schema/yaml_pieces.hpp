// Where a large models file can be cut so that yaml-cpp parses the pieces on several cores.
//
// Why: yaml-cpp's scanner is nine tenths of `dbm migrate` on a 500-table models file
// (SPEC §9 wants it 50x faster than Alembic). The only cuts made are before an entry line
// of the top-level `tables:` block mapping: a line indented exactly like the first table's,
// starting with a key character. Inside a quoted or flow scalar that spans lines such a cut
// leaves an unterminated piece (yaml-cpp closes those quietly at the end of its input, so
// the caller checks that an entry appended to the piece is still read as a table); a block
// or plain scalar of a deeper node always ends at such a line. So a cut either gives the
// same nodes as one parse or a piece that fails, and the caller then parses the whole text
// (yaml_tree.cpp).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace dbm::yaml {

struct Piece {
    std::string_view text;  // bytes of the original text; all but the first begin at a table key
    int first_line = 0;     // 0-based line of the original text where `text` begins
};

struct Pieces {
    int tables_line = 0;  // 0-based line of the `tables:` key that the later pieces continue
    std::size_t indentation = 0;  // of the tables mapping's entries
    std::vector<Piece> pieces;  // in order; fewer than two means "do not cut"
};

// Cuts `text` into at most `count` pieces of about equal size. Returns one piece (the
// whole text) when there is no safe place to cut: no top-level `tables:` key alone on its
// line, a document marker after it, or too few tables.
Pieces cut_at_tables(std::string_view text, std::size_t count);

}  // namespace dbm::yaml
