// Compiles a validated mapping into an extraction plan: the features grouped by the record set they read
// (same table, key, joins and dates), so one query per group fetches the rows of every feature in it, for one
// referral or ten thousand. The plan names every column the evaluation needs under a short alias; what
// reaches SQL are the mapping's validated identifiers, never its values.
import { isCodeTest, mappingOrThrow, validateMapping } from '../mapping/mapping-validator';
import type {
  AggregateSpec,
  DateColumnSpec,
  DateTextFormatSpec,
  FeatureMappingSpec,
  FieldMapping,
  FilterSpec,
  JoinSpec,
  Subject,
} from '../mapping/mapping-schema';

/** Which ids a group's key column is matched against. */
export type KeySpace = 'referral' | 'child' | 'family';

export interface PlannedColumn {
  /** Alias of the table in the query: s (the source) or j0, j1, … (joins in order). */
  readonly tableAlias: string;
  readonly table: string;
  readonly column: string;
  /** The output alias of the column in the group's rows. */
  readonly alias: string;
}

export interface DetailPlan {
  readonly table: string;
  /** The table as the query names it (schema-qualified when the mapping names a schema). */
  readonly from: string;
  readonly on: string;
  readonly columns: readonly string[];
  readonly filters: readonly PlannedFilter[];
}

export interface SourceGroup {
  readonly index: number;
  readonly keySpace: KeySpace;
  readonly table: string;
  /** The table as the query names it (schema-qualified when the mapping names a schema). */
  readonly from: string;
  readonly id: string;
  readonly key: PlannedColumn;
  readonly joins: ReadonlyArray<JoinSpec & { readonly alias: string; readonly from: string; readonly fromColumn: PlannedColumn }>;
  readonly date: (PlannedColumn & { readonly type: DateColumnSpec['type']; readonly format: DateTextFormatSpec }) | null;
  readonly end: (PlannedColumn & { readonly type: DateColumnSpec['type']; readonly format: DateTextFormatSpec }) | null;
  /** Columns the features of the group read (filters and values), by output alias. */
  readonly columns: PlannedColumn[];
  /** Detail tables counted per record (latest with countOf), one per distinct detail spec. */
  readonly details: DetailPlan[];
  /**
   * The referral's own row of the referral table (no joins): read by the referral query itself, in the same
   * statement, rather than by a query of its own.
   */
  readonly withReferral: boolean;
}

export type CompareOp = 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne';

export interface PlannedFilter {
  /** Output alias (group column) or, for detail filters, the detail column name. */
  readonly column: string;
  readonly sourceColumn: string;
  /** The table the column belongs to (the source, a joined table or a detail table), for unknown-code reports. */
  readonly table: string;
  readonly test:
    | { readonly kind: 'in'; readonly values: ReadonlySet<string> }
    | { readonly kind: 'notEquals'; readonly value: string }
    | { readonly kind: 'isNull'; readonly isNull: boolean }
    | { readonly kind: 'compare'; readonly op: CompareOp; readonly value: number };
  /**
   * For a test against codes: every code the column is known to hold (its lists and filter values across the
   * mapping, and its otherCodes); a value outside it is an unknown code. null: not a code test, or any other
   * code may be passed over (otherCodes anyOther).
   */
  readonly known: ReadonlySet<string> | null;
}

export interface PlannedFeature {
  readonly name: string;
  readonly spec: FeatureMappingSpec;
  readonly aggregate: AggregateSpec;
  readonly subject: Subject | null;
  /** null for features computed from the child's birth alone. */
  readonly group: SourceGroup | null;
  readonly filters: readonly PlannedFilter[];
  /** Output alias of the value column (latest, age-at-child-birth). */
  readonly valueColumn: PlannedColumn | null;
  /** Index into group.details (latest with countOf). */
  readonly detail: number | null;
  /** latest with a test: the value is 1 when the latest record's column passes it, else 0. */
  readonly valueTest: PlannedFilter | null;
}

export interface ExtractionPlan {
  readonly mapping: FieldMapping;
  readonly groups: readonly SourceGroup[];
  readonly features: readonly PlannedFeature[];
  /** Whether any feature reads siblings (then family members are fetched). */
  readonly needsFamilyMembers: boolean;
  /** Which rows of the referral table are referrals (referral.filters); columns aliased __rf0, __rf1, … */
  readonly referralFilters: readonly PlannedFilter[];
}

/** A table as queries name it: `schema.table` when the mapping names a schema (both validated identifiers). */
export const qualifiedTable = (mapping: FieldMapping, table: string): string => (mapping.schema ? `${mapping.schema}.${table}` : table);

/** Code values compare as text, exactly (case and spaces count) on every database; yes/no as 1/0. */
export const canonicalValue = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
};

/** The codes a coded column is known to hold (see knownCodesByColumn), for `mapping check`'s list of unknown codes. */
export function knownCodes(mapping: FieldMapping): (table: string, column: string) => ReadonlySet<string> | 'any' {
  const { listed, byColumn } = knownCodesByColumn(mapping);
  return (table, column) => byColumn.get(tableColumnKey(table, column)) ?? listed;
}

