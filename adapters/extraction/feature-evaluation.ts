// Turns the fetched records into one referral's feature values, as of the referral's received time, with the
// provenance the panel's data overview shows: which records counted, their ids, dates and raw values. Pure:
// rows in, numbers out. The point-in-time rule lives here, once: a record counts only when it happened
// before the referral (an instant before the received time; a date-only record before the referral's date,
// since a record of the same day cannot be shown to precede it).
import { addDays, birthDateFromCpr, daysBetween, toIsoDate, toIsoInstant } from '../point-in-time';
import type { TableLabelSpec } from '../mapping/mapping-schema';
import { canonicalValue, type PlannedFeature, type PlannedFilter, type SourceGroup } from './extraction-plan';

export interface ReferralContext {
  readonly referralId: string;
  readonly childId: string;
  readonly familyId: string | null;
  /** 'YYYY-MM-DD HH:MM:SS' */
  readonly receivedAt: string;
  readonly referralDate: string;
  /** The child's birth date (from the birth column or the CPR number), or null when not (yet) known. */
  readonly birthDate: string | null;
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

const DAYS_PER_YEAR = 365.25;

function roundAge(years: number, decimals: number | undefined, max: number | undefined): number {
  const capped = max === undefined ? years : Math.min(max, years);
  if (decimals === undefined) return capped;
  const factor = 10 ** decimals;
  return Math.round(capped * factor) / factor;
}

export function passes(filter: PlannedFilter, raw: unknown): boolean {
  const value = canonicalValue(raw);
  switch (filter.test.kind) {
    case 'in':
      return value !== null && filter.test.values.has(value);
    case 'notEquals':
      return value !== filter.test.value;
    case 'isNull':
      return (value === null || value === '') === filter.test.isNull;
  }
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
  const upTo = (toDays: number) => (toDays === 0 ? (instant ? ctx.receivedAt : ctx.referralDate) : addDays(ctx.referralDate, toDays));
  if (window && 'activeAtReferral' in window) {
    return { before: upTo(0), from: null, endAfter: group.end!.type === 'datetime' ? ctx.receivedAt : ctx.referralDate };
  }
  return {
    before: upTo(window?.toDays ?? 0),
    from: window?.fromDays !== undefined ? addDays(ctx.referralDate, window.fromDays) : null,
    endAfter: null,
  };
}

/** Whether a record lies in the feature's window, as of the referral. */
function inWindow(bounds: WindowBounds | null, row: RecordRow): boolean {
  if (bounds === null) return true;
  if (row.date === null) return false; // when it happened is unknown: it cannot be shown to precede the referral
  if (!(row.date < bounds.before)) return false;
  if (bounds.from !== null && row.date.slice(0, 10) < bounds.from) return false;
  if (bounds.endAfter !== null && row.end !== null && !(row.end > bounds.endAfter)) return false;
  return true;
}

/** The records of the feature's subject that count for this referral (window and filters applied). */
export function countedRecords(feature: PlannedFeature, input: EvaluationInput): RecordRow[] {
  const { ctx } = input;
  const group = feature.group!;
  const keys =
    feature.subject === 'referral' ? [ctx.referralId]
    : feature.subject === 'child' ? [ctx.childId]
    : feature.subject === 'family' ? (ctx.familyId === null ? [] : [ctx.familyId])
    : input.siblings;
  const bounds = windowBounds(feature, group, ctx);
  const counted: RecordRow[] = [];
  for (const key of keys) {
    for (const row of input.rowsByKey?.get(key) ?? []) {
      if (!inWindow(bounds, row)) continue;
      if (!feature.filters.every((f) => passes(f, row.values[f.column]))) continue;
      counted.push(row);
    }
  }
  return counted;
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
): { value: number | null; provenance: FeatureProvenance | null } {
  const { ctx } = input;
  const aggregate = feature.aggregate;

  if (aggregate.fn === 'age-at-referral' || aggregate.fn === 'unborn') {
    const unborn = ctx.birthDate === null || ctx.birthDate > ctx.referralDate;
    const value =
      aggregate.fn === 'unborn' ? (unborn ? 1 : 0)
      : unborn ? aggregate.unbornValue
      : roundAge(daysBetween(ctx.birthDate!, ctx.referralDate) / DAYS_PER_YEAR, aggregate.decimals, aggregate.max);
    return {
      value,
      provenance: withProvenance
        ? {
            feature: feature.name,
            value,
            table: input.childTable,
            tableLabel: input.childTableLabel,
            subject: 'child',
            rule: unborn ? 'not born on the referral date' : `age on the referral date ${ctx.referralDate}`,
            records: [{ table: input.childTable, id: ctx.childId, date: ctx.birthDate, values: { birthDate: ctx.birthDate } }],
          }
        : null,
    };
  }

  const group = feature.group!;
  const counted = countedRecords(feature, input);

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
        const matching = rows.filter((d) => plan.filters.every((f) => passes(f, d[`d${plan.columns.indexOf(f.column)}`])));
        value = matching.length;
        detailValues = { detailTable: plan.table, detailRows: rows.length, matchingDetailRows: matching.length };
      } else {
        const raw = latest.values[feature.valueColumn!.alias];
        value = raw === null || raw === undefined ? (feature.spec.default ?? null) : Number(typeof raw === 'boolean' ? +raw : raw);
        if (value !== null && !Number.isFinite(value)) value = null;
      }
      break;
    }
    case 'age-at-child-birth': {
      let best: { row: RecordRow; age: number } | null = null;
      if (ctx.birthDate !== null) {
        for (const row of counted) {
          const raw = row.values[feature.valueColumn!.alias];
          const born = aggregate.format === 'cpr' ? birthDateFromCpr(raw) : toIsoDate(raw);
          if (born === null) continue;
          const age = daysBetween(born, ctx.birthDate) / DAYS_PER_YEAR;
          if (best === null || (aggregate.pick === 'youngest' ? age < best.age : age > best.age)) best = { row, age };
        }
      }
      shown = best ? [best.row] : [];
      value = best ? roundAge(best.age, aggregate.decimals, aggregate.max) : (feature.spec.default ?? null);
      break;
    }
  }

  if (!withProvenance) return { value, provenance: null };
  const columnName = new Map(group.columns.map((c) => [c.alias, c.column]));
  const readAliases = new Set([...feature.filters.map((f) => f.column), ...(feature.valueColumn ? [feature.valueColumn.alias] : [])]);
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

function describeRule(feature: PlannedFeature, ctx: ReferralContext, counted: number): string {
  const window = feature.spec.window;
  const asOf = feature.group?.date?.type === 'datetime' ? ctx.receivedAt : ctx.referralDate;
  const span =
    feature.subject === 'referral' ? 'the referral itself'
    : !feature.group?.date ? 'undated (standing) records'
    : window && 'activeAtReferral' in window ? `running on ${ctx.referralDate}`
    : `before ${window?.toDays ? addDays(ctx.referralDate, window.toDays) : asOf}${window?.fromDays !== undefined ? `, from ${addDays(ctx.referralDate, window.fromDays)}` : ''}`;
  return `${feature.aggregate.fn} of ${feature.group?.table} records of the ${feature.subject}, ${span}: ${counted} counted`;
}

/** Normalises a driver's date value for a date or datetime column. */
export function normaliseDate(value: unknown, type: 'date' | 'datetime'): string | null {
  return type === 'date' ? toIsoDate(value) : toIsoInstant(value);
}
