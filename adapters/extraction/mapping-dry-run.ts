// The dry run of `mapping check`: runs a valid mapping on the live database and finds what validation cannot see
// and what used to pass in silence: dates the plugin cannot read, keys that must be unique and are not, codes
// in the data that no list names, and features that come out constant or missing for every referral (a wrong
// key, a text key against a number, a code with a trailing space). Every finding has a path in the mapping, the
// problem in words and a fix. I/O is the knex handed in; nothing is written.
import type { Knex } from 'knex';
import type { DatabaseCatalog } from '../mapping/database-catalog';
import type { FieldMapping } from '../mapping/mapping-schema';
import type { MappingProblem } from '../mapping/mapping-validator';
import { birthDateFromCpr, parseDateValue } from '../point-in-time';
import { canonicalValue, knownCodes, qualifiedTable, type PlannedFilter } from './extraction-plan';
import { passes, type UnknownCode } from './feature-evaluation';
import { FeatureExtractor, type ExtractedReferral } from './feature-extractor';
import { codeCountsQuery, columnSampleQuery, duplicateKeysQuery, referralRowsQuery } from './host-queries';

export interface FeatureCoverage {
  readonly feature: string;
  readonly found: number;
  readonly missing: number;
  readonly min: number | null;
  readonly max: number | null;
  /** Referrals whose value could not be given because of an unknown code. */
  readonly unknownCode: number;
}

export interface CodeInData {
  readonly table: string;
  readonly column: string;
  readonly code: string;
  readonly rows: number;
}

export interface DryRunReport {
  readonly referrals: { readonly checked: number; readonly from: string | null; readonly to: string | null };
  readonly coverage: readonly FeatureCoverage[];
  /** Codes present in the data that no code list (nor otherCodes) names. */
  readonly unknownCodes: readonly CodeInData[];
  /** What fails the check (each with a path and a fix). */
  readonly problems: readonly MappingProblem[];
  /** Constant or missing features the mapping declares may be so, with its reason. */
  readonly allowed: ReadonlyArray<{ readonly feature: string; readonly finding: string; readonly reason: string }>;
  readonly slowestQuery: { readonly query: string; readonly ms: number };
  /** The referrals extracted (for further checks on the same sample, such as the proxy measurement). */
  readonly extracted: readonly ExtractedReferral[];
}

export interface DryRunOptions {
  /** How many of the most recent referrals to extract. */
  readonly recent: number;
  /** The model's features, in its order (the coverage lists them so). */
  readonly features: readonly string[];
  /** The catalog validation read (column types tell text codes from numbers). */
  readonly catalog?: DatabaseCatalog;
}

/** Values read per date column, and distinct values per coded column, at most. */
const DATE_SAMPLE = 1000;
const MAX_CODES = 10_000;
const DUPLICATE_EXAMPLES = 3;

/** The ids of the `count` most recent rows of the referral table that referral.filters take as referrals. */
export async function recentReferralIds(db: Knex, extractor: FeatureExtractor, count: number): Promise<Array<string | number>> {
  const { mapping, referralFilters } = extractor.plan;
  const ids: Array<string | number> = [];
  const page = Math.max(count, 500);
  for (let offset = 0; ids.length < count; offset += page) {
    const rows = (await referralRowsQuery(db, mapping, { limit: page, offset })) as Array<Record<string, unknown>>;
    for (const row of rows) if (referralFilters.every((f) => passes(f, row[f.column])) && ids.length < count) ids.push(row.id as string | number);
    if (rows.length < page) break;
  }
  return ids;
}

