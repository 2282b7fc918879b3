#include "schema/compare.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "dbm/error.hpp"
#include "dbm/schema_rules.hpp"
#include "schema/name_index.hpp"
#include "schema/names.hpp"
#include "util/text.hpp"

namespace dbm::schema {

namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);

void rename_all(std::vector<std::string>& names, const NameMap& map, const SchemaRules& rules) {
    for (auto& name : names) name = renamed(map, name, rules);
}

bool same_optional_name(const std::optional<std::string>& a, const std::optional<std::string>& b, const SchemaRules& rules) {
    return !a || !b || rules.same_name(*a, *b);
}

std::string default_of(const Column& column, const SchemaRules& rules) {
    if (!column.default_sql) return "null";
    return rules.normalize_sql(*column.default_sql);
}

std::vector<std::string> referred_columns(const ForeignKey& key, const Schema& schema, const SchemaRules& rules) {
    if (!key.referred_columns.empty()) return key.referred_columns;
    const Table* referred = schema.find_table(key.referred_table, rules);
    if (!referred || !referred->primary_key) return {};
    return referred->primary_key->columns;
}

// The same key columns, compared with the same collations in the same order (a key
// column's collation is its own unless the key says otherwise), resolving conflicts alike.
bool same_key_columns(const KeyColumns& a, const Table& a_table, const KeyColumns& b, const Table& b_table,
                      const SchemaRules& rules) {
    if (!same_names(a.columns, b.columns, rules) || a.on_conflict != b.on_conflict) return false;
    for (std::size_t i = 0; i < a.columns.size(); ++i) {
        const KeyColumnOptions& x = a.options_of(i);
        const KeyColumnOptions& y = b.options_of(i);
        const Column* x_column = a_table.find_column(a.columns[i], rules);
        const Column* y_column = b_table.find_column(b.columns[i], rules);
        const auto own = [](const Column* column) -> std::optional<std::string> {
            return column ? std::optional<std::string>(column->collate) : std::nullopt;
        };
        if (x.descending != y.descending || rules.collation_key(x.collate ? x.collate : own(x_column)) !=
                                                rules.collation_key(y.collate ? y.collate : own(y_column)))
            return false;
    }
    return true;
}

bool same_check(const CheckConstraint& a, const CheckConstraint& b, const SchemaRules& rules) {
    return same_optional_name(a.name, b.name, rules) && rules.normalize_sql(a.expression) == rules.normalize_sql(b.expression);
}

// The same columns referring to the same table: one foreign key, whose actions may differ.
bool same_reference(const ForeignKey& a, const Schema& a_schema, const ForeignKey& b, const Schema& b_schema,
                    const SchemaRules& rules) {
    return same_names(a.columns, b.columns, rules) && rules.same_name(a.referred_table, b.referred_table) &&
           same_names(referred_columns(a, a_schema, rules), referred_columns(b, b_schema, rules), rules);
}

bool same_foreign_key(const ForeignKey& a, const Schema& a_schema, const ForeignKey& b, const Schema& b_schema,
                      const SchemaRules& rules) {
    return same_optional_name(a.name, b.name, rules) && same_reference(a, a_schema, b, b_schema, rules) &&
           text::iequals(a.on_delete, b.on_delete) && text::iequals(a.on_update, b.on_update) &&
           a.deferrable == b.deferrable;
}

// Whether a removed and an added constraint are one constraint changed: the same primary
// key, unique columns, check name, or reference.
bool same_constraint_identity(const Constraint& a, const Schema& a_schema, const Constraint& b, const Schema& b_schema,
                              const SchemaRules& rules) {
    if (a.index() != b.index()) return false;
    if (std::holds_alternative<PrimaryKey>(a)) return true;
    if (const auto* x = std::get_if<UniqueConstraint>(&a))
        return same_names(x->columns, std::get<UniqueConstraint>(b).columns, rules);
    if (const auto* x = std::get_if<CheckConstraint>(&a)) {
        const auto& y = std::get<CheckConstraint>(b);
        return x->name && y.name && rules.same_name(*x->name, *y.name);
    }
    return same_reference(std::get<ForeignKey>(a), a_schema, std::get<ForeignKey>(b), b_schema, rules);
}

