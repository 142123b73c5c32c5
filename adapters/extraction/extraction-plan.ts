// Compiles a validated mapping into an extraction plan: the features grouped by the record set they read
// (same table, key, joins and dates), so one query per group fetches the rows of every feature in it, for one
// referral or ten thousand. The plan names every column the evaluation needs under a short alias; what
// reaches SQL are the mapping's validated identifiers, never its values.
import { mappingOrThrow, validateMapping } from '../mapping/mapping-validator';
import type {
  AggregateSpec,
  DateColumnSpec,
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
  readonly date: (PlannedColumn & { readonly type: DateColumnSpec['type'] }) | null;
  readonly end: (PlannedColumn & { readonly type: DateColumnSpec['type'] }) | null;
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

export interface PlannedFilter {
  /** Output alias (group column) or, for detail filters, the detail column name. */
  readonly column: string;
  readonly sourceColumn: string;
  readonly test:
    | { readonly kind: 'in'; readonly values: ReadonlySet<string> }
    | { readonly kind: 'notEquals'; readonly value: string }
    | { readonly kind: 'isNull'; readonly isNull: boolean };
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
}

export interface ExtractionPlan {
  readonly mapping: FieldMapping;
  readonly groups: readonly SourceGroup[];
  readonly features: readonly PlannedFeature[];
  /** Whether any feature reads siblings (then family members are fetched). */
  readonly needsFamilyMembers: boolean;
}

/** A table as queries name it: `schema.table` when the mapping names a schema (both validated identifiers). */
export const qualifiedTable = (mapping: FieldMapping, table: string): string => (mapping.schema ? `${mapping.schema}.${table}` : table);

/** Code values compare as text, exactly (case and spaces count) on every database; yes/no as 1/0. */
export const canonicalValue = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
};

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

  const plannedFilter = (f: FilterSpec, column: string): PlannedFilter => {
    const values = (vs: ReadonlyArray<string | number | boolean>) => new Set(vs.map((v) => canonicalValue(v)!));
    const test: PlannedFilter['test'] =
      f.inList !== undefined ? { kind: 'in', values: values(codeLists[f.inList]!.codes) }
      : f.in !== undefined ? { kind: 'in', values: values(f.in) }
      : f.equals !== undefined ? { kind: 'in', values: values([f.equals]) }
      : f.notEquals !== undefined ? { kind: 'notEquals', value: canonicalValue(f.notEquals)! }
      : { kind: 'isNull', isNull: f.isNull === true };
    return { column, sourceColumn: f.column, test };
  };

  for (const [name, spec] of Object.entries(mapping.features)) {
    const aggregate = spec.aggregate;
    if (aggregate.fn === 'age-at-referral' || aggregate.fn === 'unborn' || !spec.source || !spec.subject) {
      features.push({ name, spec, aggregate, subject: null, group: null, filters: [], valueColumn: null, detail: null });
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
        date: source.date ? { ...fixed(source.date.column, '__date'), type: source.date.type } : null,
        end: source.end ? { ...fixed(source.end.column, '__end'), type: source.end.type } : null,
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
    const filters = (spec.filters ?? []).map((f) => plannedFilter(f, columnFor(f.column).alias));
    let valueColumn: PlannedColumn | null = null;
    let detail: number | null = null;
    if (aggregate.fn === 'latest' && typeof aggregate.value === 'string') valueColumn = columnFor(aggregate.value);
    if (aggregate.fn === 'age-at-child-birth') valueColumn = columnFor(aggregate.value);
    if (aggregate.fn === 'latest' && typeof aggregate.value === 'object') {
      const d = aggregate.value.countOf;
      const detailFilters = (d.filters ?? []).map((f) => plannedFilter(f, f.column));
      detail = g.details.length;
      g.details.push({ table: d.table, from: qualified(d.table), on: d.on, columns: [...new Set(detailFilters.map((f) => f.column))], filters: detailFilters });
    }
    features.push({ name, spec, aggregate, subject: spec.subject, group: g, filters, valueColumn, detail });
  }
  return { mapping, groups, features, needsFamilyMembers: features.some((f) => f.subject === 'siblings') };
}
