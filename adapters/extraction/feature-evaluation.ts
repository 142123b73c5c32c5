// Turns the fetched records into one referral's feature values, as of the referral's received time, with the
// provenance the panel's data overview shows: which records counted, their ids, dates and raw values. Pure:
// rows in, numbers out. The point-in-time rule lives here, once: a record counts only when it happened
// before the referral (an instant before the received time; a date-only record before the referral's date,
// since a record of the same day cannot be shown to precede it).
import { exactAgeYears } from '../../plugin/calendar-age';
import type { ChildAgeAtReferral } from '../child-age';
import { addDays, birthDateFromCpr, daysBetween, parseDateValue, toIsoDate, toIsoInstant } from '../point-in-time';
import type { TableLabelSpec } from '../mapping/mapping-schema';
import { canonicalValue, numericValue, type PlannedFeature, type PlannedFilter, type SourceGroup } from './extraction-plan';

/**
 * A code the mapping does not know, met while computing a feature: the feature then has no value (a record of
 * an unknown kind is never silently counted as "none of these").
 */
export interface UnknownCode {
  readonly feature: string;
  readonly table: string;
  readonly column: string;
  readonly code: string;
}

export interface ReferralContext {
  readonly referralId: string;
  readonly childId: string;
  readonly familyId: string | null;
  /** 'YYYY-MM-DD HH:MM:SS' */
  readonly receivedAt: string;
  readonly referralDate: string;
  /** The child's age on the referral date, from its birth date, expected date of birth or unborn marker (../child-age). */
  readonly age: ChildAgeAtReferral;
}

export interface RecordRow {
  readonly id: string;
  readonly key: string;
  /** Normalised: 'YYYY-MM-DD' for a date column, 'YYYY-MM-DD HH:MM:SS' for a datetime column. */
  readonly date: string | null;
  readonly end: string | null;
  readonly values: Readonly<Record<string, unknown>>;
  /** Per detail plan of the group: the record's detail rows (aliases d0, d1, … as in the plan). */
  readonly details: ReadonlyArray<ReadonlyArray<Readonly<Record<string, unknown>>>>;
}

export interface ProvenanceRecord {
  readonly table: string;
  readonly id: string;
  readonly date: string | null;
  /** The child the record is about, when it is a sibling's. */
  readonly siblingId?: string;
  /** Raw values of the columns the feature read, by column name. */
  readonly values: Readonly<Record<string, unknown>>;
}

export interface FeatureProvenance {
  readonly feature: string;
  readonly value: number | null;
  readonly table: string;
  /** The mapping's label of the table (`source.label`, `child.label` for age), for people; null when none is given. */
  readonly tableLabel: TableLabelSpec | null;
  readonly subject: string;
  /** How the value came about, in plain words (no personal data). */
  readonly rule: string;
  readonly records: readonly ProvenanceRecord[];
  /**
   * True when the feature reads one record (latest, age-at-child-birth) and none counted: the value is then the
   * mapping's default (or missing), and people must read "no record", not the default as if it were recorded.
   */
  readonly noRecord?: true;
}

/** The date a person's age "at the child's birth" is taken: the birth, or for a referral before it the expected birth. */
function childBirthReference(age: ChildAgeAtReferral): string | null {
  if (age.state === 'born' || age.state === 'adult') return age.birthDate;
  return age.state === 'unborn' ? age.parentAgeDate : null;
}

function ageRule(age: ChildAgeAtReferral, referralDate: string): string {
  switch (age.state) {
    case 'born':
      return `calendar age on the referral date ${referralDate}`;
    case 'adult':
      return `18 or older on the referral date ${referralDate}: never scored`;
    case 'unborn':
      return age.by === 'later-birth' ? `born after the referral date ${referralDate}`
        : age.by === 'marker' ? 'marked as unborn by the case system'
        : `not born on the referral date ${referralDate}: expected date of birth ${age.expectedBirthDate}`;
    case 'unknown':
      return age.reason === 'no-birth-date' ? 'no birth date (no CPR number, or a replacement number): age unknown'
        : age.reason === 'expected-birth-passed' ? 'no birth date, and the expected date of birth had passed: age unknown'
        : 'the expected date of birth is implausibly far after the referral: age unknown';
  }
}

