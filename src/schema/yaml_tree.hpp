// A YAML document as a light, read-only tree, built from yaml-cpp's event parser.
//
// Why not YAML::Load: its node graph (a shared_ptr, a node_data and a memory-holder set
// entry per node) costs twice as much as parsing itself; on a 500-table models file it was
// two thirds of `dbm migrate`. Here every node lives in one vector and a Node is an index.
#pragma once

#include <cstdint>
#include <memory>
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

    // The scalar's text; empty for anything but a scalar.
    const std::string& scalar() const;
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

class Document {
public:
    // Parses the first document of `text`. A syntax error throws InputError at
    // file:line:col (1-based).
    static std::unique_ptr<Document> parse(std::string_view text, const std::string& file);

    // The document's root; undefined for an empty text.
    Node root() const;

private:
    friend class Node;
    friend class TreeBuilder;
    enum class Kind : std::uint8_t { null, scalar, sequence, map };
    struct Data {
        Kind kind = Kind::null;
        bool quoted = false;
        Mark mark;
        std::string scalar;
        std::vector<std::uint32_t> children;  // a map's are key, value, key, value, ...
    };
    std::vector<Data> nodes_;
};

}  // namespace dbm::yaml
