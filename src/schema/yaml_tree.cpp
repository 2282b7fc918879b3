// yaml::Document: yaml-cpp's parser events appended to one vector of nodes.
#include "schema/yaml_tree.hpp"

#include <algorithm>
#include <cstdint>
#include <istream>
#include <streambuf>
#include <system_error>
#include <thread>
#include <tuple>
#include <unordered_map>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "schema/yaml_pieces.hpp"

namespace dbm::yaml {

namespace {

// The key of the entry closing every piece but the last (see parse_in_pieces).
constexpr std::string_view piece_end = "dbm-end-of-piece-7f3a91c2";

Mark mark_of(const YAML::Mark& mark, int first_line = 0) {
    if (mark.is_null()) return {};
    return {mark.line + first_line, mark.column, true};
}

// A stream buffer over text held elsewhere.
class TextBuffer : public std::streambuf {
public:
    explicit TextBuffer(std::string_view text) {
        char* begin = const_cast<char*>(text.data());  // only read: no put area is set
        setg(begin, begin, begin + text.size());
    }
};

// Pieces worth a thread each: one per core, none smaller than min_piece_bytes.
std::size_t automatic_pieces(std::size_t size, const ParseOptions& options) {
    const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
    return std::min({cores, size / std::max<std::size_t>(options.min_piece_bytes, 1), std::size_t{8}});
}

}  // namespace

// Receives the events of one document. Every node is appended to the document and to the
// children of the innermost open sequence or map; an alias reuses its anchor's node.
class TreeBuilder : public YAML::EventHandler {
public:
    TreeBuilder(Document& document, int first_line) : document_(document), first_line_(first_line) {}

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { add(Document::Kind::null, mark, anchor); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        // The parser has already rejected an alias to an unknown anchor.
        const auto found = anchors_.find(anchor);
        if (found == anchors_.end()) return;
        // A node inside itself would make the tree a cycle that no reader of it expects.
        if (std::find(open_.begin(), open_.end(), found->second) != open_.end())
            throw YAML::ParserException(mark, "an alias cannot refer to a node that contains it");
        attach(found->second);
    }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, const std::string& value) override {
        if (document_.text_.size() + value.size() > UINT32_MAX)
            throw YAML::ParserException(mark, "the document's text is too big (over 4 GiB of scalars)");
        Document::Data& data = document_.nodes_[add(Document::Kind::scalar, mark, anchor)];
        data.begin = static_cast<std::uint32_t>(document_.text_.size());
        data.size = static_cast<std::uint32_t>(value.size());
        document_.text_ += value;
        data.quoted = tag == "!";
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open_.push_back(add_collection(Document::Kind::sequence, mark, anchor));
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
        open_.push_back(add_collection(Document::Kind::map, mark, anchor));
    }
    void OnMapEnd() override { close(); }

private:
    std::uint32_t add(Document::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
        const auto index = static_cast<std::uint32_t>(document_.nodes_.size());
        Document::Data& data = document_.nodes_.emplace_back();
        data.kind = kind;
        const Mark at = mark_of(mark, first_line_);
        std::tie(data.line, data.column, data.known) = std::tie(at.line, at.column, at.known);
        if (anchor != YAML::NullAnchor) anchors_[anchor] = index;
        attach(index);
        return index;
    }
    std::uint32_t add_collection(Document::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
        const std::uint32_t index = add(kind, mark, anchor);
        if (pending_.size() <= open_.size()) pending_.emplace_back();
        pending_[open_.size()].clear();
        return index;
    }
    void attach(std::uint32_t index) {
        if (!open_.empty()) pending_[open_.size() - 1].push_back(index);
    }
    // A collection's children go to the document together, when it ends.
    void close() {
        const std::vector<std::uint32_t>& children = pending_[open_.size() - 1];
        Document::Data& data = document_.nodes_[open_.back()];
        data.begin = static_cast<std::uint32_t>(document_.children_.size());
        data.size = static_cast<std::uint32_t>(children.size());
        document_.children_.insert(document_.children_.end(), children.begin(), children.end());
        open_.pop_back();
    }

