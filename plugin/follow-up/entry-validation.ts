// Entry of measurements, goals and schedules: every value checked against its instrument's range, field by
// field. A form or JSON body either passes whole and becomes records to store, or is refused with each field's
// problem; a refused entry stores nothing, and nothing already stored is touched. Pure: raw input in (form
// strings or JSON numbers), records or problems out; the clock's date is passed in.
import type { NewMeasurement, Respondent } from './follow-up-records';
import { isTimesPerYear } from './follow-up-schedule';
import { GAS_MAX, GAS_MIN, isGasScore } from './instruments/gas-scoring';
import { isOrsItemValue, ORS_AREAS } from './instruments/ors-scoring';
import { SDQ_IMPACT_ITEMS, SDQ_ITEM_COUNT, type SdqImpactItem } from './instruments/sdq-scoring';
import { isWellbeingRating, DEFAULT_WELLBEING_AREAS, type WellbeingRulerConfig } from './instruments/wellbeing-ruler';

export type EntryKind = 'cors' | 'ruler' | 'sdq' | 'goals' | 'schedule';
export const ENTRY_KINDS: readonly EntryKind[] = ['cors', 'ruler', 'sdq', 'goals', 'schedule'];

export type FieldProblem = 'required' | 'range' | 'format' | 'future' | 'too-early' | 'too-long' | 'none-given' | 'not-answered';

export interface FieldError {
  readonly field: string;
  readonly problem: FieldProblem;
  /** What is allowed, for people (e.g. "0–10", "0, 1 or 2"). */
  readonly allowed?: string;
}

export type EntryResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

export type RawInput = Readonly<Record<string, unknown>>;

export interface EntryContext {
  readonly childId: string;
  readonly userId: string;
  readonly today: string;
  readonly ruler: WellbeingRulerConfig;
}

const EARLIEST = '2000-01-01';

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** A number from a form string ("6,5" or "6.5") or a JSON number; NaN when it is not one. */
function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return Number.NaN;
  const text = v.trim().replace(',', '.').replace('\u2212', '-');
  return /^[-+]?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

