// yaml::Document: yaml-cpp's parser events appended to one vector of nodes.
#include "schema/yaml_tree.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <istream>
#include <mutex>
#include <optional>
#include <streambuf>
#include <system_error>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "schema/yaml_cache.hpp"
#include "schema/yaml_pieces.hpp"

namespace dbm::yaml {

namespace {

// The key of the entry closing every piece but the last (see parse_in_pieces).
constexpr std::string_view piece_end = "dbm-end-of-piece-7f3a91c2";

Mark mark_of(const YAML::Mark& mark) {
    if (mark.is_null()) return {};
    return {mark.line, mark.column, true};
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
    explicit TreeBuilder(Document& document) : document_(document) {}

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
        const Mark at = mark_of(mark);
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
    std::vector<std::uint32_t> open_;
    std::vector<std::vector<std::uint32_t>> pending_;  // the children so far of each open collection, by depth
    std::unordered_map<YAML::anchor_t, std::uint32_t> anchors_;
};

std::unique_ptr<Document> Document::parse(std::string_view text, const std::string& file, const ParseOptions& options) {
    const std::size_t pieces = options.pieces ? options.pieces : automatic_pieces(text.size(), options);
    std::unique_ptr<Document> document;
    if (pieces > 1) document = parse_in_pieces(text, pieces, options.cache);
    const auto where = [&](const YAML::Mark& at) {
        const Mark mark = mark_of(at);
        return mark.known ? SourceLocation{file, mark.line + 1, mark.column + 1} : SourceLocation{file};
    };
    try {
        if (!document) document = parse_piece(text, 0, options.cache);
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
        // Most mappings (a column's, a table's) have a few keys: compared with the earlier
        // ones directly. A hash only for long ones, where clearing its buckets pays.
        constexpr std::size_t few_keys = 16;
        const bool hashed = children.size() > 2 * few_keys;
        if (hashed) seen.clear();
        const auto earlier = [&](std::size_t i, std::string_view text) -> std::optional<std::uint32_t> {
            if (hashed) {
                const auto [first, inserted] = seen.emplace(text, children[i]);
                return inserted ? std::nullopt : std::optional<std::uint32_t>(first->second);
            }
            for (std::size_t j = 0; j < i; j += 2) {
                const Data& other = nodes_[children[j]];
                if (other.kind == Kind::scalar && text_of(other) == text) return children[j];
            }
            return std::nullopt;
        };
        for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
            const Data& key = nodes_[children[i]];
            if (key.kind != Kind::scalar) continue;
            const std::optional<std::uint32_t> first = earlier(i, text_of(key));
            if (!first) continue;
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
                                         where.empty() ? "" : " in " + where, nodes_[*first].line + 1),
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

std::unique_ptr<Document> Document::parse_piece(std::string_view text, int first_line, ParseCache* cache) {
    std::string key;
    if (cache) {
        key = ParseCache::key_of(text);
        if (auto document = cache->find(key)) {
            document->move_lines(first_line);
            return document;
        }
    }
    auto document = std::make_unique<Document>();
    // About one node per seven bytes of a models file: growing the vector costs more.
    document->nodes_.reserve(text.size() / 6 + 16);
    document->text_.reserve(text.size() / 2);  // scalars are about half of a models file
    document->children_.reserve(text.size() / 8);
    // Read in place: a copy (two, through istringstream) of every piece cost 3x the file.
    TextBuffer buffer(text);
    std::istream input(&buffer);
    YAML::Parser parser(input);
    TreeBuilder builder(*document);
    parser.HandleNextDocument(builder);
    if (cache) cache->store(key, *document);
    document->move_lines(first_line);
    return document;
}

namespace {

// The text of piece `i` as parse_piece reads it. Every piece after the first continues
// the tables mapping: it gets the key back, on a line of its own just above its first.
// Every piece before the last gets a closing entry where the next piece begins: yaml-cpp
// ends a quoted scalar or a flow collection quietly at the end of its input, and only if
// that entry is read as a table did the piece end where one parse of the whole text would
// have gone on to the next table.
std::string piece_text(const Pieces& cut, std::size_t i) {
    std::string piece(i == 0 ? "" : "tables:\n");
    piece.reserve(piece.size() + cut.pieces[i].text.size() + cut.indentation + piece_end.size() + 4);
    piece += cut.pieces[i].text;
    if (i + 1 < cut.pieces.size()) piece.append(cut.indentation, ' ').append(piece_end).append(": ~\n");
    return piece;
}

}  // namespace

std::unique_ptr<Document> Document::parse_checked_piece(const Pieces& cut, std::size_t i, bool check_keys,
                                                        ParseCache* cache, std::uint32_t& tables) {
    std::unique_ptr<Document> document;
    try {
        document = parse_piece(piece_text(cut, i), i == 0 ? 0 : cut.pieces[i].first_line - 1, cache);
        if (check_keys) document->refuse_duplicate_keys("");
    } catch (...) {
        return nullptr;  // the whole text is parsed again, and its error is the one reported
    }
    tables = document->tables_of_piece(i == 0, cut.tables_line);
    if (tables == 0) return nullptr;
    if (i + 1 < cut.pieces.size() &&
        !document->drop_piece_end(tables, cut.pieces[i + 1].first_line, static_cast<int>(cut.indentation)))
        return nullptr;
    return document;
}

bool Document::read_pieces(const Pieces& cut, std::size_t threads, std::size_t ahead, bool check_keys,
                           ParseCache* cache, const std::function<void(std::unique_ptr<Document>, std::uint32_t)>& take) {
    const std::size_t count = cut.pieces.size();
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::unique_ptr<Document>> parsed(count);
    std::vector<std::uint32_t> tables(count, 0);
    std::vector<bool> done(count, false);
    std::size_t next = 0, taken = 0;
    bool stop = false;
    const auto work = [&] {
        std::unique_lock lock(mutex);
        for (;;) {
            changed.wait(lock, [&] { return stop || next >= count || next < taken + ahead; });
            if (stop || next >= count) return;
            const std::size_t i = next++;
            lock.unlock();
            std::uint32_t piece_tables = 0;
            auto document = parse_checked_piece(cut, i, check_keys, cache, piece_tables);
            lock.lock();
            parsed[i] = std::move(document);
            tables[i] = piece_tables;
            done[i] = true;
            changed.notify_all();
        }
    };
    std::vector<std::thread> workers;
    for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i) {
        try {
            workers.emplace_back(work);
        } catch (const std::system_error&) {
            break;  // fewer threads; with none, the pieces are parsed here below
        }
    }
    const auto finish = [&] {
        {
            const std::lock_guard lock(mutex);
            stop = true;
        }
        changed.notify_all();
        for (auto& worker : workers) worker.join();
    };
    try {
        for (std::size_t i = 0; i < count; ++i) {
            std::unique_ptr<Document> document;
            std::uint32_t piece_tables = 0;
            if (workers.empty()) {
                document = parse_checked_piece(cut, i, check_keys, cache, piece_tables);
            } else {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return done[i]; });
                document = std::move(parsed[i]);
                piece_tables = tables[i];
            }
            if (!document) {
                finish();
                return false;
            }
            take(std::move(document), piece_tables);
            {
                const std::lock_guard lock(mutex);
                taken = i + 1;
            }
            changed.notify_all();
        }
    } catch (...) {
        finish();
        throw;
    }
    finish();
    return true;
}

