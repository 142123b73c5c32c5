// Import of results a municipality already holds electronically (SDQ item responses from a licensed service,
// ORS/CORS totals per line), often easier for the caseworker than typing a form. One row per completed form:
//   child_id, instrument (SDQ | ORS), measured_on, respondent, then the same fields as the entry forms
//   (item1 … item25, impactDifficulties, impact_distress …; or me, family, school, everything).
// Every row is validated as an entry is; the file is stored whole or not at all, and each refused field is
// named with its row. Pure: rows in, measurements or problems out.
import type { FieldError } from './entry-validation';
import { validateOrsEntry, validateSdqEntry, type EntryContext } from './entry-validation';
import type { NewMeasurement } from './follow-up-records';
import type { WellbeingRulerConfig } from './instruments/wellbeing-ruler';

export interface ImportProblem extends FieldError {
  /** 1-based data row (the header is row 0). */
  readonly row: number;
}

export type ImportResult = { readonly ok: true; readonly measurements: readonly NewMeasurement[] } | { readonly ok: false; readonly problems: readonly ImportProblem[] };

const CHILD_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

export function importRows(rows: ReadonlyArray<Readonly<Record<string, unknown>>>, context: { userId: string; today: string; ruler: WellbeingRulerConfig }): ImportResult {
  const problems: ImportProblem[] = [];
  const measurements: NewMeasurement[] = [];
  rows.forEach((raw, i) => {
    const row = i + 1;
    const childId = String(raw.child_id ?? '').trim();
    if (!CHILD_ID.test(childId)) {
      problems.push({ row, field: 'child_id', problem: childId === '' ? 'required' : 'format' });
      return;
    }
    const ctx: EntryContext = { childId, userId: context.userId, today: context.today, ruler: context.ruler };
    const fields = { ...raw, measuredOn: raw.measured_on ?? raw.measuredOn };
    const instrument = String(raw.instrument ?? '').trim().toUpperCase();
    const checked = instrument === 'SDQ' ? validateSdqEntry(fields, ctx) : instrument === 'ORS' || instrument === 'CORS' ? validateOrsEntry(fields, ctx) : null;
    if (checked === null) problems.push({ row, field: 'instrument', problem: 'range', allowed: 'SDQ, ORS' });
    else if (!checked.ok) for (const e of checked.errors) problems.push({ ...e, row, field: e.field === 'measuredOn' ? 'measured_on' : e.field });
    else measurements.push(...checked.value);
  });
  if (rows.length === 0) problems.push({ row: 0, field: 'rows', problem: 'none-given' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, measurements };
}