function checkDate(raw: RawInput, field: string, ctx: EntryContext, errors: FieldError[]): string {
  const v = raw[field];
  if (blank(v)) {
    errors.push({ field, problem: 'required' });
    return '';
  }
  const text = String(v).trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`)) || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text) {
    errors.push({ field, problem: 'format', allowed: 'YYYY-MM-DD' });
    return '';
  }
  if (text > ctx.today) errors.push({ field, problem: 'future' });
  else if (text < EARLIEST) errors.push({ field, problem: 'too-early' });
  return text;
}

function checkWhole(raw: RawInput, field: string, min: number, max: number, errors: FieldError[], required: boolean): number | null {
  const v = raw[field];
  if (blank(v)) {
    if (required) errors.push({ field, problem: 'required', allowed: `${min}–${max}` });
    return null;
  }
  const n = numberOf(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    errors.push({ field, problem: 'range', allowed: `${min}–${max}` });
    return null;
  }
  return n;
}

function result<T>(errors: FieldError[], value: () => T): EntryResult<T> {
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: value() };
}

/**
 * ORS/CORS: four lines, 0–10 (to a tenth when read off a paper line). A line left unanswered is "not answered",
 * never a default value: the form says so and saves only when the child chooses to save without it
 * (`confirmUnanswered`); then that line is stored as not answered and the form has no total (no prorating is
 * published). At least one line must be answered.
 */
export function validateOrsEntry(raw: RawInput, ctx: EntryContext): EntryResult<NewMeasurement[]> {
  const errors: FieldError[] = [];
  const measuredOn = checkDate(raw, 'measuredOn', ctx, errors);
  const confirmed = raw.confirmUnanswered === true || raw.confirmUnanswered === '1' || raw.confirmUnanswered === 'true';
  const items: Record<string, number | null> = {};
  const unanswered: string[] = [];
  for (const area of ORS_AREAS) {
    const v = raw[area];
    if (blank(v)) {
      unanswered.push(area);
      items[area] = null;
      continue;
    }
    const n = numberOf(v);
    if (!isOrsItemValue(n)) errors.push({ field: area, problem: 'range', allowed: '0–10' });
    else items[area] = n;
  }
  if (unanswered.length === ORS_AREAS.length) errors.push({ field: 'lines', problem: 'none-given' });
  else if (!confirmed) for (const area of unanswered) errors.push({ field: area, problem: 'not-answered', allowed: '0–10' });
  return result(errors, () => [{ childId: ctx.childId, measuredOn, instrument: 'ORS' as const, respondent: 'child' as const, enteredBy: ctx.userId, values: { items } }]);
}

/** Trivselslineal: one whole number per area in the configured range; blank areas are not rated; at least one. */
export function validateRulerEntry(raw: RawInput, ctx: EntryContext): EntryResult<NewMeasurement[]> {
  const errors: FieldError[] = [];
  const measuredOn = checkDate(raw, 'measuredOn', ctx, errors);
  const areas = ctx.ruler.areas ?? DEFAULT_WELLBEING_AREAS;
  const rated: Array<{ area: string; value: number }> = [];
  for (const a of areas) {
    const field = `area_${a.code}`;
    const v = raw[field];
    if (blank(v)) continue;
    const n = numberOf(v);
    if (!isWellbeingRating(ctx.ruler, n)) errors.push({ field, problem: 'range', allowed: `${ctx.ruler.min}–${ctx.ruler.max}` });
    else rated.push({ area: a.code, value: n });
  }
  if (rated.length === 0 && !errors.some((e) => e.field.startsWith('area_'))) errors.push({ field: 'areas', problem: 'none-given' });
  return result(errors, () => rated.map((r) => ({ childId: ctx.childId, measuredOn, instrument: 'TRIVSELSLINEAL' as const, respondent: 'caseworker' as const, area: r.area, enteredBy: ctx.userId, values: { value: r.value } })));
}

const SDQ_RESPONDENTS: readonly Respondent[] = ['parent', 'teacher', 'child'];

/**
 * SDQ item responses as ticked (0, 1, 2 for items 1–25; blank = not answered, which the scoring prorates),
 * and the impact supplement (0–3 each) where filled in. At least one item must be answered.
 */
export function validateSdqEntry(raw: RawInput, ctx: EntryContext): EntryResult<NewMeasurement[]> {
  const errors: FieldError[] = [];
  const measuredOn = checkDate(raw, 'measuredOn', ctx, errors);
  const respondent = String(raw.respondent ?? '');
  if (!SDQ_RESPONDENTS.includes(respondent as Respondent)) errors.push({ field: 'respondent', problem: blank(raw.respondent) ? 'required' : 'range', allowed: 'parent, teacher, child' });
  const items: Array<number | null> = [];
  for (let i = 1; i <= SDQ_ITEM_COUNT; i++) items.push(checkWhole(raw, `item${i}`, 0, 2, errors, false));
  if (items.every((v) => v === null) && !errors.some((e) => e.field.startsWith('item'))) errors.push({ field: 'items', problem: 'none-given' });
  const difficulties = checkWhole(raw, 'impactDifficulties', 0, 3, errors, false);
  const impactItems: Partial<Record<SdqImpactItem, number | null>> = {};
  const informant = respondent === 'child' ? 'self' : respondent === 'teacher' ? 'teacher' : 'parent';
  for (const item of SDQ_IMPACT_ITEMS[informant]) {
    const v = checkWhole(raw, `impact_${item}`, 0, 3, errors, false);
    if (v !== null) impactItems[item] = v;
  }
  const impact = difficulties === null && Object.keys(impactItems).length === 0 ? null : { difficulties, items: impactItems };
  return result(errors, () => [{ childId: ctx.childId, measuredOn, instrument: 'SDQ' as const, respondent: respondent as Respondent, enteredBy: ctx.userId, values: { items, impact } }]);
}

export interface GoalsEntry {
  readonly newGoal: { readonly description: string; readonly weight: number; readonly agreedOn: string } | null;
  readonly ratings: ReadonlyArray<{ readonly goalId: string; readonly score: number }>;
  readonly ratedOn: string;
}

/** A new goal (description, agreed on) and/or attainment scores −2…+2 for the child's existing goals. */
export function validateGoalsEntry(raw: RawInput, ctx: EntryContext, goalIds: readonly string[]): EntryResult<GoalsEntry> {
  const errors: FieldError[] = [];
  const ratings: Array<{ goalId: string; score: number }> = [];
  for (const id of goalIds) {
    const v = raw[`score_${id}`];
    if (blank(v)) continue;
    const n = numberOf(v);
    if (!isGasScore(n)) errors.push({ field: `score_${id}`, problem: 'range', allowed: `${GAS_MIN}–+${GAS_MAX}` });
    else ratings.push({ goalId: id, score: n });
  }
  const ratedOn = ratings.length > 0 || errors.length > 0 ? checkDate(raw, 'ratedOn', ctx, errors) : '';
  let newGoal: GoalsEntry['newGoal'] = null;
  if (!blank(raw.description)) {
    const description = String(raw.description).trim();
    if (description.length > 500) errors.push({ field: 'description', problem: 'too-long', allowed: '500' });
    const agreedOn = checkDate(raw, 'agreedOn', ctx, errors);
    const weight = checkWhole(raw, 'weight', 1, 10, errors, false) ?? 1;
    newGoal = { description, weight, agreedOn };
  }
  if (newGoal === null && ratings.length === 0 && errors.length === 0) errors.push({ field: 'goals', problem: 'none-given' });
  return result(errors, () => ({ newGoal, ratings, ratedOn }));
}

export function validateScheduleEntry(raw: RawInput, ctx: EntryContext): EntryResult<{ timesPerYear: number; startDate: string }> {
  const errors: FieldError[] = [];
  const v = numberOf(raw.timesPerYear);
  if (!isTimesPerYear(v)) errors.push({ field: 'timesPerYear', problem: blank(raw.timesPerYear) ? 'required' : 'range', allowed: '2–4' });
  const startDate = checkDate(raw, 'startDate', { ...ctx, today: '9999-12-31' }, errors);
  return result(errors, () => ({ timesPerYear: v, startDate }));
}