export type FilterOutcome = 'pass' | 'fail' | 'unknown';

/** Whether a value passes a filter, or 'unknown' when it is a code the mapping does not know. */
export function filterOutcome(filter: PlannedFilter, raw: unknown): FilterOutcome {
  const value = canonicalValue(raw);
  if (filter.known !== null && value !== null && value !== '' && !filter.known.has(value)) return 'unknown';
  const test = filter.test;
  switch (test.kind) {
    case 'in':
      return value !== null && test.values.has(value) ? 'pass' : 'fail';
    case 'notEquals':
      return value !== test.value ? 'pass' : 'fail';
    case 'isNull':
      return (value === null || value === '') === test.isNull ? 'pass' : 'fail';
    case 'compare': {
      const n = numericValue(raw);
      if (n === null) return test.op === 'ne' && value === null ? 'pass' : 'fail';
      const ok = { lt: n < test.value, le: n <= test.value, gt: n > test.value, ge: n >= test.value, eq: n === test.value, ne: n !== test.value }[test.op];
      return ok ? 'pass' : 'fail';
    }
  }
}

export function passes(filter: PlannedFilter, raw: unknown): boolean {
  return filterOutcome(filter, raw) === 'pass';
}

/** All filters on one row: 'fail' if any fails, else 'unknown' if any meets an unknown code (with it), else 'pass'. */
function rowOutcome(filters: readonly PlannedFilter[], value: (f: PlannedFilter) => unknown): { outcome: FilterOutcome; unknown: PlannedFilter | null } {
  let unknown: PlannedFilter | null = null;
  for (const f of filters) {
    const o = filterOutcome(f, value(f));
    if (o === 'fail') return { outcome: 'fail', unknown: null };
    if (o === 'unknown' && unknown === null) unknown = f;
  }
  return unknown ? { outcome: 'unknown', unknown } : { outcome: 'pass', unknown: null };
}

/**
 * rowOutcome for a record's own values (by the filters' output aliases), without a closure or result object per
 * row: null when every filter passes, FAILED when one fails, else the first filter that met an unknown code.
 */
const FAILED = Symbol('failed');
function recordOutcome(filters: readonly PlannedFilter[], values: Readonly<Record<string, unknown>>): PlannedFilter | typeof FAILED | null {
  let unknown: PlannedFilter | null = null;
  for (let i = 0; i < filters.length; i++) {
    const f = filters[i]!;
    const o = filterOutcome(f, values[f.column]);
    if (o === 'fail') return FAILED;
    if (o === 'unknown' && unknown === null) unknown = f;
  }
  return unknown;
}

/** The window of one feature for one referral, as string bounds (computed once, compared per record). */
interface WindowBounds {
  /** The record's date must be below this (a date, or an instant for datetime columns). */
  readonly before: string;
  /** The record's date (day) must be at least this, or null. */
  readonly from: string | null;
  /** activeAtReferral: the end must be after this (or empty), else null. */
  readonly endAfter: string | null;
}

function windowBounds(feature: PlannedFeature, group: SourceGroup, ctx: ReferralContext): WindowBounds | null {
  if (feature.subject === 'referral' || !group.date) return null; // the referral itself; undated (static) records
  const window = feature.spec.window;
  const instant = group.date.type === 'datetime';
  const asOf = instant ? ctx.receivedAt : ctx.referralDate;
  if (window && 'activeAtReferral' in window) {
    return { before: asOf, from: null, endAfter: group.end!.type === 'datetime' ? ctx.receivedAt : ctx.referralDate };
  }
  const toDays = window?.toDays ?? 0;
  return {
    before: toDays === 0 ? asOf : daysAfter(ctx.referralDate, toDays),
    from: window?.fromDays !== undefined ? daysAfter(ctx.referralDate, window.fromDays) : null,
    endAfter: null,
  };
}

/**
 * addDays, remembered: a batch asks for the same few offsets from the same few thousand referral dates over and
 * over. A pure function of its arguments; the memory is dropped whole when it grows past a bound.
 */