    Document& document_;
    const int first_line_;
    std::vector<std::uint32_t> open_;
    std::vector<std::vector<std::uint32_t>> pending_;  // the children so far of each open collection, by depth
    std::unordered_map<YAML::anchor_t, std::uint32_t> anchors_;
};

std::unique_ptr<Document> Document::parse(std::string_view text, const std::string& file, const ParseOptions& options) {
    const std::size_t pieces = options.pieces ? options.pieces : automatic_pieces(text.size(), options);
    std::unique_ptr<Document> document;
    if (pieces > 1) document = parse_in_pieces(text, pieces);
    const auto where = [&](const YAML::Mark& at) {
        const Mark mark = mark_of(at);
        return mark.known ? SourceLocation{file, mark.line + 1, mark.column + 1} : SourceLocation{file};
    };
    try {
        if (!document) document = parse_piece(text, 0);
    } catch (const YAML::DeepRecursion& error) {
        // yaml-cpp's own message for it is "bad file".
        throw InputError(fmt::format("nested more than {} levels deep (the YAML parser's limit)", error.depth() - 1),
                         where(error.mark));
    } catch (const YAML::Exception& error) {
        throw InputError(error.msg, where(error.mark));
    }
    document->refuse_duplicate_keys(file);
    return document;
}

// YAML requires the keys of a mapping to be unique; yaml-cpp keeps both, and a reader
// would silently take the first. Compared as the scalars' text: `1` and '1' collide too.
// Walked from the root so that the message names where the mapping is (an alias's node
// is checked once, at its first path).
void Document::refuse_duplicate_keys(const std::string& file) const {
    if (nodes_.empty()) return;
    std::vector<bool> checked(nodes_.size(), false);
    // Each step: a key's node, or a sequence item's position with the top bit set.
    constexpr std::uint32_t item = 1U << 31;
    std::vector<std::uint32_t> path;
    std::unordered_map<std::string_view, std::uint32_t> seen;
    const auto walk = [&](const auto& self, std::uint32_t index) -> void {
        if (checked[index]) return;
        checked[index] = true;
        const Data& data = nodes_[index];
        const auto children = children_of(data);
        if (data.kind == Kind::sequence) {
            for (std::size_t i = 0; i < children.size(); ++i) {
                path.push_back(static_cast<std::uint32_t>(i) | item);
                self(self, children[i]);
                path.pop_back();
            }
            return;
        }
        if (data.kind != Kind::map) return;
        seen.clear();
        for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
            const Data& key = nodes_[children[i]];
            if (key.kind != Kind::scalar) continue;
            const auto [first, inserted] = seen.emplace(text_of(key), children[i]);
            if (inserted) continue;
            std::string where;
            for (const std::uint32_t step : path) {
                if (step & item) {
                    where += fmt::format("[{}]", step & ~item);
                } else {
                    const Data& step_key = nodes_[step];
                    where += (where.empty() ? "" : ".") + (step_key.kind == Kind::scalar ? std::string(text_of(step_key)) : "?");
                }
            }
            throw InputError(fmt::format("duplicate key '{}'{} (first at line {})", text_of(key),
                                         where.empty() ? "" : " in " + where, nodes_[first->second].line + 1),
                             key.known ? SourceLocation{file, key.line + 1, key.column + 1}
                                            : SourceLocation{file});
        }
        for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
            path.push_back(children[i]);
            self(self, children[i + 1]);
            path.pop_back();
        }
    };
    walk(walk, 0);
}

std::unique_ptr<Document> Document::parse_piece(std::string_view text, int first_line) {
    auto document = std::make_unique<Document>();
    // About one node per seven bytes of a models file: growing the vector costs more.
    document->nodes_.reserve(text.size() / 6 + 16);
    document->text_.reserve(text.size() / 2);  // scalars are about half of a models file
    document->children_.reserve(text.size() / 8);
    // Read in place: a copy (two, through istringstream) of every piece cost 3x the file.
    TextBuffer buffer(text);
    std::istream input(&buffer);
    YAML::Parser parser(input);
    TreeBuilder builder(*document, first_line);
    parser.HandleNextDocument(builder);
    return document;
}

