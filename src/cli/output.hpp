// Everything dbm prints on stdout: "  Doing X...  done" lines, aligned tables, colour on a
// terminal (off with --no-color or NO_COLOR), and nothing but data with --quiet. With
// --json, stdout holds nothing but the command's one JSON object (docs/json.md): steps and
// remarks are left out, and warnings go into the object.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cli/progress.hpp"

namespace dbm::cli {

class Json;

// The width of the terminal stdout is (its size, else $COLUMNS); 0 when it is no terminal.
std::size_t stdout_terminal_width();

class Output {
public:
    // `live`: stdout and stderr are the same terminal, so a long step can show its time.
    Output(bool color, bool quiet, bool live = false, bool json = false)
        : color_(color && !json), quiet_(quiet || json), json_(json), ticker_(live && !json) {}

    bool json() const { return json_; }
    // The terminal's width when stdout is one (0 when piped: output there is never cut).
    std::size_t terminal_width() const { return stdout_terminal_width(); }
    bool quiet() const { return quiet_; }


    // "  Creating directory migrations..." now, then "  done" or " done" when finished,
    // so a long step shows what it is doing. Quiet mode prints neither.
    void begin_step(std::string_view text);
    void end_step(std::string_view separator = " ");
    // What an open step has done so far ("1200 of 5000 pages"), drawn beside its elapsed
    // time on a terminal.
    void step_detail(std::string text) { ticker_.detail(std::move(text)); }
    // Whether step_detail is shown: work worth measuring only for a watcher asks first.
    bool shows_progress() const { return ticker_.enabled() && !quiet_; }
    // Ends an open step line with " failed", before an error is printed on stderr.
    void fail_step();
    // A whole "  text... done" line.
    void step(std::string_view text, std::string_view separator = " ");
    // An informational line (suppressed by --quiet).
    void info(std::string_view text);
    // A remark on stderr, such as autogenerate's "Detected ..." lines (suppressed by --quiet).
    void note(std::string_view text);
    // A warning on stderr, printed even with --quiet: something the user must know. With
    // --json it goes into the result's "warnings" instead.
    void warn(std::string_view text);
    // Data: what the command is for (printed even with --quiet).
    void data(std::string_view text);

    // --json: `json` is the command's result object, still open; the warnings are added,
    // it is closed and printed.
    void result(Json& json);

    // Revision marks in data text, highlighted on a terminal.
    std::string highlight(std::string_view text) const;

private:
    // Stops the counter; when it drew, writes the step's line again and returns " (4.2s)",
    // the time the step took, for its end.
    std::string redraw_after_ticker();

    bool color_;
    bool quiet_;
    bool json_;
    std::vector<std::string> warnings_;
    bool step_open_ = false;
    std::string step_line_;
    ProgressTicker ticker_;
};

// Rows rendered the way `dbm history` shows them: columns as wide as their content (by
// display width: CJK and emoji take two columns), "|" between them and a "-+-" rule under
// the header; the last column is not padded. With max_width, the column `shrink` is cut
// (with "…") so that lines fit in it.
std::string render_table(const std::vector<std::string>& header, std::vector<std::vector<std::string>> rows,
                         std::size_t max_width = 0, std::size_t shrink = 0);

}  // namespace dbm::cli