std::unique_ptr<Document> Document::parse_in_pieces(std::string_view text, std::size_t count, ParseCache* cache) {
    const Pieces cut = cut_at_tables(text, count);
    if (cut.pieces.size() < 2) return nullptr;
    std::vector<std::unique_ptr<Document>> parsed;
    std::vector<std::uint32_t> tables;
    const auto keep = [&](std::unique_ptr<Document> piece, std::uint32_t piece_tables) {
        parsed.push_back(std::move(piece));
        tables.push_back(piece_tables);
    };
    // All at once, one thread each: the caller wants the whole tree anyway.
    if (!read_pieces(cut, cut.pieces.size(), cut.pieces.size(), false, cache, keep)) return nullptr;
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

bool Document::parse_each_piece(std::string_view text, const ParseOptions& options,
                                const std::function<void(const Document&, std::size_t)>& visit) {
    const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
    const std::size_t threads = options.pieces ? options.pieces : cores;
    const std::size_t piece_bytes = std::max<std::size_t>(options.min_piece_bytes, 1);
    const std::size_t wanted = std::max(threads, text.size() / piece_bytes);
    if (text.size() / piece_bytes < 2 && !options.pieces) return false;
    const Pieces cut = cut_at_tables(text, wanted);
    if (cut.pieces.size() < 2) return false;
    // What one parse would refuse across pieces: a table, or a top-level key, twice. Within
    // a piece, its own check (read_pieces) refuses it.
    std::unordered_set<std::string> table_keys, top_keys;
    std::size_t index = 0;
    struct Repeated {};  // thrown to stop the reading: one parse of the whole says where
    const auto take = [&](std::unique_ptr<Document> piece, std::uint32_t tables) {
        // True when every scalar key of mapping `node`, from its `skip`-th child on, is new.
        const auto fresh = [&](std::unordered_set<std::string>& seen, std::uint32_t node, std::size_t skip) {
            const auto children = piece->children_of(piece->nodes_[node]);
            for (std::size_t i = skip; i + 1 < children.size(); i += 2) {
                const Data& key = piece->nodes_[children[i]];
                if (key.kind == Kind::scalar && !seen.emplace(piece->text_of(key)).second) return false;
            }
            return true;
        };
        // A later piece's first root entry is the restored `tables:`, not a key of the text.
        if (!fresh(top_keys, 0, index == 0 ? 0 : 2) || !fresh(table_keys, tables, 0)) throw Repeated{};
        visit(*piece, index++);
    };
    try {
        return read_pieces(cut, threads, threads + 1, true, options.cache, take);
    } catch (const Repeated&) {
        return false;
    }
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

void Document::move_lines(int lines) {
    if (lines == 0) return;
    for (Data& data : nodes_)
        if (data.known) data.line += lines;
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
