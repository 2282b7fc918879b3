#include "core/lint.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

#include "core/autogenerate.hpp"
#include "core/migrator.hpp"
#include "dbm/backend.hpp"
#include "dbm/error.hpp"
#include "schema/compare.hpp"
#include "util/paths.hpp"
#include "util/text.hpp"

namespace dbm {

namespace {

// 1234567 -> "1,234,567".
std::string with_commas(std::int64_t n) {
    std::string digits = std::to_string(n);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(static_cast<std::size_t>(at), ",");
    return digits;
}

// A table is worth a warning for its rebuild from this many rows.
constexpr std::int64_t big_table_rows = 10000;

// The rules a revision's "dbm:lint ignore RULE[, RULE...]" lines name.
std::set<std::string> ignored_rules(const Revision& revision) {
    std::set<std::string> rules;
    std::string text;
    try {
        text = paths::read_file(revision.path);
    } catch (const Error&) {
        return rules;
    }
    static constexpr std::string_view marker = "dbm:lint ignore";
    for (std::size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
        const std::size_t end = text.find('\n', at);
        const std::string rest = text.substr(at + marker.size(), end == std::string::npos ? std::string::npos : end - at - marker.size());
        for (const auto& rule : text::split_list(rest, ','))
            for (const auto& word : text::split_list(rule, ' ')) rules.insert(word);
    }
    return rules;
}

// Row counts of the live database, for tables it had before the linted revisions ran.
class Rows {
public:
    Rows(Connection* live, const Schema& live_schema, const SchemaRules& rules)
        : live_(live), schema_(live_schema), rules_(rules) {}

    bool counted() const { return live_ != nullptr; }

    // The rows of `sql`'s one count, or none when the table is not in the live database.
    std::optional<std::int64_t> count(const std::string& table, const std::string& where = "",
                                      const std::vector<std::string>& columns = {}) {
        if (!live_) return std::nullopt;
        const Table* found = schema_.find_table(table, rules_);
        if (!found) return std::nullopt;
        for (const auto& column : columns)
            if (!found->find_column(column, rules_)) return std::nullopt;
        const std::string sql = fmt::format("SELECT count(*) FROM {}{}", live_->dialect().quote_identifier(found->name),
                                            where.empty() ? "" : " WHERE " + where);
        const auto cached = cache_.find(sql);
        if (cached != cache_.end()) return cached->second;
        const auto rows = live_->query(sql);
        const std::int64_t n = rows.empty() ? 0 : rows.front().integer(0);
        cache_[sql] = n;
        return n;
    }
    // Values of a column that are not NULL (or that are, with `nulls`).
    std::optional<std::int64_t> values(const std::string& table, const std::string& column, bool nulls = false) {
        if (!live_) return std::nullopt;
        return count(table, quoted(column) + (nulls ? " IS NULL" : " IS NOT NULL"), {column});
    }
    // Rows whose values of `columns` (none NULL) another row repeats.
    std::optional<std::int64_t> duplicates(const std::string& table, const std::vector<std::string>& columns) {
        if (!live_ || columns.empty()) return std::nullopt;
        const Table* found = schema_.find_table(table, rules_);
        if (!found) return std::nullopt;
        std::vector<std::string> quoted_columns, not_null;
        for (const auto& column : columns) {
            if (!found->find_column(column, rules_)) return std::nullopt;
            quoted_columns.push_back(quoted(column));
            not_null.push_back(quoted(column) + " IS NOT NULL");
        }
        const std::string list = text::join(quoted_columns, ", ");
        const auto rows = live_->query(fmt::format(
            "SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM {} WHERE {} GROUP BY {} HAVING count(*) > 1)",
            live_->dialect().quote_identifier(found->name), text::join(not_null, " AND "), list));
        return rows.empty() ? 0 : rows.front().integer(0);
    }

private:
    std::string quoted(const std::string& name) const { return live_->dialect().quote_identifier(name); }

    Connection* live_;
    const Schema& schema_;
    const SchemaRules& rules_;
    std::map<std::string, std::int64_t> cache_;
};

class Linter {
public:
    Linter(const Revision& revision, Rows& rows, const SchemaRules& rules, LintReport& report)
        : revision_(revision), ignored_(ignored_rules(revision)), rows_(rows), rules_(rules), report_(report) {}