/** A number from a driver value (numbers, numeric text, yes/no), or null. */
export const numericValue = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
};

const tableColumnKey = (table: string, column: string) => `${table.toLowerCase()}.${column.toLowerCase()}`;

/**
 * The codes each coded column is known to hold: every code of every code list (a list no filter uses, such as
 * the sources the model calls "another source", names codes as known too), every value a filter tests the
 * column against (`in`, text `equals` / `notEquals`), and the column's otherCodes. 'any' when otherCodes says
 * any other code may be passed over.
 */
function knownCodesByColumn(mapping: FieldMapping): { readonly listed: ReadonlySet<string>; readonly byColumn: Map<string, Set<string> | 'any'> } {
  const listed = new Set<string>();
  for (const list of Object.values(mapping.codeLists ?? {})) for (const c of list.codes) listed.add(canonicalValue(c)!);
  const byColumn = new Map<string, Set<string> | 'any'>();
  const add = (table: string, column: string, values: ReadonlyArray<string | number | boolean>) => {
    const key = tableColumnKey(table, column);
    const set = byColumn.get(key) ?? new Set<string>(listed);
    if (set === 'any') return;
    for (const v of values) set.add(canonicalValue(v)!);
    byColumn.set(key, set);
  };
  const codesOf = (f: FilterSpec): ReadonlyArray<string | number | boolean> => (f.inList !== undefined ? [] : f.in ?? [f.equals ?? f.notEquals!]);
  const scan = (filters: readonly FilterSpec[] | undefined, tableOf: (ref: string) => readonly [string, string]) => {
    for (const f of filters ?? []) if (isCodeTest(f)) add(...tableOf(f.column), codesOf(f));
  };
  scan(mapping.referral.filters, (c) => [mapping.referral.table, c]);
  for (const spec of Object.values(mapping.features)) {
    if (!spec.source) continue;
    const tableOf = tableResolver(spec);
    scan(spec.filters, tableOf);
    const value = spec.aggregate.fn === 'latest' ? spec.aggregate.value : null;
    if (value !== null && typeof value === 'object' && 'test' in value) scan([value.test], tableOf);
    if (value !== null && typeof value === 'object' && 'countOf' in value) scan(value.countOf.filters, (c) => [value.countOf.table, c]);
  }
  for (const other of mapping.otherCodes ?? []) {
    if (other.anyOther !== undefined) byColumn.set(tableColumnKey(other.table, other.column), 'any');
    else add(other.table, other.column, other.codes ?? []);
  }
  return { listed, byColumn };
}

/** Resolves a feature's column reference ("col" or "table.col") to its table and column. */
function tableResolver(spec: FeatureMappingSpec): (ref: string) => readonly [string, string] {
  const source = spec.source!;
  const tables = [source.table, ...(spec.joins ?? []).map((j) => j.table)];
  return (ref) => {
    if (!ref.includes('.')) return [source.table, ref];
    const [t, c] = ref.split('.') as [string, string];
    return [tables.find((x) => x.toLowerCase() === t.toLowerCase()) ?? t, c];
  };
}

const keySpaceOf = (subject: Subject): KeySpace => (subject === 'referral' ? 'referral' : subject === 'family' ? 'family' : 'child');

/**
 * Compiles a mapping. It is validated again here (schema, refusals, rules; the caller has usually checked it
 * against the model and the database already), so no path can bring an unchecked name to SQL.
 */
