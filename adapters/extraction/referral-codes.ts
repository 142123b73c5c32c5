// The codes a referral's own record holds in the coded columns its features test (e.g. "SOCIALFORVALTNING" in
// underretning.kilde_kode), each with the label the field mapping gives it. A one-hot group of the model only
// knows its categories ("school", "another source"); the panel shows the municipality's own words for the code
// ("Pædagogisk Psykologisk Rådgivning", "Kommunens egen forvaltning") where the mapping labels it (issue 15).
// Reads only columns the features already test, of the referral's own row: no new kind of data.
import type { Knex } from 'knex';
import type { CodeLabelSpec, FeatureMappingSpec, FieldMapping } from '../mapping/mapping-schema';
import { isCodeTest } from '../mapping/mapping-validator';
import { canonicalValue, knownCodes } from './extraction-plan';
import { referralOwnRowQuery } from './host-queries';

export interface ReferralCode {
  /** The features whose filters test this column (e.g. the six source_* columns). */
  readonly features: readonly string[];
  readonly table: string;
  readonly column: string;
  /** The code as text (see canonicalValue); null when the column is empty. */
  readonly code: string | null;
  /** The mapping's label of the code, or null when it gives none. */
  readonly label: CodeLabelSpec | null;
  /** The code is one the mapping names (a code list, a filter value or otherCodes). */
  readonly known: boolean;
}

interface CodedColumn {
  readonly table: string;
  /** The column of `table` that holds the referral id. */
  readonly key: string;
  readonly column: string;
  readonly features: string[];
}

const lower = (s: string) => s.toLowerCase();

/** The column a reference ("col" or "table.col") names in the feature's own source table, or null for a joined table's. */
function ownColumn(spec: FeatureMappingSpec, ref: string): string | null {
  if (!ref.includes('.')) return ref;
  const [t, c] = ref.split('.') as [string, string];
  return lower(t) === lower(spec.source!.table) ? c : null;
}

/** The coded columns of the referral's own record that the features test, with the features that test each. */
export function codedReferralColumns(mapping: FieldMapping): CodedColumn[] {
  const byKey = new Map<string, CodedColumn>();
  for (const [name, spec] of Object.entries(mapping.features)) {
    if (spec.subject !== 'referral' || !spec.source) continue;
    const key = ownColumn(spec, spec.source.key);
    if (key === null) continue;
    const value = spec.aggregate.fn === 'latest' ? spec.aggregate.value : null;
    const tests = [...(spec.filters ?? []), ...(value !== null && typeof value === 'object' && 'test' in value ? [value.test] : [])];
    for (const f of tests) {
      if (!isCodeTest(f)) continue;
      const column = ownColumn(spec, f.column);
      if (column === null) continue;
      const id = `${lower(spec.source.table)}.${lower(column)}`;
      const entry = byKey.get(id) ?? { table: spec.source.table, key, column, features: [] };
      if (!entry.features.includes(name)) entry.features.push(name);
      byKey.set(id, entry);
    }
  }
  return [...byKey.values()];
}

/**
 * The mapping's label of a code in a column: from the column's otherCodes entry, then from a code list one of
 * its filters names, then from any code list that holds the code. Null when no list labels it.
 */
export function codeLabel(mapping: FieldMapping, table: string, column: string, code: string): CodeLabelSpec | null {
  for (const other of mapping.otherCodes ?? []) {
    if (lower(other.table) === lower(table) && lower(other.column) === lower(column)) {
      const label = other.labels?.[code];
      if (label) return label;
    }
  }
  const lists = mapping.codeLists ?? {};
  const tested = new Set<string>();
  for (const spec of Object.values(mapping.features)) {
    if (!spec.source || lower(spec.source.table) !== lower(table)) continue;
    for (const f of spec.filters ?? []) if (f.inList !== undefined && lower(ownColumn(spec, f.column) ?? '') === lower(column)) tested.add(f.inList);
  }
  const ordered = [...[...tested].map((n) => lists[n]), ...Object.values(lists)];
  for (const list of ordered) {
    const label = list?.labels?.[code];
    if (label && list!.codes.some((c) => canonicalValue(c) === code)) return label;
  }
  return null;
}

/** The referral's codes in each coded column its features test (one query per table; usually one in all). */
export async function readReferralCodes(db: Knex, mapping: FieldMapping, referralId: string | number): Promise<ReferralCode[]> {
  const columns = codedReferralColumns(mapping);
  const known = knownCodes(mapping);
  const out: ReferralCode[] = [];
  const byTable = new Map<string, CodedColumn[]>();
  for (const c of columns) byTable.set(`${c.table}\u0000${c.key}`, [...(byTable.get(`${c.table}\u0000${c.key}`) ?? []), c]);
  for (const group of byTable.values()) {
    const { table, key } = group[0]!;
    const row = (await referralOwnRowQuery(db, mapping, table, key, referralId, group.map((c) => c.column))) as Record<string, unknown> | undefined;
    if (!row) continue;
    group.forEach((c, i) => {
      const code = canonicalValue(row[`c${i}`]);
      const domain = code === null ? 'any' : known(c.table, c.column);
      out.push({
        features: c.features,
        table: c.table,
        column: c.column,
        code,
        label: code === null ? null : codeLabel(mapping, c.table, c.column, code),
        known: code !== null && (domain === 'any' || domain.has(code)),
      });
    });
  }
  return out;
}