const shiftedDates = new Map<string, string>();
const MEMO_LIMIT = 50_000;
function daysAfter(date: string, days: number): string {
  const key = `${date}|${days}`;
  let shifted = shiftedDates.get(key);
  if (shifted === undefined) {
    shifted = addDays(date, days);
    if (shiftedDates.size >= MEMO_LIMIT) shiftedDates.clear();
    shiftedDates.set(key, shifted);
  }
  return shifted;
}

/** Whether a record lies in the feature's window, as of the referral. */
function inWindow(bounds: WindowBounds | null, row: RecordRow): boolean {
  if (bounds === null) return true;
  if (row.date === null) return false; // when it happened is unknown: it cannot be shown to precede the referral
  if (!(row.date < bounds.before)) return false;
  // (An instant of the day `from` sorts after the bare date, so comparing the whole text is comparing its day.)
  if (bounds.from !== null && row.date < bounds.from) return false;
  if (bounds.endAfter !== null && row.end !== null && !(row.end > bounds.endAfter)) return false;
  return true;
}

/** The records of the feature's subject that count for this referral (window and filters applied). */
export function countedRecords(feature: PlannedFeature, input: EvaluationInput): RecordRow[] {
  return recordsInWindow(feature, input).counted;
}

/**
 * The records that count, and the first record in the window whose filters met a code the mapping does not
 * know (so whether it counts cannot be said).
 */
export function recordsInWindow(feature: PlannedFeature, input: EvaluationInput): { counted: RecordRow[]; unknown: { row: RecordRow; filter: PlannedFilter } | null } {
  const { ctx } = input;
  const group = feature.group!;
  const keys =
    feature.subject === 'referral' ? [ctx.referralId]
    : feature.subject === 'child' ? [ctx.childId]
    : feature.subject === 'family' ? (ctx.familyId === null ? [] : [ctx.familyId])
    : input.siblings;
  const bounds = windowBounds(feature, group, ctx);
  const counted: RecordRow[] = [];
  let unknown: { row: RecordRow; filter: PlannedFilter } | null = null;
  const filters = feature.filters;
  for (const key of keys) {
    const rows = input.rowsByKey?.get(key);
    if (rows === undefined) continue;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (!inWindow(bounds, row)) continue;
      const outcome = filters.length === 0 ? null : recordOutcome(filters, row.values);
      if (outcome === null) counted.push(row);
      else if (outcome !== FAILED && unknown === null) unknown = { row, filter: outcome };
    }
  }
  return { counted, unknown };
}

/** The latest record (by date, then id), or null. */
export function latestRecord(records: readonly RecordRow[]): RecordRow | null {
  let best: RecordRow | null = null;
  for (const row of records) {
    if (best === null) {
      best = row;
      continue;
    }
    const a = row.date ?? '';
    const b = best.date ?? '';
    if (a > b || (a === b && compareIds(row.id, best.id) > 0)) best = row;
  }
  return best;
}

/** Ids in order: numerically when both are numbers, else as text. */
export const compareIds = (a: string, b: string) => {
  const x = Number(a);
  const y = Number(b);
  return Number.isFinite(x) && Number.isFinite(y) ? x - y : a < b ? -1 : a > b ? 1 : 0;
};

export interface EvaluationInput {
  readonly ctx: ReferralContext;
  /** The group's records by key. */
  readonly rowsByKey: ReadonlyMap<string, readonly RecordRow[]> | null;
  /** The other children of the child's family. */
  readonly siblings: readonly string[];
  /** The mapping's child table and its label (for the provenance of age features). */
  readonly childTable: string;
  readonly childTableLabel: TableLabelSpec | null;
}

