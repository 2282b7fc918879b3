#include "core/offline_script.hpp"

#include <fmt/format.h>

#include "core/section_runner.hpp"
#include "dbm/error.hpp"
#include "util/text.hpp"

namespace dbm {

namespace {

struct Range {
    std::vector<std::string> from;
    std::vector<std::string> to;
};

Range parse_range(const RevisionMap& map, std::string_view range, bool from_required, std::string_view command) {
    const auto colon = range.find(':');
    if (colon == std::string_view::npos) {
        if (from_required)
            throw InputError(fmt::format("{} --sql needs a range FROM:TO, as the script cannot read where the "
                                         "database is (e.g. 'dbm {} --sql head:-1')",
                                         command, command));
        return {{}, map.resolve(range, {})};
    }
    Range result;
    result.from = map.resolve(range.substr(0, colon), {});
    result.to = map.resolve(range.substr(colon + 1), result.from);
    return result;
}

void write_plan(std::ostream& out, const OfflineContext& context, const Plan& plan, std::span<const std::string> from,
                std::span<const std::string> to) {
    for (const Revision* revision : plan.revisions) check_section(context.dialect, *revision, plan.direction, context.store.own_tables());
    out << fmt::format("-- dbm {}: {} -> {}\n", to_string(plan.direction), names_of(context.map, from),
                       names_of(context.map, to));
    out << context.dialect.script_usage(context.database_name);
    out << context.dialect.script_begin();
    ScriptSink sink(out, context.dialect);
    context.store.create_tables(sink);
    HeadTracker tracker(context.map, from);
    for (const Revision* revision : plan.revisions) {
        const std::string destination = destination_name(context.map, *revision, plan.direction);
        sink.comment(fmt::format("Running {} {} -> {}: {}", to_string(plan.direction),
                                 names_of(context.map, tracker.heads()), destination, text::printable(revision->message)));
        if (!revision->transactional) {
            out << "-- This revision is marked no-transaction: it runs outside the transaction.\n";
            out << context.dialect.script_check_and_commit();
        }
        run_section(sink, context.dialect, *revision, plan.direction);
        if (!revision->transactional) out << context.dialect.script_begin();
        context.store.update_heads(sink, tracker.step(*revision, plan.direction));
        context.store.log(sink, *revision, to_string(plan.direction), std::nullopt, false);
    }
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
    const RevisionSet already = context.map.ancestors(from);
    RevisionSet added;
    for (const auto& id : context.map.ancestors(after))
        if (!already.count(id)) added.insert(id);
    for (const Revision* revision : context.map.in_order(added)) context.store.log(sink, *revision, "stamp", std::nullopt, false);
    out << context.dialect.script_commit();
}

}  // namespace dbm