export async function dryRunMapping(db: Knex, mapping: FieldMapping, options: DryRunOptions): Promise<DryRunReport> {
  const problems: MappingProblem[] = [];
  const allowed: Array<{ feature: string; finding: string; reason: string }> = [];
  const slowest = { query: '', ms: 0 };
  const extractor = new FeatureExtractor(db, mapping);
  const qualified = (table: string) => qualifiedTable(mapping, table);

  problems.push(...(await unreadableDates(db, mapping)));
  problems.push(...(await duplicateKeys(db, mapping)));
  const { unknown, problems: codeProblems } = await unknownCodesInData(db, mapping, extractor, options.catalog, qualified);
  problems.push(...codeProblems);

  const ids = await recentReferralIds(db, extractor, options.recent);
  const extracted: ExtractedReferral[] = await extractor.extractBatch(ids, {
    onQuery: (label, ms) => {
      if (ms > slowest.ms) Object.assign(slowest, { query: label, ms: Math.round(ms * 100) / 100 });
    },
  });
  const coverage = options.features.map((name): FeatureCoverage => {
    const values = extracted.flatMap((e) => (name in e.features ? [e.features[name]!] : []));
    return {
      feature: name,
      found: values.length,
      missing: extracted.length - values.length,
      min: values.length ? Math.min(...values) : null,
      max: values.length ? Math.max(...values) : null,
      unknownCode: extracted.filter((e) => e.unknownCodes.some((u: UnknownCode) => u.feature === name)).length,
    };
  });
  if (extracted.length === 0) {
    problems.push({
      path: '$.referral',
      problem: `no referral was found in "${mapping.referral.table}"${mapping.referral.filters?.length ? ' that passes referral.filters' : ''}, so nothing could be dry-run`,
      fix: 'check referral.table, referral.receivedAt and referral.filters against the data',
    });
  } else {
    for (const c of coverage) {
      const spec = mapping.features[c.feature];
      if (!spec) continue;
      if (c.found === 0) {
        if (spec.mayBeMissing) allowed.push({ feature: c.feature, finding: 'missing for every referral', reason: spec.mayBeMissing });
        else {
          problems.push({
            path: `$.features.${c.feature}`,
            problem: `has no value for any of the ${extracted.length} referrals checked${c.unknownCode > 0 ? ` (${c.unknownCode} of them because of unknown codes)` : ''}`,
            fix: 'check the key, the joins and the code lists against the data (a join on the wrong column, a text key against a number, a code with a trailing space all do this); if it really may be so, say why in "mayBeMissing"',
          });
        }
      } else if (extracted.length > 1 && c.found === extracted.length && c.min === c.max) {
        if (spec.mayBeConstant) allowed.push({ feature: c.feature, finding: `${c.min} for every referral`, reason: spec.mayBeConstant });
        else {
          problems.push({
            path: `$.features.${c.feature}`,
            problem: `is ${c.min} for every one of the ${extracted.length} referrals checked`,
            fix: 'check the key, the joins, the filters and the code lists against the data (a join on the wrong column, a text key against a number, a code with a trailing space all do this); if it really may be so, say why in "mayBeConstant"',
          });
        }
      }
    }
  }
  const dates = extracted.map((e) => e.receivedAt).sort();
  return {
    referrals: { checked: extracted.length, from: dates[0] ?? null, to: dates[dates.length - 1] ?? null },
    coverage,
    unknownCodes: unknown,
    problems,
    allowed,
    slowestQuery: slowest,
    extracted,
  };
}

/** Shows the shape of a CPR number, never the number: digits as 9. */
const cprShape = (value: unknown) => String(value).replace(/\d/g, '9');