// Adds an operation for each item of `before` with no equal in `after` (make_drop) and of
// `after` with no equal in `before` (make_add).
template <typename T, typename Same, typename MakeDrop, typename MakeAdd>
void diff_items(const std::vector<T>& before, const std::vector<T>& after, Same same, std::vector<Operation>& drops,
                std::vector<Operation>& adds, MakeDrop make_drop, MakeAdd make_add) {
    std::vector<bool> matched(after.size(), false);
    for (const T& item : before) {
        bool found = false;
        for (std::size_t i = 0; i < after.size() && !found; ++i) {
            if (!matched[i] && same(item, after[i])) matched[i] = found = true;
        }
        if (!found) drops.push_back(make_drop(item));
    }
    for (std::size_t i = 0; i < after.size(); ++i)
        if (!matched[i]) adds.push_back(make_add(after[i]));
}

// Tables in an order where each comes after the tables it refers to (cycles keep their
// declared order).
std::vector<const Table*> foreign_key_order(std::vector<const Table*> tables, const SchemaRules& rules) {
    std::vector<const Table*> ordered;
    while (!tables.empty()) {
        bool progressed = false;
        for (auto it = tables.begin(); it != tables.end();) {
            const Table* table = *it;
            const bool waits = std::any_of(table->foreign_keys.begin(), table->foreign_keys.end(), [&](const ForeignKey& key) {
                return !rules.same_name(key.referred_table, table->name) &&
                       std::any_of(tables.begin(), tables.end(),
                                   [&](const Table* other) { return rules.same_name(other->name, key.referred_table); });
            });
            if (waits) {
                ++it;
                continue;
            }
            ordered.push_back(table);
            it = tables.erase(it);
            progressed = true;
        }
        if (!progressed) {
            ordered.push_back(tables.front());
            tables.erase(tables.begin());
        }
    }
    return ordered;
}

struct TablePair {
    const Table* current;  // as it is, under its current name
    const Table* wanted;
};

class Comparer {
public:
    Comparer(const Schema& current, const Schema& wanted, const SchemaRules& rules, const std::vector<RenameCycle>& spent)
        : current_(current), wanted_(wanted), rules_(rules), spent_(spent), current_tables_(current.tables, rules) {}

    std::vector<Operation> run() {
        match_tables();
        std::vector<Operation> view_drops, index_drops, renames, creates, alters, index_creates, drops, view_creates;
        compare_views_and_triggers(view_drops, view_creates);

        // Which tables of each side are paired, by position (a search of the pairs for
        // each table would be quadratic).
        std::vector<bool> wanted_paired(wanted_.tables.size(), false), current_paired(current_.tables.size(), false);
        for (const TablePair& pair : pairs_) {
            wanted_paired[static_cast<std::size_t>(pair.wanted - wanted_.tables.data())] = true;
            current_paired[static_cast<std::size_t>(pair.current - current_.tables.data())] = true;
        }
        std::vector<const Table*> created;
        for (std::size_t i = 0; i < wanted_.tables.size(); ++i)
            if (!wanted_paired[i]) created.push_back(&wanted_.tables[i]);
        for (const Table* table : foreign_key_order(created, rules_)) {
            creates.push_back(CreateTable{*table});
        }
        std::vector<const Table*> dropped;
        for (std::size_t i = 0; i < current_.tables.size(); ++i)
            if (!current_paired[i]) dropped.push_back(&current_.tables[i]);
        auto drop_order = foreign_key_order(dropped, rules_);
        std::reverse(drop_order.begin(), drop_order.end());
        for (const Table* table : drop_order) drops.push_back(DropTable{*table});

        for (const TablePair& pair : pairs_) {
            if (!rules_.same_name(pair.current->name, pair.wanted->name))
                renames.push_back(RenameTable{pair.current->name, pair.wanted->name});
            compare_table(pair, alters, index_drops, index_creates);
        }
        std::vector<Operation> operations;
        for (auto* group : {&view_drops, &index_drops, &renames, &creates, &alters, &index_creates, &drops, &view_creates})
            operations.insert(operations.end(), group->begin(), group->end());
        return operations;
    }

private:
    // Each wanted table takes the current table its followed hint names, or else the one of
    // its own name unless a hint took that one away (then it is created).
    void match_tables() {
        const std::vector<std::size_t> sources = table_rename_sources(current_, wanted_, rules_, spent_);
        std::vector<bool> taken(current_.tables.size(), false);
        for (const std::size_t source : sources)
            if (source != npos) taken[source] = true;
        for (std::size_t i = 0; i < wanted_.tables.size(); ++i) {
            const Table& wanted = wanted_.tables[i];
            if (sources[i] != npos) {
                const Table& previous = current_.tables[sources[i]];
                pairs_.push_back({&previous, &wanted});
                table_renames_[rules_.name_key(previous.name)] = wanted.name;
            } else if (const Table* current = current_tables_.find(wanted.name);
                       current && !taken[static_cast<std::size_t>(current - current_.tables.data())]) {
                pairs_.push_back({current, &wanted});
            }
        }
    }