export function evaluateFeature(
  feature: PlannedFeature,
  input: EvaluationInput,
  withProvenance: boolean,
): { value: number | null; provenance: FeatureProvenance | null; unknownCode: UnknownCode | null } {
  const { ctx } = input;
  const aggregate = feature.aggregate;

  if (aggregate.fn === 'age-at-referral' || aggregate.fn === 'unborn') {
    const age = ctx.age;
    const unborn = age.state === 'unborn';
    // An unknown age gives no value (the panel names the state); an adult's true age is kept, never capped.
    const value =
      age.state === 'unknown' ? null
      : aggregate.fn === 'unborn' ? (unborn ? 1 : 0)
      : age.state === 'unborn' ? aggregate.unbornValue
      : exactAgeYears(age.birthDate, ctx.referralDate, aggregate.decimals);
    const birthDate = age.state === 'unknown' ? null : age.birthDate;
    const expected = age.state === 'unborn' ? age.expectedBirthDate : null;
    return {
      value,
      provenance: withProvenance
        ? {
            feature: feature.name,
            value,
            table: input.childTable,
            tableLabel: input.childTableLabel,
            subject: 'child',
            rule: ageRule(age, ctx.referralDate),
            records: [
              {
                table: input.childTable,
                id: ctx.childId,
                date: birthDate ?? expected,
                values: expected === null ? { birthDate } : { birthDate, expectedBirthDate: expected },
              },
            ],
          }
        : null,
      unknownCode: null,
    };
  }

  const group = feature.group!;
  const { counted, unknown } = recordsInWindow(feature, input);
  let unknownCode: UnknownCode | null = null;

  let value: number | null;
  let shown: RecordRow[] = counted;
  let detailValues: Record<string, unknown> | null = null;
  switch (aggregate.fn) {
    case 'count':
      value = counted.length;
      break;
    case 'exists':
      value = counted.length > 0 ? 1 : 0;
      break;
    case 'latest': {
      const latest = latestRecord(counted);
      shown = latest ? [latest] : [];
      if (latest === null) value = feature.spec.default ?? null;
      else if (feature.detail !== null) {
        const plan = group.details[feature.detail]!;
        const rows = latest.details[feature.detail] ?? [];
        const at = (d: Readonly<Record<string, unknown>>) => (f: PlannedFilter) => d[`d${plan.columns.indexOf(f.column)}`];
        const matching = rows.filter((d) => rowOutcome(plan.filters, at(d)).outcome === 'pass');
        const undecided = rows.map((d) => ({ d, o: rowOutcome(plan.filters, at(d)) })).find((x) => x.o.outcome === 'unknown');
        if (undecided) unknownCode = unknownOf(feature, undecided.o.unknown!, at(undecided.d)(undecided.o.unknown!));
        value = matching.length;
        detailValues = { detailTable: plan.table, detailRows: rows.length, matchingDetailRows: matching.length };
      } else if (feature.valueTest !== null) {
        const raw = latest.values[feature.valueTest.column];
        const outcome = raw === null || raw === undefined || raw === '' ? null : filterOutcome(feature.valueTest, raw);
        if (outcome === 'unknown') unknownCode = unknownOf(feature, feature.valueTest, raw);
        value = outcome === null ? (feature.spec.default ?? null) : outcome === 'pass' ? 1 : 0;
      } else {
        const raw = latest.values[feature.valueColumn!.alias];
        value = raw === null || raw === undefined ? (feature.spec.default ?? null) : Number(typeof raw === 'boolean' ? +raw : raw);
        if (value !== null && !Number.isFinite(value)) value = null;
      }
      break;
    }
    case 'age-at-child-birth': {
      let best: { row: RecordRow; age: number } | null = null;
      const at = childBirthReference(ctx.age);
      if (at !== null) {
        for (const row of counted) {
          const raw = row.values[feature.valueColumn!.alias];
          const born = aggregate.format === 'cpr' ? birthDateFromCpr(raw) : toIsoDate(raw);
          if (born === null || born > at) continue; // a person born after the child is no parent of it
          const age = exactAgeYears(born, at, aggregate.decimals);
          if (best === null || (aggregate.pick === 'youngest' ? age < best.age : age > best.age)) best = { row, age };
        }
      }
      shown = best ? [best.row] : [];
      value = best ? best.age : (feature.spec.default ?? null);
      break;
    }
  }

  // A record whose kind is an unknown code may or may not count: the value cannot be given, unless a record
  // that surely counts already settles it (exists).
  if (unknown !== null && !(aggregate.fn === 'exists' && counted.length > 0)) {
    unknownCode ??= unknownOf(feature, unknown.filter, unknown.row.values[unknown.filter.column]);
  }
  if (unknownCode !== null) value = null;

  if (!withProvenance) return { value, provenance: null, unknownCode };
  const columnName = new Map(group.columns.map((c) => [c.alias, c.column]));
  const readAliases = new Set([...feature.filters.map((f) => f.column), ...(feature.valueColumn ? [feature.valueColumn.alias] : [])]);
  if (unknown !== null && !shown.includes(unknown.row)) shown = [...shown, unknown.row];
  const records = shown.map((row): ProvenanceRecord => {
    const values: Record<string, unknown> = {};
    for (const alias of readAliases) {
      // The CPR number of a person is shown as the birth date it holds, never as itself.
      values[columnName.get(alias)!] =
        aggregate.fn === 'age-at-child-birth' && aggregate.format === 'cpr' && alias === feature.valueColumn!.alias
          ? birthDateFromCpr(row.values[alias])
          : row.values[alias];
    }
    if (detailValues) Object.assign(values, detailValues);
    return {
      table: group.table,
      id: row.id,
      date: row.date,
      ...(feature.subject === 'siblings' ? { siblingId: row.key } : {}),
      values,
    };
  });
  return {
    value,
    unknownCode,
    provenance: {
      feature: feature.name,
      value,
      table: group.table,
      tableLabel: feature.spec.source?.label ?? null,
      subject: feature.subject!,
      rule: describeRule(feature, ctx, counted.length),
      records,
      ...((aggregate.fn === 'latest' || aggregate.fn === 'age-at-child-birth') && shown.length === 0 ? { noRecord: true as const } : {}),
    },
  };
}

