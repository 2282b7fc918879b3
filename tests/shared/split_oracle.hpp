// The statement splitter as SQLite itself decides it: sqlite3_complete() asked at every ";"
// about the text since the statement began (quadratic, hence not dbm's way, but the
// definition dbm's one-pass splitter must agree with).
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace test {

inline std::vector<std::size_t> statement_ends_by_sqlite(std::string_view script) {
    std::vector<std::size_t> ends;
    std::size_t start = 0;
    std::string candidate;
    for (std::size_t pos = script.find(';'); pos != std::string_view::npos; pos = script.find(';', pos + 1)) {
        candidate.assign(script.substr(start, pos + 1 - start));
        if (sqlite3_complete(candidate.c_str())) {
            ends.push_back(pos + 1);
            start = pos + 1;
        }
    }
    return ends;
}

// A script of pieces that steer sqlite3_complete()'s state machine: keywords it knows,
// strings, names and comments holding semicolons, trigger bodies.
template <typename Pick>
std::string split_script(Pick&& pick, std::size_t pieces) {
    static const char* const pool[] = {"CREATE", " ", "TRIGGER", "TEMP", "temporary", "END", "explain", ";", ";", "x", "1a",
                                       "'a;b'", "\"q;\"", "[br;]", "`t;`", "-- c;\n", "/* ; */", "BEGIN", "SELECT 1", "\n",
                                       "create", "EnD", "'it''s;'", "$v", "é;", "(", ")", "-", "/"};
    std::string script;
    for (std::size_t i = 0; i < pieces; ++i) {
        script += pool[pick(sizeof pool / sizeof *pool)];
        if (pick(3) == 0) script += ' ';
    }
    return script;
}

}  // namespace test