    // Triggers, views and virtual tables are dropped in that order before any table changes,
    // and created in the reverse order after: a virtual table reads tables, a view may read
    // either, and a trigger needs the table or view it is ON.
    void compare_views_and_triggers(std::vector<Operation>& drops, std::vector<Operation>& creates) {
        // Each is kept whole: the same name and the same normalised SQL.
        const auto same_definition = [this](const auto& a, const auto& b) {
            return rules_.same_name(a.name, b.name) && rules_.normalize_sql(a.sql) == rules_.normalize_sql(b.sql);
        };
        std::vector<Operation> trigger_creates, view_creates;
        if (wanted_.manages_triggers) {
            diff_items(
                current_.triggers, wanted_.triggers, same_definition, drops, trigger_creates,
                [](const Trigger& t) -> Operation { return DropTrigger{t}; },
                [](const Trigger& t) -> Operation { return CreateTrigger{t}; });
        }
        if (wanted_.manages_views) {
            diff_items(
                current_.views, wanted_.views, same_definition, drops, view_creates,
                [](const View& v) -> Operation { return DropView{v}; },
                [](const View& v) -> Operation { return CreateView{v}; });
        }
        if (wanted_.manages_virtual_tables) {
            diff_items(
                current_.virtual_tables, wanted_.virtual_tables, same_definition, drops, creates,
                [](const VirtualTable& v) -> Operation { return DropVirtualTable{v}; },
                [](const VirtualTable& v) -> Operation { return CreateVirtualTable{v}; });
        }
        creates.insert(creates.end(), view_creates.begin(), view_creates.end());
        creates.insert(creates.end(), trigger_creates.begin(), trigger_creates.end());
    }

    // The current table as it will be after renames: its columns, constraints and indexes
    // under their new names.
    Table renamed_current(const Table& current, const NameMap& column_renames, const std::string& new_name) const {
        Table table = current;
        table.name = new_name;
        for (Column& column : table.columns) column.name = renamed(column_renames, column.name, rules_);
        if (table.primary_key) rename_all(table.primary_key->columns, column_renames, rules_);
        for (auto& unique : table.uniques) rename_all(unique.columns, column_renames, rules_);
        for (auto& key : table.foreign_keys) {
            rename_all(key.columns, column_renames, rules_);
            key.referred_table = renamed(table_renames_, key.referred_table, rules_);
        }
        for (auto& index : table.indexes) {
            index.table = new_name;
            for (auto& column : index.columns)
                if (!column.is_expression) column.expression = renamed(column_renames, column.expression, rules_);
        }
        return table;
    }

