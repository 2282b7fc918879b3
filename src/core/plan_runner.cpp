#include "core/plan_runner.hpp"

#include <fmt/format.h>

#include "core/program_cache.hpp"
#include "core/program_runner.hpp"
#include "core/section_runner.hpp"
#include "dbm/error.hpp"
#include "util/paths.hpp"

namespace dbm {

void run_body(const RunContext& context, SqlSink& sink, const Revision& revision, Direction direction) {
    if (!revision.is_program()) {
        run_section(sink, context.dialect, revision, direction);
        return;
    }
    if (!context.programs)
        throw InputError(fmt::format("{} is a C++ revision, and this run cannot compile it", revision.name()),
                         SourceLocation{paths::display(revision.path)});
    // In a script, the program runs on the scratch copy that follows it, and what it runs
    // is written into the script.
    Connection* mirror = sink.mirror();
    Connection* connection = mirror ? mirror : sink.connection();
    if (!connection)
        throw InputError(fmt::format("{} is a C++ revision, which needs a database to run on", revision.name()),
                         SourceLocation{paths::display(revision.path)});
    run_program(context.programs->executable(revision), revision, direction, *connection, context.introspect,
                context.log ? context.log : [](std::string_view) {}, mirror ? &sink : nullptr);
}

void apply_revision(const RunContext& context, const Plan& plan, const Revision& revision, HeadTracker& tracker,
                    SqlSink& sink, bool run_section_now, std::optional<std::chrono::steady_clock::time_point> started) {
    if (run_section_now) run_body(context, sink, revision, plan.direction);
    context.store.update_heads(sink, tracker.step(revision, plan.direction));
    std::optional<std::int64_t> elapsed_ms;
    if (started)
        elapsed_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - *started).count();
    context.store.log(sink, revision, to_string(plan.direction), elapsed_ms, started.has_value());
}

void check_plan(const RunContext& context, const Plan& plan) {
    for (const Revision* revision : plan.revisions)
        check_section(context.dialect, *revision, plan.direction, context.store.own_tables());
}

std::vector<std::string> run_plan(const RunContext& context, const Plan& plan, std::span<const std::string> heads,
                                  PlanTarget& target) {
    HeadTracker tracker(context.map, heads);
    target.create_own_tables();
    for (std::size_t i = 0; i < plan.revisions.size(); ++i) {
        const Revision& revision = *plan.revisions[i];
        const Step step{plan.direction, &revision, destination_name(context.map, revision, plan.direction)};
        const auto started = std::chrono::steady_clock::now();
        target.revision_starting(step, tracker.heads());
        if (revision.transactional) {
            target.section_starting(step);
            run_body(context, target.sink(), revision, plan.direction);
        } else {
            target.leave_transaction(revision, tracker.heads());
            target.section_starting(step);
            try {
                run_body(context, target.sink(), revision, plan.direction);
            } catch (const Error&) {
                target.outside_failed(revision);
                throw;
            }
            target.enter_transaction(revision, tracker.heads(), i);
        }
        apply_revision(context, plan, revision, tracker, target.sink(), false,
                       target.live() ? std::optional(started) : std::nullopt);
        target.revision_done(step, i);
    }
    return tracker.heads();
}

RevisionSet log_stamped(const RunContext& context, SqlSink& sink, std::span<const std::string> before,
                 std::span<const std::string> after, bool live) {
    const RevisionSet already = context.map.ancestors(before);
    RevisionSet added;
    for (const auto& id : context.map.ancestors(after))
        if (!already.count(id)) added.insert(id);
    for (const Revision* revision : context.map.in_order(added))
        context.store.log(sink, *revision, "stamp", std::nullopt, live);
    return added;
}

}  // namespace dbm
