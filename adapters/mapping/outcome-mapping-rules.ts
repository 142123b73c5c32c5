// The rules for the mapping's outcome part (`outcome`, read by `beslutningsstotte validate` alone) that the schema
// cannot say: no table or column that points at a protected attribute, a table and columns that exist, and a
// date where the placement's start is read. Pure: the checks of names and the catalog are handed in (the same
// checks as the follow-up part's).
import type { FollowUpRuleChecks } from './follow-up-mapping-rules';
import type { FieldMapping, OutcomeMappingSpec } from './mapping-schema';

/** Every table the outcome part names (for reading the catalog). */
export function outcomeTablesOf(mapping: FieldMapping): string[] {
  return mapping.outcome ? [mapping.outcome.placements.table] : [];
}

export function checkOutcomePart(outcome: OutcomeMappingSpec, checks: FollowUpRuleChecks): void {
  const { protectedUse, table, column } = checks;
  const path = '$.outcome.placements';
  const p = outcome.placements;
  protectedUse(`${path}.table`, p.table, 'table');
  const columns = [
    ['id', p.id],
    ['child', p.child],
    ['start.column', p.start.column, 'date'],
  ] as const;
  for (const [prop, col] of columns) protectedUse(`${path}.${prop}`, col, 'column');
  if (!table(`${path}.table`, p.table)) return;
  for (const [prop, col, expect] of columns) column(`${path}.${prop}`, p.table, col, expect);
}
