// The operations a schema difference is made of (SPEC §8). Each carries what it needs to
// render both directions: inverse() of an operation undoes it, so a downgrade is the
// inverted operations in reverse order.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "dbm/schema.hpp"

namespace dbm::schema {

struct CreateTable { Table table; };
struct DropTable { Table table; };
struct RenameTable { std::string from; std::string to; };
struct AddColumn { std::string table; Column column; };
struct DropColumn { std::string table; Column column; };
struct RenameColumn { std::string table; std::string from; std::string to; };
struct AlterColumn { std::string table; Column before; Column after; };

using Constraint = std::variant<PrimaryKey, UniqueConstraint, CheckConstraint, ForeignKey>;
struct AddConstraint { std::string table; Constraint constraint; };
struct DropConstraint { std::string table; Constraint constraint; };
// The same constraint (primary key, unique columns, named check, reference) with other
// clauses: ON DELETE, DEFERRABLE, ON CONFLICT, COLLATE, ...
struct AlterConstraint { std::string table; Constraint before; Constraint after; };

// WITHOUT ROWID or STRICT switched on or off.
struct ChangeTableOption {
    std::string table;
    std::string option;  // "WITHOUT ROWID" or "STRICT"
    bool enabled = false;
};

struct CreateIndex { Index index; };
struct DropIndex { Index index; };
struct CreateView { View view; };
struct DropView { View view; };
struct CreateTrigger { Trigger trigger; };
struct DropTrigger { Trigger trigger; };
struct CreateVirtualTable { VirtualTable table; };
struct DropVirtualTable { VirtualTable table; };

using Operation = std::variant<CreateTable, DropTable, RenameTable, AddColumn, DropColumn, RenameColumn, AlterColumn,
                               AddConstraint, DropConstraint, AlterConstraint, ChangeTableOption, CreateIndex, DropIndex,
                               CreateView, DropView, CreateTrigger, DropTrigger, CreateVirtualTable, DropVirtualTable>;

Operation inverse(const Operation& operation);

// The inverse of every operation, in reverse order: what undoes the whole list.
std::vector<Operation> inverse(const std::vector<Operation>& operations);

// "added column 'user.email'", as the "Detected ..." lines of `dbm migrate` say it.
std::string describe(const Operation& operation);

// Drops a table, a column or a virtual table that keeps its own data (by the engine's
// rules): data goes with it.
bool loses_data(const Operation& operation, const SchemaRules& rules);

// What a lossy operation drops, as messages name it: "column 'user.email'", "table 'user'".
std::string lost_object(const Operation& operation);

// The table a per-table operation changes (column, constraint or option); "" otherwise.
std::string altered_table(const Operation& operation);

}  // namespace dbm::schema