export function compileExtractionPlan(unchecked: FieldMapping): ExtractionPlan {
  const mapping = mappingOrThrow(validateMapping(unchecked), unchecked.name ?? 'the field mapping');
  const groups: SourceGroup[] = [];
  const groupByKey = new Map<string, SourceGroup>();
  const features: PlannedFeature[] = [];
  const codeLists = mapping.codeLists ?? {};
  const qualified = (table: string) => qualifiedTable(mapping, table);

  const knownCodes = knownCodesByColumn(mapping);
  const plannedFilter = (f: FilterSpec, column: string, table: string, sourceColumn: string): PlannedFilter => {
    const values = (vs: ReadonlyArray<string | number | boolean>) => new Set(vs.map((v) => canonicalValue(v)!));
    const test: PlannedFilter['test'] =
      f.inList !== undefined ? { kind: 'in', values: values(codeLists[f.inList]!.codes) }
      : f.in !== undefined ? { kind: 'in', values: values(f.in) }
      : typeof f.equals === 'number' ? { kind: 'compare', op: 'eq', value: f.equals }
      : f.equals !== undefined ? { kind: 'in', values: values([f.equals]) }
      : typeof f.notEquals === 'number' ? { kind: 'compare', op: 'ne', value: f.notEquals }
      : f.notEquals !== undefined ? { kind: 'notEquals', value: canonicalValue(f.notEquals)! }
      : f.lessThan !== undefined ? { kind: 'compare', op: 'lt', value: f.lessThan }
      : f.atMost !== undefined ? { kind: 'compare', op: 'le', value: f.atMost }
      : f.greaterThan !== undefined ? { kind: 'compare', op: 'gt', value: f.greaterThan }
      : f.atLeast !== undefined ? { kind: 'compare', op: 'ge', value: f.atLeast }
      : { kind: 'isNull', isNull: f.isNull === true };
    const domain = isCodeTest(f) ? (knownCodes.byColumn.get(tableColumnKey(table, sourceColumn)) ?? knownCodes.listed) : undefined;
    return { column, sourceColumn: f.column, table, test, known: domain === undefined || domain === 'any' ? null : domain };
  };
  const referralFilters = (mapping.referral.filters ?? []).map((f, i) => plannedFilter(f, `__rf${i}`, mapping.referral.table, f.column));

  for (const [name, spec] of Object.entries(mapping.features)) {
    const aggregate = spec.aggregate;
    if (aggregate.fn === 'age-at-referral' || aggregate.fn === 'unborn' || !spec.source || !spec.subject) {
      features.push({ name, spec, aggregate, subject: null, group: null, filters: [], valueColumn: null, detail: null, valueTest: null });
      continue;
    }
    const source = spec.source;
    const joins = spec.joins ?? [];
    const signature = JSON.stringify([keySpaceOf(spec.subject), source.table, source.id, source.key, joins, source.date ?? null, source.end ?? null]);
    let group = groupByKey.get(signature);
    const aliasOfTable = (tables: ReadonlyArray<readonly [string, string]>, ref: string): { tableAlias: string; table: string; column: string } => {
      if (!ref.includes('.')) return { tableAlias: 's', table: source.table, column: ref };
      const [t, c] = ref.split('.') as [string, string];
      const found = tables.find(([, table]) => table.toLowerCase() === t.toLowerCase())!;
      return { tableAlias: found[0], table: found[1], column: c };
    };
    const tables: Array<readonly [string, string]> = [['s', source.table], ...joins.map((j, i) => [`j${i}`, j.table] as const)];
    if (!group) {
      const fixed = (ref: string, alias: string): PlannedColumn => ({ ...aliasOfTable(tables, ref), alias });
      group = {
        index: groups.length,
        keySpace: keySpaceOf(spec.subject),
        table: source.table,
        from: qualified(source.table),
        id: source.id,
        key: fixed(source.key, '__key'),
        joins: joins.map((j, i) => ({ ...j, alias: `j${i}`, from: qualified(j.table), fromColumn: fixed(j.on.from, '') })),
        date: source.date ? { ...fixed(source.date.column, '__date'), type: source.date.type, format: source.date.format ?? 'iso' } : null,
        end: source.end ? { ...fixed(source.end.column, '__end'), type: source.end.type, format: source.end.format ?? 'iso' } : null,
        columns: [],
        details: [],
        withReferral:
          spec.subject === 'referral' &&
          joins.length === 0 &&
          source.table.toLowerCase() === mapping.referral.table.toLowerCase() &&
          source.key.toLowerCase() === mapping.referral.id.toLowerCase(),
      };
      groups.push(group);
      groupByKey.set(signature, group);
    }
    const g = group;
    const columnFor = (ref: string): PlannedColumn => {
      const target = aliasOfTable(tables, ref);
      const existing = g.columns.find((c) => c.tableAlias === target.tableAlias && c.column.toLowerCase() === target.column.toLowerCase());
      if (existing) return existing;
      const planned = { ...target, alias: `c${g.columns.length}` };
      g.columns.push(planned);
      return planned;
    };
    const planned = (f: FilterSpec) => {
      const c = columnFor(f.column);
      return plannedFilter(f, c.alias, c.table, c.column);
    };
    // Rows of the referral table that are not referrals (applications, other enquiries) never count.
    const fromReferralTable = source.table.toLowerCase() === mapping.referral.table.toLowerCase();
    const filters = [...(spec.filters ?? []), ...(fromReferralTable ? (mapping.referral.filters ?? []) : [])].map(planned);
    let valueColumn: PlannedColumn | null = null;
    let detail: number | null = null;
    let valueTest: PlannedFilter | null = null;
    if (aggregate.fn === 'latest' && typeof aggregate.value === 'string') valueColumn = columnFor(aggregate.value);
    if (aggregate.fn === 'age-at-child-birth') valueColumn = columnFor(aggregate.value);
    if (aggregate.fn === 'latest' && typeof aggregate.value === 'object' && 'test' in aggregate.value) {
      valueTest = planned(aggregate.value.test);
      valueColumn = g.columns.find((c) => c.alias === valueTest!.column)!;
    }
    if (aggregate.fn === 'latest' && typeof aggregate.value === 'object' && 'countOf' in aggregate.value) {
      const d = aggregate.value.countOf;
      const detailFilters = (d.filters ?? []).map((f) => plannedFilter(f, f.column, d.table, f.column));
      detail = g.details.length;
      g.details.push({ table: d.table, from: qualified(d.table), on: d.on, columns: [...new Set(detailFilters.map((f) => f.column))], filters: detailFilters });
    }
    features.push({ name, spec, aggregate, subject: spec.subject, group: g, filters, valueColumn, detail, valueTest });
  }
  return { mapping, groups, features, needsFamilyMembers: features.some((f) => f.subject === 'siblings'), referralFilters };
}
