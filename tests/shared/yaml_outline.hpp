// A yaml::Document written out node by node (kind, mark, quoting, text), so that two
// parses of one text can be compared: the unit tests and the fuzz target compare a parse
// in pieces with a parse of the whole.
#pragma once

#include <string>
#include <string_view>

#include "dbm/error.hpp"
#include "schema/yaml_cache.hpp"
#include "schema/yaml_tree.hpp"

namespace test {

inline void outline(const dbm::yaml::Node& node, std::string& out) {
    const dbm::yaml::Mark mark = node.mark();
    out += mark.known ? std::to_string(mark.line) + ":" + std::to_string(mark.column) : std::string("?");
    if (node.is_scalar()) {
        out += node.quoted() ? " '" : " ";
        out += std::string(node.scalar()) + "\n";
    } else if (node.is_sequence()) {
        out += " [\n";
        for (const auto& item : node.items()) outline(item, out);
        out += "]\n";
    } else if (node.is_map()) {
        out += " {\n";
        for (const auto& [key, value] : node.entries()) {
            outline(key, out);
            outline(value, out);
        }
        out += "}\n";
    } else {
        out += node.is_defined() ? " ~\n" : " undefined\n";
    }
}

inline std::string outline(const dbm::yaml::Document& document) {
    std::string out;
    outline(document.root(), out);
    return out;
}

// The outline of parsing `text` in `pieces` pieces (1: whole), however small; or the
// error's line, column and message. Through `cache`, if given (yaml_cache.hpp), which then
// keeps only what a parse without error used.
inline std::string outline_of_parse(std::string_view text, std::size_t pieces, dbm::yaml::ParseCache* cache = nullptr) {
    dbm::yaml::ParseOptions options;
    options.pieces = pieces;
    options.min_piece_bytes = 1;
    options.cache = cache;
    try {
        std::string out = outline(*dbm::yaml::Document::parse(text, "models.yaml", options));
        if (cache) cache->forget_unused();
        return out;
    } catch (const dbm::InputError& error) {
        return "error at " + std::to_string(error.where().line) + ":" + std::to_string(error.where().column) + ": " +
               error.what();
    }
}

// The top-level entries of a document, with the tables mapping's entries written out one
// by one in its place, as a reader of each piece sees them (`continuing`: a later piece,
// whose first entry is the restored `tables` key, not an entry of the text).
inline void outline_entries(const dbm::yaml::Node& root, bool continuing, std::string& out) {
    const auto entries = root.entries();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& [key, value] = entries[i];
        const bool continued = continuing && i == 0;
        if (continued || (key.scalar() == "tables" && value.is_map())) {
            if (!continued) outline(key, out);
            for (const auto& [table, definition] : value.entries()) {
                outline(table, out);
                outline(definition, out);
            }
        } else {
            outline(key, out);
            outline(value, out);
        }
    }
}

// outline_entries of one parse of the whole `text`; "" when that parse fails.
inline std::string outline_entries_of_parse(std::string_view text, bool* parses) {
    std::string out;
    *parses = true;
    try {
        outline_entries(dbm::yaml::Document::parse(text, "models.yaml", dbm::yaml::ParseOptions{1})->root(), false, out);
    } catch (const dbm::InputError&) {
        *parses = false;
    }
    return out;
}

// Document::parse_each_piece on `text`, with every table a piece of its own, on `threads`
// threads: the entries it visited, or "" when it did not visit them all. Through `cache`,
// if given, as outline_of_parse.
inline std::string outline_of_each_piece(std::string_view text, std::size_t threads, std::size_t* visited = nullptr,
                                         dbm::yaml::ParseCache* cache = nullptr) {
    dbm::yaml::ParseOptions options;
    options.pieces = threads;
    options.min_piece_bytes = 1;
    options.cache = cache;
    std::string out;
    std::size_t count = 0;
    const bool all = dbm::yaml::Document::parse_each_piece(text, options, [&](const dbm::yaml::Document& piece, std::size_t index) {
        if (index != count++) out += "piece " + std::to_string(index) + " out of order\n";
        outline_entries(piece.root(), index > 0, out);
    });
    if (visited) *visited = count;
    if (all && cache) cache->forget_unused();
    return all ? out : "";
}

}  // namespace test
