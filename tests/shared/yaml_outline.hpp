// A yaml::Document written out node by node (kind, mark, quoting, text), so that two
// parses of one text can be compared: the unit tests and the fuzz target compare a parse
// in pieces with a parse of the whole.
#pragma once

#include <string>
#include <string_view>

#include "dbm/error.hpp"
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
// error's line, column and message.
inline std::string outline_of_parse(std::string_view text, std::size_t pieces) {
    dbm::yaml::ParseOptions options;
    options.pieces = pieces;
    options.min_piece_bytes = 1;
    try {
        return outline(*dbm::yaml::Document::parse(text, "models.yaml", options));
    } catch (const dbm::InputError& error) {
        return "error at " + std::to_string(error.where().line) + ":" + std::to_string(error.where().column) + ": " +
               error.what();
    }
}

}  // namespace test