    void compare_table(const TablePair& pair, std::vector<Operation>& alters, std::vector<Operation>& index_drops,
                       std::vector<Operation>& index_creates) {
        const Table& wanted = *pair.wanted;
        const std::string& name = wanted.name;
        NameMap column_renames;
        std::vector<Operation> renames, drops, adds, changes, constraint_drops, constraint_adds;
        const std::vector<std::size_t> sources = column_rename_sources(*pair.current, wanted, rules_, spent_);
        for (std::size_t i = 0; i < wanted.columns.size(); ++i) {
            if (sources[i] == npos) continue;
            const Column& previous = pair.current->columns[sources[i]];
            column_renames[rules_.name_key(previous.name)] = wanted.columns[i].name;
            renames.push_back(RenameColumn{name, previous.name, wanted.columns[i].name});
        }
        // Copied under the new names only when there is something to rename.
        std::optional<Table> renamed_copy;
        if (!column_renames.empty() || !table_renames_.empty() || pair.current->name != name)
            renamed_copy = renamed_current(*pair.current, column_renames, name);
        const Table& current = renamed_copy ? *renamed_copy : *pair.current;
        const Column* alias = rules_.row_key_alias(wanted);
        for (const Column& column : current.columns) {
            if (!wanted.find_column(column.name, rules_)) drops.push_back(DropColumn{name, column});
        }
        for (const Column& column : wanted.columns) {
            const Column* before = current.find_column(column.name, rules_);
            if (!before) {
                adds.push_back(AddColumn{name, column});
            } else if (!same_column(*before, column,
                                    alias && rules_.same_name(alias->name, column.name) && rules_.row_key_alias(current),
                                    rules_)) {
                changes.push_back(AlterColumn{name, *before, column});
            }
        }
        const auto same_primary_key = [&](const PrimaryKey& a, const PrimaryKey& b) {
            return same_key_columns(a, current, b, wanted, rules_) && a.autoincrement == b.autoincrement &&
                   same_optional_name(a.name, b.name, rules_);
        };
        if (current.primary_key.has_value() != wanted.primary_key.has_value() ||
            (current.primary_key && !same_primary_key(*current.primary_key, *wanted.primary_key))) {
            if (current.primary_key) constraint_drops.push_back(DropConstraint{name, *current.primary_key});
            if (wanted.primary_key) constraint_adds.push_back(AddConstraint{name, *wanted.primary_key});
        }
        const auto drop_constraint = [&](const auto& item) -> Operation { return DropConstraint{name, item}; };
        const auto add_constraint = [&](const auto& item) -> Operation { return AddConstraint{name, item}; };
        diff_items(
            current.uniques, wanted.uniques,
            [&](const UniqueConstraint& a, const UniqueConstraint& b) {
                return same_optional_name(a.name, b.name, rules_) && same_key_columns(a, current, b, wanted, rules_);
            },
            constraint_drops, constraint_adds, drop_constraint, add_constraint);
        diff_items(
            current.checks, wanted.checks,
            [&](const CheckConstraint& a, const CheckConstraint& b) { return same_check(a, b, rules_); }, constraint_drops,
            constraint_adds, drop_constraint, add_constraint);
        diff_items(
            current.foreign_keys, wanted.foreign_keys,
            [&](const ForeignKey& a, const ForeignKey& b) { return same_foreign_key(a, current_, b, wanted_, rules_); },
            constraint_drops, constraint_adds, drop_constraint, add_constraint);

        std::vector<Operation> constraint_changes = pair_changed_constraints(name, constraint_drops, constraint_adds);
        for (auto* group : {&renames, &constraint_drops, &drops, &adds, &changes, &constraint_changes, &constraint_adds})
            alters.insert(alters.end(), group->begin(), group->end());
        for (Operation& change : rules_.table_option_changes(current, wanted)) alters.push_back(std::move(change));

        // Matched under the new names, but dropped as the index is: DROP INDEX runs before
        // any rename, and its inverse after every rename has been undone.
        std::vector<bool> kept(wanted.indexes.size(), false);
        for (std::size_t i = 0; i < current.indexes.size(); ++i) {
            bool found = false;
            for (std::size_t j = 0; j < wanted.indexes.size() && !found; ++j)
                if (!kept[j] && same_index(current.indexes[i], wanted.indexes[j], rules_)) kept[j] = found = true;
            if (!found) index_drops.push_back(DropIndex{pair.current->indexes[i]});
        }
        for (std::size_t j = 0; j < wanted.indexes.size(); ++j)
            if (!kept[j]) index_creates.push_back(CreateIndex{wanted.indexes[j]});
    }

