#include "cli/output.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "cli/json.hpp"
#include "util/text.hpp"

namespace dbm::cli {

namespace {

constexpr std::string_view green = "\033[32m";
constexpr std::string_view cyan = "\033[36m";
constexpr std::string_view reset = "\033[0m";

std::size_t width(std::string_view text) { return text::display_width(text); }

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
    // The counter erased the line: write it again before its end, which keeps the time.
    const std::string spent = redraw_after_ticker();
    if (color_)
        fmt::print("{}{}done{}{}\n", separator, green, reset, spent);
    else
        fmt::print("{}done{}\n", separator, spent);
    std::fflush(stdout);
}

void Output::fail_step() {
    if (!step_open_) return;
    step_open_ = false;
    fmt::print(" failed{}\n", redraw_after_ticker());
    std::fflush(stdout);
}

std::string Output::redraw_after_ticker() {
    if (!ticker_.stop()) return {};
    fmt::print("{}", step_line_);
    return fmt::format(" ({:.1f}s)", ticker_.elapsed());
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

std::size_t stdout_terminal_width() {
    if (!isatty(STDOUT_FILENO)) return 0;
    winsize size{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    const char* columns = std::getenv("COLUMNS");
    return columns ? static_cast<std::size_t>(std::strtoul(columns, nullptr, 10)) : 0;
}

void Output::result(Json& json) {
    json.key("warnings").value(warnings_);
    json.end_object();
    data(json.str());
}

std::string Output::highlight(std::string_view text) const {
    return color_ ? fmt::format("{}{}{}", cyan, text, reset) : std::string(text);
}


std::string render_table(const std::vector<std::string>& header, std::vector<std::vector<std::string>> rows,
                         std::size_t max_width, std::size_t shrink) {
    std::vector<std::size_t> widths(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) {
        widths[c] = width(header[c]);
        for (const auto& row : rows) widths[c] = std::max(widths[c], width(row[c]));
    }
    const std::size_t last = header.size() - 1;
    // Too wide for the terminal: the `shrink` column gives up what is too much (down to
    // a dozen columns), its cells cut with an ellipsis.
    std::size_t total = widths[last] + 2 * last;
    for (std::size_t c = 0; c < last; ++c) total += widths[c] + 2;
    if (max_width > 0 && total > max_width && shrink < header.size()) {
        const std::size_t floor = std::max<std::size_t>(12, width(header[shrink]));
        const std::size_t excess = total - max_width;
        if (widths[shrink] > floor) widths[shrink] = std::max(floor, widths[shrink] - std::min(excess, widths[shrink]));
        for (auto& row : rows) row[shrink] = text::truncate_to_width(row[shrink], widths[shrink]);
    }
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