/** Date columns whose values the plugin cannot read as declared: each names the column and an example value. */
async function unreadableDates(db: Knex, mapping: FieldMapping): Promise<MappingProblem[]> {
  const columns: Array<{ path: string; table: string; column: string; parse: (v: unknown) => string | null; format: string; cpr: boolean }> = [];
  const { referral, child } = mapping;
  columns.push({ path: '$.referral.receivedAt.column', table: referral.table, column: referral.receivedAt.column, parse: (v) => parseDateValue(v, referral.receivedAt.type), format: 'iso', cpr: false });
  const cprBirth = child.birth.format === 'cpr';
  columns.push({ path: '$.child.birth.column', table: child.table, column: child.birth.column, parse: (v) => (cprBirth ? birthDateFromCpr(v) : parseDateValue(v, 'date')), format: child.birth.format, cpr: cprBirth });
  for (const [name, f] of Object.entries(mapping.features)) {
    if (!f.source) continue;
    const tables = [f.source.table, ...(f.joins ?? []).map((j) => j.table)];
    const resolve = (ref: string): [string, string] => {
      if (!ref.includes('.')) return [f.source!.table, ref];
      const [t, c] = ref.split('.') as [string, string];
      return [tables.find((x) => x.toLowerCase() === t.toLowerCase()) ?? t, c];
    };
    for (const part of ['date', 'end'] as const) {
      const d = f.source[part];
      if (!d) continue;
      const [t, c] = resolve(d.column);
      columns.push({ path: `$.features.${name}.source.${part}.column`, table: t, column: c, parse: (v) => parseDateValue(v, d.type, d.format ?? 'iso'), format: d.format ?? 'iso', cpr: false });
    }
    if (f.aggregate.fn === 'age-at-child-birth') {
      const format = f.aggregate.format;
      const [t, c] = resolve(f.aggregate.value);
      columns.push({ path: `$.features.${name}.aggregate.value`, table: t, column: c, parse: (v) => (format === 'cpr' ? birthDateFromCpr(v) : parseDateValue(v, 'date')), format, cpr: format === 'cpr' });
    }
  }
  const problems: MappingProblem[] = [];
  const seen = new Set<string>();
  for (const col of columns) {
    const key = `${col.table.toLowerCase()}.${col.column.toLowerCase()}.${col.format}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rows = (await columnSampleQuery(db, qualifiedTable(mapping, col.table), col.column, DATE_SAMPLE)) as Array<{ value: unknown }>;
    const bad = rows.filter((r) => r.value !== '' && col.parse(r.value) === null);
    if (bad.length === 0) continue;
    const example = col.cpr ? `a value shaped ${cprShape(bad[0]!.value)}` : JSON.stringify(bad[0]!.value instanceof Date ? bad[0]!.value.toISOString() : bad[0]!.value);
    problems.push({
      path: col.path,
      problem: `"${col.table}.${col.column}" holds values the plugin cannot read as ${col.cpr ? 'a CPR number (DDMMYY-SSSS)' : col.format === 'iso' ? 'a date (YYYY-MM-DD)' : `a date written ${col.format}`}: ${bad.length} of ${rows.length} sampled, e.g. ${example}; such records would count as having no date`,
      fix: col.cpr
        ? 'take a column that holds the CPR number as DDMMYY-SSSS or DDMMYYSSSS, or the birth date with format "date"'
        : col.path.startsWith('$.features') && col.path.includes('.source.')
          ? 'declare how the column writes dates with "format" (DD-MM-YYYY, DD.MM.YYYY, DD/MM/YYYY or YYYYMMDD), or give the plugin a view that converts it to a date'
          : 'give the plugin a view that converts the column to a date (e.g. CONVERT(date, col, 105) on SQL Server)',
    });
  }
  return problems;
}

/** Keys that must be unique: the referral id, the child id, each joined table's key, each source's id. */
async function duplicateKeys(db: Knex, mapping: FieldMapping): Promise<MappingProblem[]> {
  const keys: Array<{ path: string; table: string; column: string; what: string; fix: string }> = [
    { path: '$.referral.id', table: mapping.referral.table, column: mapping.referral.id, what: 'one row per referral', fix: 'name the referral table\'s primary key, or a view with one row per referral' },
    {
      path: '$.child.id',
      table: mapping.child.table,
      column: mapping.child.id,
      what: 'one row per child (a child in two rows, e.g. in two households, would be counted twice and its siblings mixed)',
      fix: 'give the plugin a view with one row per child and the one family or household it belongs to',
    },
  ];
  for (const [name, f] of Object.entries(mapping.features)) {
    if (!f.source) continue;
    keys.push({ path: `$.features.${name}.source.id`, table: f.source.table, column: f.source.id, what: 'one row per record', fix: 'name the table\'s primary key as source.id' });
    (f.joins ?? []).forEach((j, i) =>
      keys.push({
        path: `$.features.${name}.joins[${i}].on.to`,
        table: j.table,
        column: j.on.to,
        what: 'at most one row per key (a join is a many-to-one lookup)',
        fix: `join on "${j.table}"'s primary key, or on a view with one row per "${j.on.to}"`,
      }),
    );
  }
  const problems: MappingProblem[] = [];
  const seen = new Set<string>();
  for (const k of keys) {
    const id = `${k.table.toLowerCase()}.${k.column.toLowerCase()}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const rows = (await duplicateKeysQuery(db, qualifiedTable(mapping, k.table), k.column, DUPLICATE_EXAMPLES)) as Array<{ value: unknown; n: number | string }>;
    if (rows.length === 0) continue;
    const examples = rows.map((r) => `${JSON.stringify(r.value)} (${Number(r.n)} rows)`).join(', ');
    problems.push({ path: k.path, problem: `"${k.table}.${k.column}" must be unique (${k.what}), but some values occur in several rows, e.g. ${examples}`, fix: k.fix });
  }
  return problems;
}

/** Every code present in a coded column that no code list (nor otherCodes) names. */
async function unknownCodesInData(
  db: Knex,
  mapping: FieldMapping,
  extractor: FeatureExtractor,
  catalog: DatabaseCatalog | undefined,
  qualified: (table: string) => string,
): Promise<{ unknown: CodeInData[]; problems: MappingProblem[] }> {
  const { plan } = extractor;
  const coded = new Map<string, { table: string; column: string }>();
  const note = (f: PlannedFilter) => {
    if (f.known === null) return;
    const column = f.sourceColumn.split('.').pop()!;
    coded.set(`${f.table.toLowerCase()}.${column.toLowerCase()}`, { table: f.table, column });
  };
  plan.referralFilters.forEach(note);
  for (const feature of plan.features) {
    feature.filters.forEach(note);
    if (feature.valueTest) note(feature.valueTest);
    if (feature.detail !== null) feature.group!.details[feature.detail]!.filters.forEach(note);
  }
  const known = knownCodes(mapping);
  const unknown: CodeInData[] = [];
  const problems: MappingProblem[] = [];
  for (const { table, column } of coded.values()) {
    const codes = known(table, column);
    if (codes === 'any') continue;
    const text = catalog?.get(table.toLowerCase())?.columns.get(column.toLowerCase())?.class === 'text';
    const rows = (await codeCountsQuery(db, qualified(table), column, text, MAX_CODES)) as Array<{ code: unknown; n: number | string }>;
    const found = rows
      .map((r) => ({ code: canonicalValue(r.code), rows: Number(r.n) }))
      .filter((r): r is { code: string; rows: number } => r.code !== null && r.code !== '' && !codes.has(r.code))
      .sort((a, b) => b.rows - a.rows);
    for (const f of found) unknown.push({ table, column, code: f.code, rows: f.rows });
    if (found.length > 0) {
      problems.push({
        path: '$.codeLists',
        problem: `"${table}.${column}" holds ${found.length} code(s) that no code list names: ${found.slice(0, 10).map((f) => `${JSON.stringify(f.code)} (${f.rows} rows)`).join(', ')}${found.length > 10 ? ', …' : ''}; a feature that meets one has no value`,
        fix: 'add each code to the list it belongs to, or to a code list of codes no feature counts (e.g. "source_other"); a code with a stray space or other case is a data error to correct in the case system',
      });
    }
  }
  return { unknown, problems };
}