std::unique_ptr<Document> Document::parse_in_pieces(std::string_view text, std::size_t count) {
    const Pieces cut = cut_at_tables(text, count);
    if (cut.pieces.size() < 2) return nullptr;
    const std::string indent(cut.indentation, ' ');
    // Every piece after the first continues the tables mapping: it gets the key back, on a
    // line of its own just above its first. Every piece before the last gets a closing
    // entry where the next piece begins: yaml-cpp ends a quoted scalar or a flow collection
    // quietly at the end of its input, and only if that entry is read as a table did the
    // piece end where one parse of the whole text would have gone on to the next table.
    std::vector<std::string> texts;
    for (std::size_t i = 0; i < cut.pieces.size(); ++i) {
        std::string& piece = texts.emplace_back(i == 0 ? "" : "tables:\n");
        piece += cut.pieces[i].text;
        if (i + 1 < cut.pieces.size()) piece += indent + std::string(piece_end) + ": ~\n";
    }
    std::vector<std::unique_ptr<Document>> parsed(cut.pieces.size());
    const auto parse_one = [&](std::size_t i) {
        try {
            parsed[i] = parse_piece(texts[i], i == 0 ? 0 : cut.pieces[i].first_line - 1);
        } catch (...) {
            // Left null: the whole text is parsed again, and its error is the one reported.
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < cut.pieces.size(); ++i) {
        try {
            threads.emplace_back(parse_one, i);
        } catch (const std::system_error&) {
            parse_one(i);  // no thread to be had: parse it here
        }
    }
    parse_one(0);
    for (auto& thread : threads) thread.join();

    std::vector<std::uint32_t> tables(parsed.size());
    for (std::size_t i = 0; i < parsed.size(); ++i) {
        if (!parsed[i]) return nullptr;
        tables[i] = parsed[i]->tables_of_piece(i == 0, cut.tables_line);
        if (tables[i] == 0) return nullptr;
        if (i + 1 < parsed.size() &&
            !parsed[i]->drop_piece_end(tables[i], cut.pieces[i + 1].first_line, static_cast<int>(cut.indentation)))
            return nullptr;
    }
    std::size_t text_size = 0, node_count = 0, child_count = 0;
    for (const auto& piece : parsed) {
        text_size += piece->text_.size();
        node_count += piece->nodes_.size();
        child_count += piece->children_.size();
    }
    if (text_size > UINT32_MAX) return nullptr;  // one parse says why
    // Grown once, to the size of the whole: growing by doubling held three copies at once.
    Document& whole = *parsed[0];
    whole.nodes_.reserve(node_count);
    whole.text_.reserve(text_size);
    whole.children_.reserve(child_count + 2 * whole.children_of(whole.nodes_[tables[0]]).size() + 64);
    for (std::size_t i = 1; i < parsed.size(); ++i) {
        whole.append_piece(std::move(*parsed[i]), tables[0], tables[i]);
        parsed[i].reset();
    }
    parsed[0]->pieces_ = parsed.size();
    return std::move(parsed[0]);
}

std::uint32_t Document::tables_of_piece(bool first, int tables_line) const {
    if (nodes_.empty() || nodes_[0].kind != Kind::map) return 0;
    const auto entries = children_of(nodes_[0]);
    for (std::size_t i = 0; i + 1 < entries.size(); i += 2) {
        const Data& key = nodes_[entries[i]];
        const bool restored = !first && i == 0;
        if (key.kind == Kind::scalar && text_of(key) == "tables" && (restored || (first && key.line == tables_line)))
            return nodes_[entries[i + 1]].kind == Kind::map ? entries[i + 1] : 0;
    }
    return 0;
}

bool Document::drop_piece_end(std::uint32_t tables, int line, int column) {
    const auto entries = children_of(nodes_[tables]);
    if (entries.size() < 2) return false;
    const Data& key = nodes_[entries[entries.size() - 2]];
    const Data& value = nodes_[entries.back()];
    if (key.kind != Kind::scalar || key.quoted || text_of(key) != piece_end || key.line != line ||
        key.column != column || value.kind != Kind::null)
        return false;
    nodes_[tables].size -= 2;
    return true;
}

void Document::append_piece(Document&& piece, std::uint32_t tables, std::uint32_t piece_tables) {
    const auto base = static_cast<std::uint32_t>(nodes_.size());
    const auto text_base = static_cast<std::uint32_t>(text_.size());
    const auto child_base = static_cast<std::uint32_t>(children_.size());
    for (Data data : piece.nodes_) {
        data.begin += data.kind == Kind::scalar ? text_base : data.kind == Kind::null ? 0 : child_base;
        nodes_.push_back(data);
    }
    text_ += piece.text_;
    for (const std::uint32_t child : piece.children_) children_.push_back(child + base);
    const auto piece_children = [&](std::uint32_t node, std::size_t skip) {
        const auto children = children_of(nodes_[node]);
        return std::vector<std::uint32_t>(children.begin() + static_cast<std::ptrdiff_t>(skip), children.end());
    };
    extend_children(tables, piece_children(base + piece_tables, 0));
    // The piece's root: the restored `tables:` entry, then top-level keys after the tables.
    extend_children(0, piece_children(base, 2));
}

void Document::extend_children(std::uint32_t node, std::span<const std::uint32_t> more) {
    Data& data = nodes_[node];
    if (data.begin + data.size != children_.size()) {
        // Copied out first: a vector cannot insert a range of itself.
        const std::vector<std::uint32_t> own(children_.begin() + data.begin, children_.begin() + data.begin + data.size);
        data.begin = static_cast<std::uint32_t>(children_.size());
        children_.insert(children_.end(), own.begin(), own.end());
    }
    children_.insert(children_.end(), more.begin(), more.end());
    data.size += static_cast<std::uint32_t>(more.size());
}

std::span<const std::uint32_t> Document::children_of(const Data& data) const {
    if (data.kind != Kind::sequence && data.kind != Kind::map) return {};
    return std::span<const std::uint32_t>(children_).subspan(data.begin, data.size);
}

Node Document::root() const { return nodes_.empty() ? Node() : Node(this, 0); }

bool Node::is_null() const { return !document_ || document_->nodes_[index_].kind == Document::Kind::null; }
bool Node::is_scalar() const { return document_ && document_->nodes_[index_].kind == Document::Kind::scalar; }
bool Node::is_sequence() const { return document_ && document_->nodes_[index_].kind == Document::Kind::sequence; }
bool Node::is_map() const { return document_ && document_->nodes_[index_].kind == Document::Kind::map; }

std::string_view Node::scalar() const { return document_ ? document_->text_of(document_->nodes_[index_]) : std::string_view(); }
bool Node::quoted() const { return is_scalar() && document_->nodes_[index_].quoted; }
Mark Node::mark() const { return document_ ? Document::node_mark(document_->nodes_[index_]) : Mark{}; }

std::size_t Node::size() const {
    if (is_sequence()) return document_->children_of(document_->nodes_[index_]).size();
    if (is_map()) return document_->children_of(document_->nodes_[index_]).size() / 2;
    return 0;
}

std::vector<Node> Node::items() const {
    std::vector<Node> items;
    if (!is_sequence()) return items;
    for (const std::uint32_t child : document_->children_of(document_->nodes_[index_])) items.push_back(Node(document_, child));
    return items;
}

std::vector<std::pair<Node, Node>> Node::entries() const {
    std::vector<std::pair<Node, Node>> entries;
    if (!is_map()) return entries;
    const auto children = document_->children_of(document_->nodes_[index_]);
    for (std::size_t i = 0; i + 1 < children.size(); i += 2)
        entries.emplace_back(Node(document_, children[i]), Node(document_, children[i + 1]));
    return entries;
}

Node Node::find(std::string_view key) const {
    if (!is_map()) return {};
    const auto children = document_->children_of(document_->nodes_[index_]);
    for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
        const Node candidate(document_, children[i]);
        if (candidate.is_scalar() && candidate.scalar() == key) return Node(document_, children[i + 1]);
    }
    return {};
}

}  // namespace dbm::yaml