/** The unknown code a filter met on a feature's record. */
function unknownOf(feature: PlannedFeature, filter: PlannedFilter, raw: unknown): UnknownCode {
  return { feature: feature.name, table: filter.table, column: filter.sourceColumn.split('.').pop()!, code: String(canonicalValue(raw)) };
}

function describeRule(feature: PlannedFeature, ctx: ReferralContext, counted: number): string {
  const window = feature.spec.window;
  const asOf = feature.group?.date?.type === 'datetime' ? ctx.receivedAt : ctx.referralDate;
  const span =
    feature.subject === 'referral' ? 'the referral itself'
    : !feature.group?.date ? 'undated (standing) records'
    : window && 'activeAtReferral' in window ? `running on ${ctx.referralDate}`
    : `before ${window?.toDays ? daysAfter(ctx.referralDate, window.toDays) : asOf}${window?.fromDays !== undefined ? `, from ${daysAfter(ctx.referralDate, window.fromDays)}` : ''}`;
  return `${feature.aggregate.fn} of ${feature.group?.table} records of the ${feature.subject}, ${span}: ${counted} counted`;
}

/**
 * Normalises a driver's date value for a date or datetime column, read in the mapping's declared text format.
 * Text values are remembered per type and format (a batch reads the same dates on many records); a pure
 * function of its arguments, so the memory changes no result.
 */
export function normaliseDate(value: unknown, type: 'date' | 'datetime', format = 'iso'): string | null {
  return dateNormaliser(type, format)(value);
}

/**
 * normaliseDate for one column type and text format, as a function to call per record (its memory found once,
 * not per value: a batch normalises a few hundred thousand dates).
 */
export function dateNormaliser(type: 'date' | 'datetime', format = 'iso'): (value: unknown) => string | null {
  const key = `${type}|${format}`;
  let normaliser = normalisers.get(key);
  if (normaliser === undefined) {
    const memo = new Map<string, string | null>();
    normaliser = (value: unknown): string | null => {
      if (typeof value !== 'string') return parseDateValue(value, type, format);
      let normalised = memo.get(value);
      if (normalised === undefined) {
        normalised = parseDateValue(value, type, format);
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(value, normalised);
      }
      return normalised;
    };
    normalisers.set(key, normaliser);
  }
  return normaliser;
}
const normalisers = new Map<string, (value: unknown) => string | null>();
