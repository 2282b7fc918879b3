#include "cli/output.hpp"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "cli/json.hpp"
#include "util/text.hpp"

namespace dbm::cli {

namespace {

constexpr std::string_view green = "\033[32m";
constexpr std::string_view cyan = "\033[36m";
constexpr std::string_view reset = "\033[0m";

// Display width of UTF-8 text: continuation bytes take no column.
std::size_t width(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

}  // namespace

void Output::begin_step(std::string_view text) {
    if (quiet_) return;
    // Steps name revisions by their file names: printed escaped, like every file's text.
    step_line_ = fmt::format("  {}...", text::printable(text));
    fmt::print("{}", step_line_);
    std::fflush(stdout);
    step_open_ = true;
    ticker_.start(step_line_);
}

void Output::end_step(std::string_view separator) {
    if (!step_open_) return;
    step_open_ = false;
    // The counter erased the line: write it again before its end.
    if (ticker_.stop()) fmt::print("{}", step_line_);
    if (color_)
        fmt::print("{}{}done{}\n", separator, green, reset);
    else
        fmt::print("{}done\n", separator);
    std::fflush(stdout);
}

void Output::fail_step() {
    if (!step_open_) return;
    step_open_ = false;
    if (ticker_.stop()) fmt::print("{}", step_line_);
    fmt::print(" failed\n");
    std::fflush(stdout);
}

void Output::step(std::string_view text, std::string_view separator) {
    begin_step(text);
    end_step(separator);
}

void Output::info(std::string_view text) {
    if (quiet_) return;
    fmt::print("{}\n", text);
}

void Output::note(std::string_view text) {
    if (quiet_) return;
    std::fflush(stdout);
    fmt::print(stderr, "{}\n", text);
}

void Output::warn(std::string_view text) {
    if (json_) {
        warnings_.emplace_back(text);
        return;
    }
    std::fflush(stdout);
    fmt::print(stderr, "{}\n", text);
}

void Output::data(std::string_view text) { fmt::print("{}\n", text); }

void Output::result(Json& json) {
    json.key("warnings").value(warnings_);
    json.end_object();
    data(json.str());
}

std::string Output::highlight(std::string_view text) const {
    return color_ ? fmt::format("{}{}{}", cyan, text, reset) : std::string(text);
}


std::string render_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) {
        widths[c] = width(header[c]);
        for (const auto& row : rows) widths[c] = std::max(widths[c], width(row[c]));
    }
    const std::size_t last = header.size() - 1;
    const auto render_row = [&](const std::vector<std::string>& cells) {
        std::string line;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (c > 0) line += cells[c].empty() && c == last ? "|" : "| ";
            line += cells[c];
            if (c != last) line.append(widths[c] + 2 - width(cells[c]), ' ');
        }
        return line + "\n";
    };
    std::string out = render_row(header);
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (c > 0) out += '+';
        out.append(c == 0 ? widths[c] + 2 : c == last ? widths[c] + 1 : widths[c] + 3, '-');
    }
    out += '\n';
    for (const auto& row : rows) out += render_row(row);
    return out;
}

}  // namespace dbm::cli
