// The rules for the mapping's protected-attribute parts: the evaluation-only columns exist and are never read by a
// feature, and each recorded proxy justification names a mapped feature and a known attribute. Pure: the
// database catalog is handed in.
import type { DatabaseCatalog } from './database-catalog';
import { columnsReadByMapping } from './mapping-columns';
import { RESERVED_EVALUATION_ATTRIBUTE, type FieldMapping } from './mapping-schema';

export interface RuleProblem {
  readonly path: string;
  readonly problem: string;
  readonly fix: string;
}

export function checkEvaluationOnlyParts(
  mapping: FieldMapping,
  catalog: DatabaseCatalog | undefined,
  problems: RuleProblem[],
  refusals: RuleProblem[],
): void {
  const attributes = mapping.evaluationOnly?.attributes ?? {};
  const evaluationColumns = new Map<string, string>();
  for (const [name, attribute] of Object.entries(attributes)) {
    const path = `$.evaluationOnly.attributes.${name}`;
    if (name === RESERVED_EVALUATION_ATTRIBUTE) {
      problems.push({ path, problem: `"${name}" is reserved for the sex the child's CPR number holds, derived inside the check`, fix: 'give the attribute another name' });
    }
    evaluationColumns.set(`${attribute.table.toLowerCase()}.${attribute.column.toLowerCase()}`, name);
    if (!catalog) continue;
    const table = catalog.get(attribute.table.toLowerCase());
    if (!table) {
      problems.push({ path: `${path}.table`, problem: `the table "${attribute.table}" does not exist in the database`, fix: 'write the name of an existing table or view' });
      continue;
    }
    for (const part of ['key', 'column'] as const) {
      if (!table.columns.has(attribute[part].toLowerCase())) {
        problems.push({ path: `${path}.${part}`, problem: `the column "${attribute[part]}" does not exist in table "${attribute.table}"`, fix: `name a column of ${attribute.table}` });
      }
    }
  }

  for (const read of columnsReadByMapping(mapping)) {
    const name = evaluationColumns.get(`${read.table.toLowerCase()}.${read.column.toLowerCase()}`);
    if (name === undefined) continue;
    refusals.push({
      path: read.path,
      problem: `reads "${read.table}.${read.column}", which is the evaluation-only attribute "${name}"`,
      fix: 'remove it: a column named under evaluationOnly is read only to measure proxies and fairness, never for a feature',
    });
  }

  const known = new Set([RESERVED_EVALUATION_ATTRIBUTE, ...Object.keys(attributes)]);
  (mapping.proxyJustifications ?? []).forEach((j, i) => {
    const path = `$.proxyJustifications[${i}]`;
    if (!(j.feature in mapping.features)) {
      problems.push({ path: `${path}.feature`, problem: `"${j.feature}" is not a feature of this mapping`, fix: `name one of: ${Object.keys(mapping.features).join(', ')}` });
    }
    if (!known.has(j.attribute)) {
      problems.push({ path: `${path}.attribute`, problem: `"${j.attribute}" is not a protected attribute this mapping measures`, fix: `use one of: ${[...known].join(', ')}` });
    }
  });
}
