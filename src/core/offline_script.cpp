#include "core/offline_script.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "core/autogenerate.hpp"
#include "core/plan_runner.hpp"
#include "core/program_cache.hpp"
#include "dbm/error.hpp"
#include "util/text.hpp"

namespace dbm {

namespace {

struct Range {
    std::vector<std::string> from;
    std::vector<std::string> to;
};

Range parse_range(const RevisionMap& map, std::string_view range, bool from_required, std::string_view command) {
    const auto split = split_revision_range(range);
    if (!split) {
        if (from_required)
            throw InputError(fmt::format("{} --sql needs a range FROM:TO, as the script cannot read where the "
                                         "database is (e.g. 'dbm {} --sql head:-1')",
                                         command, command));
        return {{}, map.resolve(range, {})};
    }
    Range result;
    result.from = map.resolve(split->start, {});
    result.to = map.resolve(split->end, result.from);
    return result;
}

// The plan runner's script target: statements into the script, and around a
// no-transaction revision the script's own COMMIT and BEGIN.
class ScriptTarget final : public PlanTarget {
public:
    ScriptTarget(std::ostream& out, const OfflineContext& context, Connection* mirror)
        : out_(out), context_(context), sink_(out, context.dialect) {
        if (mirror) mirrored_.emplace(sink_, *mirror);
    }

    SqlSink& sink() override { return mirrored_ ? static_cast<SqlSink&>(*mirrored_) : sink_; }
    bool live() const override { return false; }
    void create_own_tables() override { context_.store.create_tables(sink()); }
    void revision_starting(const Step& step, std::span<const std::string> heads) override {
        sink_.comment(fmt::format("Running {} {} -> {}: {}", to_string(step.direction), names_of(context_.map, heads),
                                  step.destination, text::printable(step.revision->message)));
    }
    void leave_transaction(const Revision&, std::span<const std::string>) override {
        out_ << "-- This revision is marked no-transaction: it runs outside the transaction.\n";
        out_ << context_.dialect.script_check_and_commit();
    }
    void enter_transaction(const Revision&, std::span<const std::string>, std::size_t) override {
        out_ << context_.dialect.script_begin();
    }

private:
    std::ostream& out_;
    const OfflineContext& context_;
    ScriptSink sink_;
    std::optional<MirroredScriptSink> mirrored_;
};

void write_plan(std::ostream& out, const OfflineContext& context, const Plan& plan, std::span<const std::string> from,
                std::span<const std::string> to) {
    RunContext run{context.map, context.dialect, context.store};
    // Sections are checked, and C++ revisions compiled, before the header is written: a
    // refused plan prints nothing.
    check_plan(run, plan);
    std::optional<ProgramCache> programs;
    std::unique_ptr<Connection> mirror;
    if (std::any_of(plan.revisions.begin(), plan.revisions.end(), [](const Revision* r) { return r->is_program(); })) {
        if (!context.config) throw InputError("a C++ revision cannot be written into this script");
        programs.emplace(context.config->migrations_dir);
        for (const Revision* revision : plan.revisions)
            if (revision->is_program()) programs->executable(*revision);
        mirror = replay_history(*context.config, context.map, std::vector<std::string>(from.begin(), from.end()));
        run.programs = &*programs;
        run.introspect = introspect_options(*context.config);
    }
    out << fmt::format("-- dbm {}: {} -> {}\n", to_string(plan.direction), names_of(context.map, from),
                       names_of(context.map, to));
    out << context.dialect.script_usage(context.database_name);
    out << context.dialect.script_begin();
    ScriptTarget target(out, context, mirror.get());
    run_plan(run, plan, from, target);
    out << '\n' << context.dialect.script_check_and_commit();
}

}  // namespace

void write_upgrade_script(std::ostream& out, const OfflineContext& context, std::string_view range) {
    const Range parsed = parse_range(context.map, range, false, "upgrade");
    write_plan(out, context, plan_upgrade(context.map, parsed.from, parsed.to), parsed.from, parsed.to);
}

void write_downgrade_script(std::ostream& out, const OfflineContext& context, std::string_view range) {
    const Range parsed = parse_range(context.map, range, true, "downgrade");
    write_plan(out, context, plan_downgrade(context.map, parsed.from, parsed.to), parsed.from, parsed.to);
}

void write_stamp_script(std::ostream& out, const OfflineContext& context, std::string_view range, bool purge) {
    const Range parsed = parse_range(context.map, range, false, "stamp");
    const std::vector<std::string> from = purge ? std::vector<std::string>{} : parsed.from;
    const std::vector<std::string> after = stamp_heads(context.map, from, parsed.to);
    out << fmt::format("-- dbm stamp: {} -> {}\n", names_of(context.map, from), names_of(context.map, parsed.to));
    out << context.dialect.script_usage(context.database_name);
    out << context.dialect.script_begin();
    ScriptSink sink(out, context.dialect);
    context.store.create_tables(sink);
    context.store.replace_heads(sink, after);
    log_stamped({context.map, context.dialect, context.store}, sink, from, after, false);
    out << context.dialect.script_commit();
}

}  // namespace dbm
