// A small JSON writer for --json output (the machine-readable face of read commands).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dbm::cli {

class Json {
public:
    Json& begin_object();
    Json& end_object();
    Json& begin_array();
    Json& end_array();
    Json& key(std::string_view name);
    Json& value(std::string_view text);
    Json& value(const char* text) { return value(std::string_view(text)); }
    Json& value(const std::string& text) { return value(std::string_view(text)); }
    Json& value(bool flag);
    Json& value(std::int64_t number);
    Json& null();
    Json& value(const std::vector<std::string>& items);

    const std::string& str() const { return out_; }

private:
    void separate();
    std::string out_;
    std::vector<bool> first_in_level_;
    bool after_key_ = false;
};

}  // namespace dbm::cli
