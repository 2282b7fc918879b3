// yaml::Document: yaml-cpp's parser events appended to one vector of nodes.
#include "schema/yaml_tree.hpp"

#include <sstream>
#include <unordered_map>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "dbm/error.hpp"

namespace dbm::yaml {

namespace {

const std::string no_text;

Mark mark_of(const YAML::Mark& mark) {
    if (mark.is_null()) return {};
    return {mark.line, mark.column, true};
}

}  // namespace

// Receives the events of one document. Every node is appended to the document and to the
// children of the innermost open sequence or map; an alias reuses its anchor's node.
class TreeBuilder : public YAML::EventHandler {
public:
    explicit TreeBuilder(Document& document) : document_(document) {}

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { add(Document::Kind::null, mark, anchor); }
    void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
        // The parser has already rejected an alias to an unknown anchor.
        const auto found = anchors_.find(anchor);
        if (found != anchors_.end()) attach(found->second);
    }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, const std::string& value) override {
        Document::Data& data = document_.nodes_[add(Document::Kind::scalar, mark, anchor)];
        data.scalar = value;
        data.quoted = tag == "!";
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open_.push_back(add(Document::Kind::sequence, mark, anchor));
    }
    void OnSequenceEnd() override { open_.pop_back(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
        open_.push_back(add(Document::Kind::map, mark, anchor));
    }
    void OnMapEnd() override { open_.pop_back(); }

private:
    std::uint32_t add(Document::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
        const auto index = static_cast<std::uint32_t>(document_.nodes_.size());
        Document::Data& data = document_.nodes_.emplace_back();
        data.kind = kind;
        data.mark = mark_of(mark);
        if (anchor != YAML::NullAnchor) anchors_[anchor] = index;
        attach(index);
        return index;
    }
    void attach(std::uint32_t index) {
        if (!open_.empty()) document_.nodes_[open_.back()].children.push_back(index);
    }

    Document& document_;
    std::vector<std::uint32_t> open_;
    std::unordered_map<YAML::anchor_t, std::uint32_t> anchors_;
};

std::unique_ptr<Document> Document::parse(std::string_view text, const std::string& file) {
    auto document = std::make_unique<Document>();
    // About one node per seven bytes of a models file: growing the vector costs more.
    document->nodes_.reserve(text.size() / 6 + 16);
    std::istringstream input{std::string(text)};
    try {
        YAML::Parser parser(input);
        TreeBuilder builder(*document);
        parser.HandleNextDocument(builder);
    } catch (const YAML::Exception& error) {
        const Mark mark = mark_of(error.mark);
        throw InputError(error.msg, mark.known ? SourceLocation{file, mark.line + 1, mark.column + 1} : SourceLocation{file});
    }
    return document;
}

Node Document::root() const { return nodes_.empty() ? Node() : Node(this, 0); }

bool Node::is_null() const { return !document_ || document_->nodes_[index_].kind == Document::Kind::null; }
bool Node::is_scalar() const { return document_ && document_->nodes_[index_].kind == Document::Kind::scalar; }
bool Node::is_sequence() const { return document_ && document_->nodes_[index_].kind == Document::Kind::sequence; }
bool Node::is_map() const { return document_ && document_->nodes_[index_].kind == Document::Kind::map; }

const std::string& Node::scalar() const { return is_scalar() ? document_->nodes_[index_].scalar : no_text; }
bool Node::quoted() const { return is_scalar() && document_->nodes_[index_].quoted; }
Mark Node::mark() const { return document_ ? document_->nodes_[index_].mark : Mark{}; }

std::size_t Node::size() const {
    if (is_sequence()) return document_->nodes_[index_].children.size();
    if (is_map()) return document_->nodes_[index_].children.size() / 2;
    return 0;
}

std::vector<Node> Node::items() const {
    std::vector<Node> items;
    if (!is_sequence()) return items;
    for (const std::uint32_t child : document_->nodes_[index_].children) items.push_back(Node(document_, child));
    return items;
}

std::vector<std::pair<Node, Node>> Node::entries() const {
    std::vector<std::pair<Node, Node>> entries;
    if (!is_map()) return entries;
    const auto& children = document_->nodes_[index_].children;
    for (std::size_t i = 0; i + 1 < children.size(); i += 2)
        entries.emplace_back(Node(document_, children[i]), Node(document_, children[i + 1]));
    return entries;
}

Node Node::find(std::string_view key) const {
    if (!is_map()) return {};
    const auto& children = document_->nodes_[index_].children;
    for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
        const Node candidate(document_, children[i]);
        if (candidate.is_scalar() && candidate.scalar() == key) return Node(document_, children[i + 1]);
    }
    return {};
}

}  // namespace dbm::yaml
