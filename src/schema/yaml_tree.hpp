// A YAML document as a light, read-only tree, built from yaml-cpp's event parser.
//
// Why not YAML::Load: its node graph (a shared_ptr, a node_data and a memory-holder set
// entry per node) costs twice as much as parsing itself; on a 500-table models file it was
// two thirds of `dbm migrate`. Here every node lives in one vector and a Node is an index.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dbm::yaml {

// Where a node starts, 0-based as yaml-cpp reports it; `known` is false for a node that
// does not exist (a missing key).
struct Mark {
    int line = 0;
    int column = 0;
    bool known = false;
};

class Document;
class ParseCache;
struct Pieces;

// A handle to one node of a Document (which must outlive it). A default Node, or a missing
// key's, is "undefined": every query says no and scalar() is empty.
class Node {
public:
    Node() = default;

    bool is_defined() const { return document_ != nullptr; }
    bool is_null() const;  // `~`, `null`, or nothing after the colon; also an undefined node
    bool is_scalar() const;
    bool is_sequence() const;
    bool is_map() const;

    // The scalar's text; empty for anything but a scalar. Valid as long as the Document.
    std::string_view scalar() const;
    // True for a 'quoted' or "quoted" scalar (yaml-cpp's tag "!"): always a string.
    bool quoted() const;
    Mark mark() const;

    // Items of a sequence, or entries of a map (in document order, duplicates kept); empty
    // for anything else.
    std::size_t size() const;
    std::vector<Node> items() const;
    std::vector<std::pair<Node, Node>> entries() const;
    // The value of the first entry whose key is the scalar `key`; undefined if none.
    Node find(std::string_view key) const;

private:
    friend class Document;
    Node(const Document* document, std::uint32_t index) : document_(document), index_(index) {}

    const Document* document_ = nullptr;
    std::uint32_t index_ = 0;
};

// How Document::parse may split its work.
struct ParseOptions {
    // Pieces parsed at once, on as many threads (see yaml_pieces.hpp); 0: one per core,
    // each of at least min_piece_bytes.
    std::size_t pieces = 0;
    std::size_t min_piece_bytes = 32 * 1024;
    // Where parsed pieces are kept between runs (yaml_cache.hpp); none: all are parsed.
    ParseCache* cache = nullptr;
};

class Document {
public:
    // Parses the first document of `text`. A syntax error, a mapping with a key twice or
    // nesting past the parser's depth limit throws InputError at file:line:col (1-based).
    static std::unique_ptr<Document> parse(std::string_view text, const std::string& file, const ParseOptions& options = {});

    // Parses `text` as parse() would, but a piece at a time (yaml_pieces.hpp: pieces of
    // about options.min_piece_bytes, on options.pieces threads, 0: one per core), handing
    // each piece's document to `visit(document, index)` in the order of the text and
    // dropping it after: a reader that keeps only what it makes of each piece never holds
    // the whole text's tree. Piece 0's root holds the text's entries up to the cut; a later
    // piece's root begins with a `tables` entry (restored, not in the text) continuing the
    // tables mapping, followed by the top-level entries after the tables, if any.
    // Returns true when every piece was visited: together they are exactly the nodes
    // parse() would return, without error. Returns false, having visited none or some, when
    // the text is too small or cannot be cut, or when a piece fails to parse, was cut wrong
    // or repeats a key: the caller then calls parse(), which reports the error if there is
    // one. An exception from `visit` stops the reading and is rethrown.
    static bool parse_each_piece(std::string_view text, const ParseOptions& options,
                                 const std::function<void(const Document&, std::size_t)>& visit);

    // The document's root; undefined for an empty text.
    Node root() const;
    // How many pieces the text was parsed in: 1 unless it was cut (yaml_pieces.hpp).
    std::size_t pieces() const { return pieces_; }

private:
    friend class Node;
    friend class TreeBuilder;
    friend class ParseCache;
    // Throws InputError at the second of two equal keys in one mapping.
    void refuse_duplicate_keys(const std::string& file) const;
    // Parses `text` alone, or takes its parse from `cache` (which keeps a new one); marks
    // are moved down by `first_line` lines. Throws yaml-cpp's exceptions.
    static std::unique_ptr<Document> parse_piece(std::string_view text, int first_line, ParseCache* cache);
    // Parses the pieces of `text` on threads and joins them; null when they cannot stand
    // for one parse (a piece failed), so that the caller parses the whole text.
    static std::unique_ptr<Document> parse_in_pieces(std::string_view text, std::size_t count, ParseCache* cache);
    // Parses piece `i` of `cut` (then refuses repeated keys in it, if `check_keys`) and
    // checks that it ends where the next begins; null if any of that fails. `tables` is
    // set to the node of its tables mapping.
    static std::unique_ptr<Document> parse_checked_piece(const Pieces& cut, std::size_t i, bool check_keys,
                                                         ParseCache* cache, std::uint32_t& tables);
    // Parses the pieces of `cut` on `threads` threads, at most `ahead` beyond the last one
    // taken, and hands each to `take` in order, with its tables node. False, after joining
    // the threads, as soon as a piece fails (none after it is taken).
    static bool read_pieces(const Pieces& cut, std::size_t threads, std::size_t ahead, bool check_keys,
                            ParseCache* cache,
                            const std::function<void(std::unique_ptr<Document>, std::uint32_t)>& take);
    // The tree as bytes, and back (yaml_cache.cpp); decode gives null for bytes that are
    // not a tree: a size that does not add up, an index out of range, a cycle.
    std::string encode() const;
    static std::unique_ptr<Document> decode(std::string_view bytes);
    // Moves every known mark down by `lines` lines.
    void move_lines(int lines);
    // The node of a piece's `tables:` mapping: in the first piece, the value of the key on
    // tables_line; in the others, of the restored first key. 0 if it is not a mapping.
    std::uint32_t tables_of_piece(bool first, int tables_line) const;
    // Removes the entry closing a piece from its tables mapping; false if that entry is not
    // the mapping's last one, at (line, column).
    bool drop_piece_end(std::uint32_t tables, int line, int column);
    // Appends a later piece: its tables to this document's tables mapping, its other
    // top-level entries to the root.
    void append_piece(Document&& piece, std::uint32_t tables, std::uint32_t piece_tables);
    enum class Kind : std::uint8_t { null, scalar, sequence, map };
    // 20 bytes a node, and 4 a child: a models file of 10,000 tables has about two million
    // nodes.
    struct Data {
        Kind kind = Kind::null;
        bool quoted = false;
        bool known = false;  // the mark
        int line = 0;
        int column = 0;
        // A scalar: its text at text_[begin, begin + size). A sequence or map: its children
        // at children_[begin, begin + size) (a map's are key, value, key, value, ...).
        std::uint32_t begin = 0;
        std::uint32_t size = 0;
    };
    std::string_view text_of(const Data& data) const {
        return data.kind == Kind::scalar ? std::string_view(text_).substr(data.begin, data.size) : std::string_view();
    }
    std::span<const std::uint32_t> children_of(const Data& data) const;
    // Appends `more` to the children of collection `node`, moving them to the end first if
    // they are not there.
    void extend_children(std::uint32_t node, std::span<const std::uint32_t> more);
    static Mark node_mark(const Data& data) { return {data.line, data.column, data.known}; }

    std::vector<Data> nodes_;
    std::string text_;                              // every scalar's text, one after another
    std::vector<std::uint32_t> children_;             // the children of every sequence and map
    std::size_t pieces_ = 1;
};

}  // namespace dbm::yaml
