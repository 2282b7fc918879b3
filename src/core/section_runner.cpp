#include "core/section_runner.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace dbm {

namespace {

const RevisionSection& section_of(const Revision& revision, Direction direction) {
    return direction == Direction::upgrade ? revision.upgrade : revision.downgrade;
}

SourceLocation locate(const Revision& revision, const RevisionSection& section, std::size_t offset) {
    const std::string_view before = std::string_view(section.sql).substr(0, offset);
    const int line = section.first_line + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
    const auto last_newline = before.rfind('\n');
    const int column = static_cast<int>(last_newline == std::string_view::npos ? offset : offset - last_newline - 1) + 1;
    return {paths::display(revision.path), line, column};
}

}  // namespace

void check_section(const Dialect& dialect, const Revision& revision, Direction direction) {
    if (!revision.transactional) return;
    const RevisionSection& section = section_of(revision, direction);
    for (const ScriptStatement& statement : dialect.split_statements(section.sql)) {
        if (!dialect.controls_transaction(statement.text)) continue;
        throw InputError(fmt::format("'{}' would end dbm's transaction; remove it (each upgrade already runs in one "
                                     "transaction), or mark the revision '-- +dbm no-transaction'",
                                     text::one_line(statement.text, 40)),
                         locate(revision, section, statement.offset));
    }
}

void run_section(SqlSink& sink, const Dialect& dialect, const Revision& revision, Direction direction) {
    const RevisionSection& section = section_of(revision, direction);
    for (const ScriptStatement& statement : dialect.split_statements(section.sql)) {
        try {
            sink.run(statement.text);
        } catch (const Error& error) {
            const std::string explained = dialect.explain_error(error.what());
            if (explained != error.what()) throw Error(explained, locate(revision, section, statement.offset));
            std::string quoted = text::one_line(statement.text);
            if (!quoted.empty() && quoted.back() == ';') quoted.pop_back();
            throw Error(fmt::format("{}, in: {}", explained, quoted), locate(revision, section, statement.offset));
        }
    }
}

}  // namespace dbm