    // A removed and an added constraint that are the same one changed become one
    // AlterConstraint, so that a clause changed is reported as such.
    std::vector<Operation> pair_changed_constraints(const std::string& table, std::vector<Operation>& drops,
                                                    std::vector<Operation>& adds) const {
        std::vector<Operation> changes;
        for (auto drop = drops.begin(); drop != drops.end();) {
            const Constraint& before = std::get<DropConstraint>(*drop).constraint;
            const auto add = std::find_if(adds.begin(), adds.end(), [&](const Operation& operation) {
                return same_constraint_identity(before, current_, std::get<AddConstraint>(operation).constraint, wanted_,
                                                rules_);
            });
            if (add == adds.end()) {
                ++drop;
                continue;
            }
            changes.push_back(AlterConstraint{table, before, std::get<AddConstraint>(*add).constraint});
            adds.erase(add);
            drop = drops.erase(drop);
        }
        return changes;
    }

    const Schema& current_;
    const Schema& wanted_;
    const SchemaRules& rules_;
    const std::vector<RenameCycle>& spent_;
    NameIndex<Table> current_tables_;
    std::vector<TablePair> pairs_;
    NameMap table_renames_;
};

}  // namespace

// Text that is equal is equal normalized too: the normalizing, which allocates, is only for
// text that differs (most columns of a project compared with its database are the same).
bool same_column(const Column& a, const Column& b, bool is_row_key_alias, const SchemaRules& rules) {
    if (a.type != b.type && rules.normalize_type(a.type) != rules.normalize_type(b.type)) return false;
    // A row key alias never holds NULL, whatever its declaration says.
    if (!is_row_key_alias && a.nullable != b.nullable) return false;
    if (!a.nullable && a.not_null_conflict != b.not_null_conflict) return false;
    if (a.default_sql != b.default_sql && default_of(a, rules) != default_of(b, rules)) return false;
    if (a.collate != b.collate && rules.collation_key(a.collate) != rules.collation_key(b.collate)) return false;
    if (a.generated.has_value() != b.generated.has_value()) return false;
    if (a.generated && a.generated_stored != b.generated_stored) return false;
    if (a.generated && *a.generated != *b.generated && rules.normalize_sql(*a.generated) != rules.normalize_sql(*b.generated))
        return false;
    return true;
}

bool same_index(const Index& a, const Index& b, const SchemaRules& rules) {
    if (!rules.same_name(a.name, b.name) || a.unique != b.unique || a.columns.size() != b.columns.size()) return false;
    if (a.where.has_value() != b.where.has_value()) return false;
    if (a.where && rules.normalize_sql(*a.where) != rules.normalize_sql(*b.where)) return false;
    for (std::size_t i = 0; i < a.columns.size(); ++i) {
        const IndexColumn& x = a.columns[i];
        const IndexColumn& y = b.columns[i];
        if (x.descending != y.descending || rules.collation_key(x.collate) != rules.collation_key(y.collate)) return false;
        if (rules.normalize_sql(x.expression) != rules.normalize_sql(y.expression)) return false;
    }
    return true;
}

std::vector<Operation> compare(const Schema& current, const Schema& wanted, const SchemaRules& rules,
                               const std::vector<RenameCycle>& spent) {
    return Comparer(current, wanted, rules, spent).run();
}

