// An optional SQL fragment or name that costs one pointer when absent.
//
// Why not std::optional<std::string>: that is 40 bytes whether set or not, and a column
// has five such settings that are almost always unset (COLLATE, GENERATED, ON CONFLICT,
// renamed_from, and often DEFAULT). Ten thousand 20-column tables, held twice (models and
// database), spent 64 MiB on those empty slots. OptionalText keeps std::optional's interface
// (bool test, *, ->, value_or, = std::nullopt, ==), so the schema structs read the same.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace dbm {

class OptionalText {
public:
    OptionalText() noexcept = default;
    OptionalText(std::nullopt_t) noexcept {}
    OptionalText(std::string text) : text_(std::make_unique<std::string>(std::move(text))) {}
    OptionalText(std::string_view text) : text_(std::make_unique<std::string>(text)) {}
    OptionalText(const char* text) : text_(std::make_unique<std::string>(text)) {}
    OptionalText(const std::optional<std::string>& text) {
        if (text) text_ = std::make_unique<std::string>(*text);
    }
    OptionalText(std::optional<std::string>&& text) {
        if (text) text_ = std::make_unique<std::string>(std::move(*text));
    }

    OptionalText(const OptionalText& other) : text_(other.text_ ? std::make_unique<std::string>(*other.text_) : nullptr) {}
    OptionalText(OptionalText&&) noexcept = default;
    OptionalText& operator=(const OptionalText& other) {
        if (this != &other) text_ = other.text_ ? std::make_unique<std::string>(*other.text_) : nullptr;
        return *this;
    }
    OptionalText& operator=(OptionalText&&) noexcept = default;
    OptionalText& operator=(std::nullopt_t) noexcept {
        text_.reset();
        return *this;
    }
    ~OptionalText() = default;

    bool has_value() const noexcept { return text_ != nullptr; }
    explicit operator bool() const noexcept { return has_value(); }

    const std::string& operator*() const { return *text_; }
    std::string& operator*() { return *text_; }
    const std::string* operator->() const { return text_.get(); }
    std::string* operator->() { return text_.get(); }

    const std::string& value() const {
        if (!text_) throw std::bad_optional_access();
        return *text_;
    }
    std::string value_or(std::string_view fallback) const { return text_ ? *text_ : std::string(fallback); }

    void reset() noexcept { text_.reset(); }
    template <typename... Args>
    std::string& emplace(Args&&... args) {
        text_ = std::make_unique<std::string>(std::forward<Args>(args)...);
        return *text_;
    }

    // For code (and peers' APIs) that speak std::optional.
    operator std::optional<std::string>() const { return text_ ? std::optional<std::string>(*text_) : std::nullopt; }

    // std::optional's comparisons: two empty ones are equal, an empty one is less.
    friend bool operator==(const OptionalText& a, const OptionalText& b) {
        if (!a.text_ || !b.text_) return !a.text_ && !b.text_;
        return *a.text_ == *b.text_;
    }
    friend bool operator==(const OptionalText& a, std::nullopt_t) noexcept { return !a.text_; }
    friend bool operator==(const OptionalText& a, std::string_view b) { return a.text_ && *a.text_ == b; }
    friend bool operator==(const OptionalText& a, const std::string& b) { return a.text_ && *a.text_ == b; }
    friend bool operator==(const OptionalText& a, const char* b) { return a.text_ && *a.text_ == b; }
    friend bool operator<(const OptionalText& a, const OptionalText& b) {
        if (!b.text_) return false;
        if (!a.text_) return true;
        return *a.text_ < *b.text_;
    }

private:
    std::unique_ptr<std::string> text_;
};

}  // namespace dbm
