#include "core/section_runner.hpp"

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
    const auto [line, column] = text::line_column_at(section.sql, offset);
    return {paths::display(revision.path), section.first_line + line - 1, column};
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
