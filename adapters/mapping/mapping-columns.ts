// Every table column a field mapping reads to build features, with its JSON path and what it is read for. The
// protected-attribute checks walk this one list: the CPR-content scan (only the age construct may read a column
// that holds CPR numbers), and the rule that no feature reads a column named under `evaluationOnly`. Pure: call
// it only on a mapping the schema accepted. The evaluation-only part itself is deliberately not listed.
import type { FieldMapping, FilterSpec } from './mapping-schema';

export type ColumnUse =
  /** The age construct: child.birth, or age-at-child-birth's value, read as a CPR number (format "cpr"). */
  | 'age'
  /** A key or id that ties records together. */
  | 'key'
  /** A date that places a record in time. */
  | 'date'
  /** A value a feature is computed from (a filter, a value, a counted detail). */
  | 'value';

export interface MappingColumn {
  readonly path: string;
  readonly table: string;
  readonly column: string;
  readonly use: ColumnUse;
}

export function columnsReadByMapping(mapping: FieldMapping): MappingColumn[] {
  const out: MappingColumn[] = [];
  const add = (path: string, table: string, column: string, use: ColumnUse) => out.push({ path, table, column, use });
  const { referral, child } = mapping;
  add('$.referral.id', referral.table, referral.id, 'key');
  add('$.referral.child', referral.table, referral.child, 'key');
  add('$.referral.receivedAt.column', referral.table, referral.receivedAt.column, 'date');
  add('$.child.id', child.table, child.id, 'key');
  add('$.child.family', child.table, child.family, 'key');
  add('$.child.birth.column', child.table, child.birth.column, child.birth.format === 'cpr' ? 'age' : 'date');
  (referral.filters ?? []).forEach((f, i) => add(`$.referral.filters[${i}].column`, referral.table, f.column, 'value'));

  for (const [name, feature] of Object.entries(mapping.features)) {
    const path = `$.features.${name}`;
    const source = feature.source;
    if (!source) continue;
    const tables = new Map<string, string>([[source.table.toLowerCase(), source.table]]);
    for (const join of feature.joins ?? []) tables.set(join.table.toLowerCase(), join.table);
    const ref = (p: string, value: string, use: ColumnUse) => {
      const [t, c] = value.includes('.') ? (value.split('.') as [string, string]) : [source.table, value];
      add(p, tables.get(t.toLowerCase()) ?? t, c, use);
    };
    const filters = (p: string, list: readonly FilterSpec[] | undefined, table?: string) =>
      (list ?? []).forEach((f, i) => (table ? add(`${p}[${i}].column`, table, f.column, 'value') : ref(`${p}[${i}].column`, f.column, 'value')));

    add(`${path}.source.id`, source.table, source.id, 'key');
    ref(`${path}.source.key`, source.key, 'key');
    if (source.date) ref(`${path}.source.date.column`, source.date.column, 'date');
    if (source.end) ref(`${path}.source.end.column`, source.end.column, 'date');
    (feature.joins ?? []).forEach((join, i) => {
      ref(`${path}.joins[${i}].on.from`, join.on.from, 'key');
      add(`${path}.joins[${i}].on.to`, join.table, join.on.to, 'key');
    });
    filters(`${path}.filters`, feature.filters);
    const aggregate = feature.aggregate;
    if (aggregate.fn === 'latest') {
      if (typeof aggregate.value === 'string') ref(`${path}.aggregate.value`, aggregate.value, 'value');
      else if ('countOf' in aggregate.value) {
        const detail = aggregate.value.countOf;
        add(`${path}.aggregate.value.countOf.on`, detail.table, detail.on, 'key');
        filters(`${path}.aggregate.value.countOf.filters`, detail.filters, detail.table);
      } else ref(`${path}.aggregate.value.test.column`, aggregate.value.test.column, 'value');
    }
    if (aggregate.fn === 'age-at-child-birth') ref(`${path}.aggregate.value`, aggregate.value, aggregate.format === 'cpr' ? 'age' : 'date');
  }
  return out;
}
