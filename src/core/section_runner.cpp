#include "core/section_runner.hpp"

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace dbm {

namespace {

// The SQL section a direction runs. Only SQL bodies exist yet; a body of another kind is
// dispatched before this point.
const RevisionSection& section_of(const Revision& revision, Direction direction) {
    const SqlBody& sql = std::get<SqlBody>(revision.body);
    return direction == Direction::upgrade ? sql.upgrade : sql.downgrade;
}

SourceLocation locate(const Revision& revision, const RevisionSection& section, std::size_t offset) {
    const auto [line, column] = text::line_column_at(section.sql, offset);
    return {paths::display(revision.path), section.first_line + line - 1, column};
}

}  // namespace

std::string_view body_text(const Revision& revision, Direction direction) {
    if (const auto* program = std::get_if<ProgramBody>(&revision.body)) return program->source;
    return section_of(revision, direction).sql;
}

void check_section(const Dialect& dialect, const Revision& revision, Direction direction,
                   const std::vector<std::string>& own_tables) {
    if (revision.is_program()) return;  // what a program runs is known only as it runs
    const RevisionSection& section = section_of(revision, direction);
    for (const ScriptStatement& statement : dialect.split_statements(section.sql)) {
        // dbm's bookkeeping is dbm's: a revision that writes it (or shadows it with a TEMP
        // table of the same name) could make an upgrade report a version it is not at.
        // Text the engine cannot read is left for it to report when the statement runs.
        for (const Dialect::NameAt& name : dialect.names_in(statement.text)) {
            for (const std::string& table : own_tables)
                if (dialect.schema_rules().same_name(name.name, table))
                    throw InputError(fmt::format("the revision names dbm's own table '{}'; dbm keeps it (set the "
                                                 "version with 'dbm stamp')",
                                                 table),
                                     locate(revision, section, statement.offset + name.offset));
        }
        if (!revision.transactional || !dialect.controls_transaction(statement.text)) continue;
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
        } catch (const Interrupted&) {
            throw;  // not the statement's fault: said as such
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
