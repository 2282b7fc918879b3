#include "dbm/operations.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "dbm/schema_rules.hpp"
#include "util/text.hpp"

namespace dbm::schema {

namespace {

template <class... Ts>
struct overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

std::string columns_text(const std::vector<std::string>& columns) { return "(" + text::join(columns, ", ") + ")"; }

// Key columns with the COLLATE and DESC they are declared with.
std::string key_columns_text(const KeyColumns& key) {
    std::vector<std::string> items;
    for (std::size_t i = 0; i < key.columns.size(); ++i) {
        std::string item = key.columns[i];
        const KeyColumnOptions& options = key.options_of(i);
        if (options.collate) item += " COLLATE " + *options.collate;
        if (options.descending) item += " DESC";
        items.push_back(std::move(item));
    }
    return columns_text(items);
}

std::string reference_text(const ForeignKey& key) {
    std::string text = columns_text(key.columns) + " -> " + key.referred_table;
    if (!key.referred_columns.empty()) text += columns_text(key.referred_columns);
    return text;
}

std::string named(const std::optional<std::string>& name) { return name ? "'" + *name + "' " : std::string(); }

std::string describe_constraint(const Constraint& constraint) {
    return std::visit(overloaded{
                          [](const PrimaryKey& key) {
                              std::string text = "primary key " + key_columns_text(key);
                              if (key.on_conflict) text += " ON CONFLICT " + *key.on_conflict;
                              return text;
                          },
                          [](const UniqueConstraint& unique) {
                              std::string text = "unique constraint " + named(unique.name) + key_columns_text(unique);
                              if (unique.on_conflict) text += " ON CONFLICT " + *unique.on_conflict;
                              return text;
                          },
                          [](const CheckConstraint& check) {
                              return "check constraint " + named(check.name) + "(" + text::one_line(check.expression, 60) +
                                     ")";
                          },
                          [](const ForeignKey& key) {
                              std::string text = "foreign key " + reference_text(key);
                              if (key.on_delete != "NO ACTION") text += " ON DELETE " + key.on_delete;
                              if (key.on_update != "NO ACTION") text += " ON UPDATE " + key.on_update;
                              if (key.deferrable) text += " DEFERRABLE INITIALLY DEFERRED";
                              return text;
                          },
                      },
                      constraint);
}

// "ON DELETE CASCADE -> SET NULL, ..." for one constraint changed.
std::string constraint_change(const Constraint& before, const Constraint& after) {
    std::vector<std::string> changes;
    const auto changed = [&](const std::string& what, const std::string& from, const std::string& to) {
        if (from != to) changes.push_back(fmt::format("{} {} -> {}", what, from, to));
    };
    const auto conflict = [](const ConflictClause& clause) { return clause.value_or("(none)"); };
    const auto name = [](const std::optional<std::string>& text) { return text ? "'" + *text + "'" : std::string("(none)"); };
    if (const auto* a = std::get_if<ForeignKey>(&before)) {
        const auto& b = std::get<ForeignKey>(after);
        changed("ON DELETE", a->on_delete, b.on_delete);
        changed("ON UPDATE", a->on_update, b.on_update);
        if (a->deferrable != b.deferrable)
            changes.push_back(a->deferrable ? "INITIALLY DEFERRED -> immediate" : "immediate -> DEFERRABLE INITIALLY DEFERRED");
        changed("name", name(a->name), name(b.name));
    } else if (const auto* a = std::get_if<CheckConstraint>(&before)) {
        changed("expression", "(" + text::one_line(a->expression, 40) + ")",
                "(" + text::one_line(std::get<CheckConstraint>(after).expression, 40) + ")");
    } else {
        const auto key_of = [](const Constraint& constraint) -> const KeyColumns& {
            if (const auto* key = std::get_if<PrimaryKey>(&constraint)) return *key;
            return std::get<UniqueConstraint>(constraint);
        };
        const KeyColumns& x = key_of(before);
        const KeyColumns& y = key_of(after);
        changed("columns", key_columns_text(x), key_columns_text(y));
        changed("ON CONFLICT", conflict(x.on_conflict), conflict(y.on_conflict));
        if (const auto* key = std::get_if<PrimaryKey>(&before)) {
            const auto& other = std::get<PrimaryKey>(after);
            if (key->autoincrement != other.autoincrement)
                changes.push_back(other.autoincrement ? "AUTOINCREMENT added" : "AUTOINCREMENT removed");
            changed("name", name(key->name), name(other.name));
        } else {
            changed("name", name(std::get<UniqueConstraint>(before).name), name(std::get<UniqueConstraint>(after).name));
        }
    }
    return text::join(changes, ", ");
}

std::string constraint_kind(const Constraint& constraint) {
    return std::visit(overloaded{
                          [](const PrimaryKey&) { return std::string("primary key"); },
                          [](const UniqueConstraint& unique) { return "unique constraint " + named(unique.name) + columns_text(unique.columns); },
                          [](const CheckConstraint& check) {
                              return "check constraint" + (check.name ? " '" + *check.name + "'" : std::string());
                          },
                          [](const ForeignKey& key) { return "foreign key " + reference_text(key); },
                      },
                      constraint);
}

std::string column_change(const Column& before, const Column& after) {
    std::vector<std::string> changes;
    if (text::lower(before.type) != text::lower(after.type))
        changes.push_back(fmt::format("type {} -> {}", before.type.empty() ? "(none)" : before.type, after.type));
    if (before.nullable != after.nullable) changes.push_back(after.nullable ? "NULL allowed" : "NOT NULL");
    if (before.default_sql != after.default_sql)
        changes.push_back(fmt::format("default {} -> {}", before.default_sql.value_or("(none)"),
                                      after.default_sql.value_or("(none)")));
    if (before.collate != after.collate)
        changes.push_back(fmt::format("collation {} -> {}", before.collate.value_or("BINARY"), after.collate.value_or("BINARY")));
    if (before.generated != after.generated || before.generated_stored != after.generated_stored)
        changes.push_back("generated expression");
    return text::join(changes, ", ");
}

}  // namespace

Operation inverse(const Operation& operation) {
    return std::visit(overloaded{
                          [](const CreateTable& op) -> Operation { return DropTable{op.table}; },
                          [](const DropTable& op) -> Operation { return CreateTable{op.table}; },
                          [](const RenameTable& op) -> Operation { return RenameTable{op.to, op.from}; },
                          [](const AddColumn& op) -> Operation { return DropColumn{op.table, op.column}; },
                          [](const DropColumn& op) -> Operation { return AddColumn{op.table, op.column}; },
                          [](const RenameColumn& op) -> Operation { return RenameColumn{op.table, op.to, op.from}; },
                          [](const AlterColumn& op) -> Operation { return AlterColumn{op.table, op.after, op.before}; },
                          [](const AddConstraint& op) -> Operation { return DropConstraint{op.table, op.constraint}; },
                          [](const DropConstraint& op) -> Operation { return AddConstraint{op.table, op.constraint}; },
                          [](const AlterConstraint& op) -> Operation {
                              return AlterConstraint{op.table, op.after, op.before};
                          },
                          [](const ChangeTableOption& op) -> Operation {
                              return ChangeTableOption{op.table, op.option, !op.enabled};
                          },
                          [](const CreateIndex& op) -> Operation { return DropIndex{op.index}; },
                          [](const DropIndex& op) -> Operation { return CreateIndex{op.index}; },
                          [](const CreateView& op) -> Operation { return DropView{op.view}; },
                          [](const DropView& op) -> Operation { return CreateView{op.view}; },
                          [](const CreateTrigger& op) -> Operation { return DropTrigger{op.trigger}; },
                          [](const DropTrigger& op) -> Operation { return CreateTrigger{op.trigger}; },
                          [](const CreateVirtualTable& op) -> Operation { return DropVirtualTable{op.table}; },
                          [](const DropVirtualTable& op) -> Operation { return CreateVirtualTable{op.table}; },
                      },
                      operation);
}

std::vector<Operation> inverse(const std::vector<Operation>& operations) {
    std::vector<Operation> result;
    result.reserve(operations.size());
    for (auto it = operations.rbegin(); it != operations.rend(); ++it) result.push_back(inverse(*it));
    return result;
}

std::string describe(const Operation& operation) {
    return std::visit(
        overloaded{
            [](const CreateTable& op) { return fmt::format("added table '{}'", op.table.name); },
            [](const DropTable& op) { return fmt::format("removed table '{}'", op.table.name); },
            [](const RenameTable& op) { return fmt::format("renamed table '{}' to '{}'", op.from, op.to); },
            [](const AddColumn& op) { return fmt::format("added column '{}.{}'", op.table, op.column.name); },
            [](const DropColumn& op) { return fmt::format("removed column '{}.{}'", op.table, op.column.name); },
            [](const RenameColumn& op) {
                return fmt::format("renamed column '{}.{}' to '{}.{}'", op.table, op.from, op.table, op.to);
            },
            [](const AlterColumn& op) {
                return fmt::format("changed column '{}.{}': {}", op.table, op.after.name, column_change(op.before, op.after));
            },
            [](const AddConstraint& op) {
                return fmt::format("added {} on '{}'", describe_constraint(op.constraint), op.table);
            },
            [](const DropConstraint& op) {
                return fmt::format("removed {} on '{}'", describe_constraint(op.constraint), op.table);
            },
            [](const AlterConstraint& op) {
                return fmt::format("changed {} on '{}': {}", constraint_kind(op.before), op.table,
                                   constraint_change(op.before, op.after));
            },
            [](const ChangeTableOption& op) {
                return fmt::format("{} {} on '{}'", op.enabled ? "added" : "removed", op.option, op.table);
            },
            [](const CreateIndex& op) {
                std::vector<std::string> columns;
                for (const auto& column : op.index.columns) columns.push_back(column.expression);
                return fmt::format("added {}index '{}' on '{}' {}", op.index.unique ? "unique " : "", op.index.name,
                                   op.index.table, columns_text(columns));
            },
            [](const DropIndex& op) { return fmt::format("removed index '{}' on '{}'", op.index.name, op.index.table); },
            [](const CreateView& op) { return fmt::format("added view '{}'", op.view.name); },
            [](const DropView& op) { return fmt::format("removed view '{}'", op.view.name); },
            [](const CreateTrigger& op) { return fmt::format("added trigger '{}' on '{}'", op.trigger.name, op.trigger.table); },
            [](const DropTrigger& op) { return fmt::format("removed trigger '{}' on '{}'", op.trigger.name, op.trigger.table); },
            [](const CreateVirtualTable& op) {
                return fmt::format("added virtual table '{}' ({})", op.table.name, op.table.module);
            },
            [](const DropVirtualTable& op) {
                return fmt::format("removed virtual table '{}' ({})", op.table.name, op.table.module);
            },
        },
        operation);
}

std::string lost_object(const Operation& operation) {
    if (const auto* drop = std::get_if<DropColumn>(&operation)) return fmt::format("column '{}.{}'", drop->table, drop->column.name);
    if (const auto* drop = std::get_if<DropTable>(&operation)) return fmt::format("table '{}'", drop->table.name);
    if (const auto* drop = std::get_if<DropVirtualTable>(&operation)) return fmt::format("virtual table '{}'", drop->table.name);
    return describe(operation);
}

bool loses_data(const Operation& operation, const SchemaRules& rules) {
    if (const auto* drop = std::get_if<DropVirtualTable>(&operation)) return rules.virtual_table_holds_rows(drop->table);
    return std::holds_alternative<DropTable>(operation) || std::holds_alternative<DropColumn>(operation);
}

std::string altered_table(const Operation& operation) {
    return std::visit(overloaded{
                          [](const AddColumn& op) { return op.table; },
                          [](const DropColumn& op) { return op.table; },
                          [](const RenameColumn& op) { return op.table; },
                          [](const AlterColumn& op) { return op.table; },
                          [](const AddConstraint& op) { return op.table; },
                          [](const DropConstraint& op) { return op.table; },
                          [](const AlterConstraint& op) { return op.table; },
                          [](const ChangeTableOption& op) { return op.table; },
                          [](const auto&) { return std::string(); },
                      },
                      operation);
}

}  // namespace dbm::schema
