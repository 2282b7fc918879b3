#include "dbm/operations.hpp"

#include <algorithm>

#include <fmt/format.h>

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

std::string describe_constraint(const Constraint& constraint) {
    return std::visit(overloaded{
                          [](const PrimaryKey& key) { return "primary key " + columns_text(key.columns); },
                          [](const UniqueConstraint& unique) {
                              return "unique constraint " + (unique.name ? "'" + *unique.name + "' " : std::string()) +
                                     columns_text(unique.columns);
                          },
                          [](const CheckConstraint& check) {
                              return "check constraint " + (check.name ? "'" + *check.name + "' " : std::string()) +
                                     "(" + text::one_line(check.expression, 60) + ")";
                          },
                          [](const ForeignKey& key) {
                              std::string text = "foreign key " + columns_text(key.columns) + " -> " + key.referred_table;
                              if (!key.referred_columns.empty()) text += columns_text(key.referred_columns);
                              if (key.on_delete != "NO ACTION") text += " ON DELETE " + key.on_delete;
                              return text;
                          },
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
                          [](const ChangeTableOption& op) -> Operation {
                              return ChangeTableOption{op.table, op.option, !op.enabled};
                          },
                          [](const CreateIndex& op) -> Operation { return DropIndex{op.index}; },
                          [](const DropIndex& op) -> Operation { return CreateIndex{op.index}; },
                          [](const CreateView& op) -> Operation { return DropView{op.view}; },
                          [](const DropView& op) -> Operation { return CreateView{op.view}; },
                          [](const CreateTrigger& op) -> Operation { return DropTrigger{op.trigger}; },
                          [](const DropTrigger& op) -> Operation { return CreateTrigger{op.trigger}; },
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
        },
        operation);
}

bool loses_data(const Operation& operation) {
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
                          [](const ChangeTableOption& op) { return op.table; },
                          [](const auto&) { return std::string(); },
                      },
                      operation);
}

}  // namespace dbm::schema