    void judge(const schema::Operation& operation) {
        using namespace schema;
        if (const auto* drop = std::get_if<DropTable>(&operation)) {
            const auto n = rows_.count(drop->table.name);
            if (!rows_.counted())
                add("drop-table", LintSeverity::error, true, fmt::format("drops table '{}' and every row in it", drop->table.name));
            else if (n && *n > 0)
                add("drop-table", LintSeverity::error, true,
                    fmt::format("drops table '{}' and its {} row(s)", drop->table.name, with_commas(*n)));
        } else if (const auto* drop_column = std::get_if<DropColumn>(&operation)) {
            const auto n = rows_.values(drop_column->table, drop_column->column.name);
            if (!rows_.counted())
                add("drop-column", LintSeverity::error, true,
                    fmt::format("drops column '{}.{}' and its values", drop_column->table, drop_column->column.name));
            else if (n && *n > 0)
                add("drop-column", LintSeverity::error, true,
                    fmt::format("drops column '{}.{}' and the {} value(s) it holds", drop_column->table,
                                drop_column->column.name, with_commas(*n)));
        } else if (const auto* add = std::get_if<AddColumn>(&operation)) {
            const auto n = rows_.count(add->table);
            if (!add->column.nullable && !add->column.default_sql && !add->column.generated && n && *n > 0)
                this->add("add-not-null", LintSeverity::error, false,
                          fmt::format("adds NOT NULL column '{}.{}' without a default to a table of {} row(s): the "
                                      "upgrade will fail",
                                      add->table, add->column.name, with_commas(*n)));
        } else if (const auto* alter = std::get_if<AlterColumn>(&operation)) {
            judge_alter(*alter);
        } else if (const auto* index = std::get_if<CreateIndex>(&operation)) {
            std::vector<std::string> columns;
            bool plain = index->index.unique && !index->index.where;
            for (const auto& column : index->index.columns) {
                plain = plain && !column.is_expression;
                columns.push_back(column.expression);
            }
            if (plain) judge_unique(index->index.table, columns);
        } else if (const auto* constraint = std::get_if<AddConstraint>(&operation)) {
            if (const auto* unique = std::get_if<UniqueConstraint>(&constraint->constraint))
                judge_unique(constraint->table, unique->columns);
        }
        if (rules_.rebuilds_table(operation)) {
            const std::string table = altered_table(operation);
            const auto n = rows_.count(table);
            if (n && *n >= big_table_rows && rebuilt_.insert(text::lower(table)).second)
                this->add("rebuild", LintSeverity::warning, false,
                          fmt::format("rebuilds table '{}': its {} rows are copied, with the table locked meanwhile", table,
                                      with_commas(*n)));
        }
    }

    void failed(const Error& error) {
        add("fails", LintSeverity::error, false, "its upgrade fails on a copy of the schema: " + error.located());
    }

private:
    void judge_alter(const schema::AlterColumn& alter) {
        const std::string column = alter.table + "." + alter.after.name;
        if (rules_.normalize_type(alter.before.type) != rules_.normalize_type(alter.after.type)) {
            const auto n = rows_.values(alter.table, alter.before.name);
            if (n && *n > 0)
                add("type-change", LintSeverity::warning, false,
                    fmt::format("changes the type of '{}' ({} -> {}) over {} value(s): check that they convert",
                                column, alter.before.type.empty() ? "none" : alter.before.type,
                                alter.after.type.empty() ? "none" : alter.after.type, with_commas(*n)));
        }
        if (alter.before.nullable && !alter.after.nullable) {
            const auto nulls = rows_.values(alter.table, alter.before.name, true);
            if (nulls && *nulls > 0)
                add("not-null", LintSeverity::error, false,
                    fmt::format("makes '{}' NOT NULL, but {} row(s) hold NULL there: the upgrade will fail unless it "
                                "fills them first",
                                column, with_commas(*nulls)));
        }
    }

    void judge_unique(const std::string& table, const std::vector<std::string>& columns) {
        const auto n = rows_.duplicates(table, columns);
        if (n && *n > 0)
            add("unique", LintSeverity::error, false,
                fmt::format("makes ({}) of '{}' UNIQUE, but {} row(s) share their values with another: the upgrade "
                            "will fail",
                            text::join(columns, ", "), table, with_commas(*n)));
    }

    void add(const std::string& rule, LintSeverity severity, bool loses_data, const std::string& message) {
        if (ignored_.count(rule)) return;
        report_.findings.push_back({rule, severity, loses_data, &revision_, revision_.name() + ": " + message});
    }

    const Revision& revision_;
    std::set<std::string> ignored_;
    Rows& rows_;
    const SchemaRules& rules_;
    LintReport& report_;
    std::set<std::string> rebuilt_;
};

}  // namespace

bool may_drop(const Revision& revision) {
    const SqlBody* sql = revision.sql();
    return !sql || text::lower(sql->upgrade.sql).find("drop") != std::string::npos;
}

const char* to_string(LintSeverity severity) { return severity == LintSeverity::error ? "error" : "warning"; }

LintReport lint_upgrade(const Config& config, const RevisionMap& map, std::span<const std::string> from,
                        std::span<const std::string> target, Connection* live) {
    LintReport report;
    const Plan plan = plan_upgrade(map, from, target);
    report.linted = plan.revisions;
    report.rows_counted = live != nullptr;
    if (plan.revisions.empty()) return report;
    const IntrospectOptions introspect = introspect_options(config);
    const Schema live_schema = live ? live->introspect(introspect) : Schema{};
    // The copy the revisions run on: the live database's schema without its rows (so that
    // a failure is the revision's, and the rows' cost is counted on the database itself),
    // stamped where it is; without a database, the schema the revisions build.
    Config replay = config;
    replay.database = scratch_database(config.database.scheme);
    std::unique_ptr<Connection> scratch;
    if (live) {
        scratch = open_scratch(config.database.scheme);
        for (const std::string& statement : live->schema_statements()) scratch->execute(statement);
    } else {
        scratch = replay_history(config, map, {from.begin(), from.end()});
    }
    Migrator migrator(replay, map, *scratch);
    if (live)
        for (const std::string& head : from) migrator.stamp(head, false);
    const SchemaRules& rules = scratch->dialect().schema_rules();
    Rows rows(live, live_schema, rules);
    Schema before = scratch->introspect(introspect);
    for (const Revision* revision : plan.revisions) {
        Linter linter(*revision, rows, rules, report);
        try {
            migrator.step(*revision, Direction::upgrade);
        } catch (const Interrupted&) {
            throw;
        } catch (const Error& error) {
            linter.failed(error);
            break;  // what comes after stands on it
        }
        Schema after = scratch->introspect(introspect);
        for (const auto& operation : schema::compare(before, after, rules)) linter.judge(operation);
        before = std::move(after);
    }
    return report;
}

}  // namespace dbm
