// ORS / CORS (Outcome Rating Scale; Child Outcome Rating Scale): the child's own rating of four areas, each a
// mark on a 10 cm line read to the millimetre as 0.0–10.0, total 0–40 (higher = doing better). Pure.
//
// Licensed (Scott D. Miller / Barry Duncan): the scoring is here, the wording is not. Areas are named
// neutrally (me, family, school, everything). Published values used:
//   - the form by age: CORS for children 6–12, ORS from 13 (Duncan, Sparks, Miller, Bohanske & Claud 2006,
//     "Giving youth a voice", Journal of Brief Therapy 5(2));
//   - clinical cut-offs by age: 32 for the CORS (6–12), 28 for the ORS with adolescents (13–17) (Duncan et al.
//     2006), 25 for adults (Miller, Duncan, Brown, Sparks & Claud 2003, "The Outcome Rating Scale", Journal of
//     Brief Therapy 2(2); Miller & Duncan, The Outcome Rating Scale manual, 2004); a total below the cut-off
//     is in the clinical range;
//   - the reliable change index: 5 points for the ORS (Miller et al. 2003; Miller & Duncan 2004) and 6 points
//     for the CORS (Duncan et al. 2006). The table below is the one place these numbers live; a municipality
//     whose licensed manual gives other values changes them here.
//   - no prorating is published: a form with an unmarked line has no total.

export const ORS_AREAS = ['me', 'family', 'school', 'everything'] as const;
export type OrsArea = (typeof ORS_AREAS)[number];

export type OrsForm = 'CORS' | 'ORS';
export type OrsNorm = 'child' | 'adolescent' | 'adult';

export interface OrsNormValues {
  readonly form: OrsForm;
  readonly minAge: number;
  readonly maxAge: number | null;
  readonly clinicalCutoff: number;
  readonly reliableChange: number;
}

export const ORS_NORMS: Readonly<Record<OrsNorm, OrsNormValues>> = {
  child: { form: 'CORS', minAge: 6, maxAge: 12, clinicalCutoff: 32, reliableChange: 6 },
  adolescent: { form: 'ORS', minAge: 13, maxAge: 17, clinicalCutoff: 28, reliableChange: 5 },
  adult: { form: 'ORS', minAge: 18, maxAge: null, clinicalCutoff: 25, reliableChange: 5 },
};

export const ORS_ITEM_MIN = 0;
export const ORS_ITEM_MAX = 10;

/** The norm (form, cut-off, reliable change) for an age in whole years; null under 6 (no CORS norm). */
export function orsNormForAge(ageYears: number): OrsNorm | null {
  if (ageYears < ORS_NORMS.child.minAge) return null;
  if (ageYears <= ORS_NORMS.child.maxAge!) return 'child';
  if (ageYears <= ORS_NORMS.adolescent.maxAge!) return 'adolescent';
  return 'adult';
}

export interface OrsResponses {
  readonly items: Partial<Record<OrsArea, number | null>>;
}

export interface OrsScores {
  readonly items: Readonly<Record<OrsArea, number | null>>;
  /** Sum of the four items, to one decimal; null if a line was not marked. */
  readonly total: number | null;
  readonly norm: OrsNorm | null;
  readonly form: OrsForm | null;
  readonly clinicalCutoff: number | null;
  /** Below the age's clinical cut-off; null when there is no total or no norm. */
  readonly clinicalRange: boolean | null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function isOrsItemValue(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= ORS_ITEM_MIN && v <= ORS_ITEM_MAX && Math.abs(v * 10 - Math.round(v * 10)) < 1e-9;
}

export function scoreOrs(responses: OrsResponses, ageYears: number): OrsScores {
  const items = Object.fromEntries(
    ORS_AREAS.map((a) => {
      const v = responses.items[a];
      if (v !== null && v !== undefined && !isOrsItemValue(v)) throw new RangeError(`ORS item ${a}: 0–10 in steps of 0.1`);
      return [a, v ?? null];
    }),
  ) as Record<OrsArea, number | null>;
  const values = ORS_AREAS.map((a) => items[a]);
  const total = values.some((v) => v === null) ? null : round1((values as number[]).reduce((x, y) => x + y, 0));
  const norm = orsNormForAge(ageYears);
  const cutoff = norm === null ? null : ORS_NORMS[norm].clinicalCutoff;
  return {
    items,
    total,
    norm,
    form: norm === null ? null : ORS_NORMS[norm].form,
    clinicalCutoff: cutoff,
    clinicalRange: total === null || cutoff === null ? null : total < cutoff,
  };
}

/** The reliable change threshold for a change measured at `norm` (the later of the two measurements). */
export function orsReliableChange(norm: OrsNorm | null): number | null {
  return norm === null ? null : ORS_NORMS[norm].reliableChange;
}
