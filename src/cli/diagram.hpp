// `dbm schema --mermaid|--dot`: an ER diagram of a schema (tables, columns with their types,
// keys, foreign keys as edges) for docs and pull requests.
#pragma once

#include <string>

#include "dbm/schema.hpp"
#include "dbm/schema_rules.hpp"

namespace dbm::cli {

// Mermaid's erDiagram.
std::string mermaid_diagram(const Schema& schema, const SchemaRules& rules);
// Graphviz: one HTML-label node per table, an edge per foreign key, column to column.
std::string dot_diagram(const Schema& schema, const SchemaRules& rules);

}  // namespace dbm::cli
