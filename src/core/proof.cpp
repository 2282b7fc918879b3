#include "core/proof.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "dbm/backend.hpp"
#include "dbm/error.hpp"
#include "util/text.hpp"

namespace dbm {

namespace {

class Prover {
public:
    Prover(Connection& source, const Schema& current)
        : source_(source),
          current_(current),
          connection_(open_scratch(source.dialect().scheme())) {}

    // On a copy with a row per table, then, if a row broke a constraint (the rows are made
    // up: a CHECK the real rows meet may refuse them), on an empty copy.
    void prove(const std::string& upgrade_sql, const std::string& downgrade_sql) {
        try {
            prove_on_copy(upgrade_sql, downgrade_sql, true);
        } catch (const ConstraintError&) {
            connection_ = open_scratch(source_.dialect().scheme());
            prove_on_copy(upgrade_sql, downgrade_sql, false);
        }
    }

private:
    void prove_on_copy(const std::string& upgrade_sql, const std::string& downgrade_sql, bool with_rows) {
        // The copy: the source's whole schema (triggers may name tables the models leave
        // alone), then a row per table.
        for (const std::string& statement : source_.schema_statements()) {
            try {
                connection_->execute(statement);
            } catch (const Error& error) {
                throw Error(fmt::format("cannot build a copy of the schema to prove the revision on: {}", error.what()));
            }
        }
        if (with_rows)
            for (const Table* table : parents_first()) add_row(*table);
        const std::size_t broken_before = connection_->foreign_key_violations().size();
        connection_->begin_migration();
        try {
            run("its upgrade", upgrade_sql, with_rows);
            check_references("its upgrade", broken_before, with_rows);
            run("its downgrade", downgrade_sql, with_rows);
            check_references("its downgrade", broken_before, with_rows);
        } catch (...) {
            connection_->rollback_migration();
            throw;
        }
        connection_->rollback_migration();
    }

    // Tables after the tables they refer to (a cycle in declared order), so that a row can
    // refer to its parent's.
    std::vector<const Table*> parents_first() const {
        std::vector<const Table*> ordered, waiting;
        for (const Table& table : current_.tables) waiting.push_back(&table);
        while (!waiting.empty()) {
            const auto ready = std::find_if(waiting.begin(), waiting.end(), [&](const Table* table) {
                return std::all_of(table->foreign_keys.begin(), table->foreign_keys.end(), [&](const ForeignKey& key) {
                    return text::iequals(key.referred_table, table->name) ||
                           std::none_of(waiting.begin(), waiting.end(),
                                        [&](const Table* other) { return text::iequals(other->name, key.referred_table); });
                });
            });
            const auto next = ready == waiting.end() ? waiting.begin() : ready;
            ordered.push_back(*next);
            waiting.erase(next);
        }
        return ordered;
    }

    // Runs a direction of the revision; with made-up rows, a failure that depends on them
    // (a constraint, a preflight stop) is a ConstraintError, for the caller to try without.
    void run(const std::string& what, const std::string& sql, bool with_rows) {
        for (const ScriptStatement& statement : connection_->dialect().split_statements(sql)) {
            try {
                connection_->execute(statement.text);
            } catch (const Error& error) {
                const std::string reason = connection_->dialect().explain_error(error.what());
                const bool data_dependent = dynamic_cast<const ConstraintError*>(&error) || reason != error.what();
                if (with_rows && data_dependent) throw ConstraintError(reason);
                throw Error(fmt::format("the generated revision fails on a copy of the database, so none is written: {} "
                                        "stops at `{}`: {}",
                                        what, text::one_line(statement.text, 60), reason));
            }
        }
    }

    void check_references(const std::string& what, std::size_t broken_before, bool with_rows) {
        std::vector<ForeignKeyViolation> violations;
        try {
            violations = connection_->foreign_key_violations();
        } catch (const Error& error) {
            throw Error(fmt::format("the generated revision fails on a copy of the database, so none is written: after {}, "
                                    "the foreign keys cannot be checked: {}",
                                    what, error.what()));
        }
        if (violations.size() > broken_before && with_rows) throw ConstraintError("a made-up row breaks a foreign key");
        if (violations.size() > broken_before)
            throw Error(fmt::format("the generated revision fails on a copy of the database, so none is written: {} breaks "
                                    "a foreign key of '{}' (a row referring to '{}')",
                                    what, violations.front().table, violations.front().parent));
    }

    // One row, with a value in every column if the table's checks allow it, else only in
    // the columns that need one, else the defaults. Key columns refer to a parent's row.
    void add_row(const Table& table) {
        std::vector<std::pair<std::string, std::string>> every, needed;
        for (const Column& column : table.columns) {
            if (column.generated) continue;
            const std::string value = value_for(table, column);
            every.emplace_back(column.name, value);
            if (!column.nullable && !column.default_sql) needed.emplace_back(column.name, value);
        }
        for (const auto* values : {&every, &needed}) {
            if (insert(table, *values)) return;
        }
    }

    std::string value_for(const Table& table, const Column& column) {
        for (const ForeignKey& key : table.foreign_keys) {
            const auto at = std::find_if(key.columns.begin(), key.columns.end(),
                                         [&](const std::string& name) { return rules().same_name(name, column.name); });
            if (at == key.columns.end()) continue;
            const Table* parent = current_.find_table(key.referred_table, rules());
            std::vector<std::string> referred = key.referred_columns;
            if (referred.empty() && parent && parent->primary_key) referred = parent->primary_key->columns;
            const auto index = static_cast<std::size_t>(at - key.columns.begin());
            if (!parent || index >= referred.size()) break;
            const Dialect& dialect = connection_->dialect();
            try {
                const auto rows = connection_->query(fmt::format("SELECT {} FROM {} LIMIT 1",
                                                                 dialect.literal_of(dialect.quote_identifier(referred[index])),
                                                                 dialect.quote_identifier(parent->name)));
                if (!rows.empty()) return rows.front().text(0);
            } catch (const Error&) {
            }
            if (column.nullable) return "NULL";
            break;
        }
        return rules().sample_literal(column);
    }

    bool insert(const Table& table, const std::vector<std::pair<std::string, std::string>>& values) {
        const Dialect& dialect = connection_->dialect();
        std::string sql = "INSERT INTO " + dialect.quote_identifier(table.name);
        if (values.empty()) {
            sql += " DEFAULT VALUES";
        } else {
            std::vector<std::string> names, literals;
            for (const auto& [name, value] : values) {
                names.push_back(dialect.quote_identifier(name));
                literals.push_back(value);
            }
            sql += " (" + text::join(names, ", ") + ") VALUES (" + text::join(literals, ", ") + ")";
        }
        try {
            connection_->execute(sql);
            return true;
        } catch (const Error&) {
            return false;
        }
    }

    const SchemaRules& rules() const { return source_.dialect().schema_rules(); }

    Connection& source_;
    const Schema& current_;
    std::unique_ptr<Connection> connection_;
};

}  // namespace

void prove_revision(Connection& source, const Schema& current, const std::string& upgrade_sql,
                    const std::string& downgrade_sql) {
    Prover(source, current).prove(upgrade_sql, downgrade_sql);
}

}  // namespace dbm