std::vector<PossibleRename> possible_renames(const std::vector<Operation>& operations, const SchemaRules& rules) {
    const auto same_columns = [&](const Table& a, const Table& b) {
        return std::equal(a.columns.begin(), a.columns.end(), b.columns.begin(), b.columns.end(),
                          [&](const Column& x, const Column& y) {
                              return rules.same_name(x.name, y.name) && rules.normalize_type(x.type) == rules.normalize_type(y.type);
                          });
    };
    std::vector<PossibleRename> renames;
    std::vector<bool> taken(operations.size(), false);
    for (const Operation& operation : operations) {
        if (const auto* drop = std::get_if<DropTable>(&operation)) {
            for (std::size_t i = 0; i < operations.size(); ++i) {
                const auto* create = std::get_if<CreateTable>(&operations[i]);
                if (taken[i] || !create || !same_columns(drop->table, create->table)) continue;
                taken[i] = true;
                renames.push_back({drop->table.name, drop->table.name, create->table.name, true});
                break;
            }
        } else if (const auto* drop = std::get_if<DropColumn>(&operation)) {
            for (std::size_t i = 0; i < operations.size(); ++i) {
                const auto* add = std::get_if<AddColumn>(&operations[i]);
                if (taken[i] || !add || !rules.same_name(add->table, drop->table) ||
                    rules.normalize_type(add->column.type) != rules.normalize_type(drop->column.type))
                    continue;
                taken[i] = true;
                renames.push_back({drop->table, drop->column.name, add->column.name, false});
                break;
            }
        }
    }
    return renames;
}

Schema with_unmanaged(Schema models, const Schema& current, const SchemaRules& rules, const std::vector<RenameCycle>& spent) {
    Schema wanted = std::move(models);
    if (!wanted.manages_views) wanted.views = current.views;
    if (!wanted.manages_virtual_tables) wanted.virtual_tables = current.virtual_tables;
    if (!wanted.manages_triggers) {
        // Triggers on tables the models drop go with their tables; on a renamed table, they
        // are as the engine's RENAME will have rewritten them (every renamed table's new name,
        // the table's renamed columns').
        wanted.triggers.clear();
        const std::vector<std::size_t> sources = table_rename_sources(current, wanted, rules, spent);
        NameMap table_renames;
        std::vector<bool> taken(current.tables.size(), false);
        for (std::size_t i = 0; i < sources.size(); ++i) {
            if (sources[i] == npos) continue;
            taken[sources[i]] = true;
            table_renames[rules.name_key(current.tables[sources[i]].name)] = wanted.tables[i].name;
        }
        const NameIndex<Table> current_tables(current.tables, rules);
        for (const Trigger& trigger : current.triggers) {
            for (std::size_t i = 0; i < wanted.tables.size(); ++i) {
                const Table& table = wanted.tables[i];
                const Table* previous = sources[i] != npos ? &current.tables[sources[i]] : current_tables.find(table.name);
                if (!previous || !rules.same_name(previous->name, trigger.table) ||
                    (sources[i] == npos && taken[static_cast<std::size_t>(previous - current.tables.data())]))
                    continue;
                NameMap renames = table_renames;
                const std::vector<std::size_t> columns = column_rename_sources(*previous, table, rules, spent);
                for (std::size_t c = 0; c < columns.size(); ++c)
                    if (columns[c] != npos) renames[rules.name_key(previous->columns[columns[c]].name)] = table.columns[c].name;
                wanted.triggers.push_back(
                    {trigger.name, table.name, renames.empty() ? trigger.sql : rules.rename_in_sql(trigger.sql, renames)});
            }
        }
    }
    return wanted;
}

void check_operations(const std::vector<Operation>& operations, const std::string& models_file) {
    for (const Operation& operation : operations) {
        const auto* add = std::get_if<AddColumn>(&operation);
        if (!add || add->column.nullable || add->column.default_sql || add->column.generated) continue;
        throw InputError(fmt::format("column '{}.{}' is added as NOT NULL without a default, so the rows already in "
                                     "'{}' would have no value; give it a default, or add it nullable first",
                                     add->table, add->column.name, add->table),
                         {models_file, add->column.declared_at.line, add->column.declared_at.column});
    }
}

}  // namespace dbm::schema
