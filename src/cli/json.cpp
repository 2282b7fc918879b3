#include "cli/json.hpp"

#include <fmt/format.h>

#include "util/text.hpp"

namespace dbm::cli {

void Json::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!first_in_level_.empty()) {
        if (!first_in_level_.back()) out_ += ',';
        first_in_level_.back() = false;
    }
}

Json& Json::begin_object() {
    separate();
    out_ += '{';
    first_in_level_.push_back(true);
    return *this;
}

Json& Json::end_object() {
    out_ += '}';
    first_in_level_.pop_back();
    return *this;
}

Json& Json::begin_array() {
    separate();
    out_ += '[';
    first_in_level_.push_back(true);
    return *this;
}

Json& Json::end_array() {
    out_ += ']';
    first_in_level_.pop_back();
    return *this;
}

Json& Json::key(std::string_view name) {
    value(name);
    out_ += ':';
    after_key_ = true;
    return *this;
}

Json& Json::value(std::string_view text) {
    separate();
    out_ += '"';
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        // Bytes that are not UTF-8 (a file name, a database's identifier) would make the
        // whole document invalid JSON: each becomes U+FFFD.
        if (static_cast<unsigned char>(c) >= 0x80) {
            const std::size_t length = text::utf8_length_at(text, i);
            if (length == 0) {
                out_ += "\\ufffd";
            } else {
                out_.append(text.substr(i, length));
                i += length - 1;
            }
            continue;
        }
        switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out_ += fmt::format("\\u{:04x}", static_cast<int>(c));
            else
                out_ += c;
        }
    }
    out_ += '"';
    return *this;
}

Json& Json::value(bool flag) {
    separate();
    out_ += flag ? "true" : "false";
    return *this;
}

Json& Json::value(std::int64_t number) {
    separate();
    out_ += std::to_string(number);
    return *this;
}

Json& Json::null() {
    separate();
    out_ += "null";
    return *this;
}

Json& Json::value(const std::vector<std::string>& items) {
    begin_array();
    for (const auto& item : items) value(item);
    return end_array();
}

}  // namespace dbm::cli
