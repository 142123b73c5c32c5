// `mapping check`'s dry run of the follow-up report's part: reads the children in care on a day through the
// mapping, as the report would, and counts what each part found and what the report could not place: ruler
// areas and values the municipality's ruler does not know, § codes in neither law's code list, places of care
// the report cannot name, absence outside 0–100 %, and children in care aged 18 or over. Counts and codes
// only: no name or other personal data is printed.
import type { Knex } from 'knex';
import type { FieldMapping } from '../mapping/mapping-schema';
import { createHostFollowUpSource } from './host-follow-up-source';

export const PLACE_KINDS = ['PLEJEFAMILIE', 'NETVAERKSPLEJE', 'DOEGNINSTITUTION', 'OPHOLDSSTED', 'EGET_VAERELSE'] as const;

export interface RulerForDryRun {
  readonly min: number;
  readonly max: number;
  readonly areas?: ReadonlyArray<{ readonly code: string }>;
}

export interface FollowUpDryRun {
  /** The day the children in care are counted on. */
  readonly day: string;
  readonly childrenInCare: number;
  readonly aged18OrOver: number;
  readonly childrenRead: number;
  readonly withRatings: number;
  readonly ratings: number;
  readonly ratingAreasUnknown: readonly string[];
  readonly ratingValuesOutsideRuler: number;
  readonly measureChanges: number;
  readonly measuresByLaw: { readonly BL: number; readonly SEL: number; readonly none: number };
  readonly measureCodesWithoutLaw: readonly string[];
  readonly placeKindsUnknown: readonly string[];
  readonly withAbsence: number | null;
  readonly absenceOutsideRange: number;
  readonly withCaseNumber: number | null;
  readonly slowestReadMs: number;
}

const ageOn = (birth: string, day: string) => {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
};

export async function dryRunFollowUp(db: Knex, mapping: FieldMapping, day: string, ruler: RulerForDryRun, limit: number): Promise<FollowUpDryRun> {
  const host = createHostFollowUpSource(db, mapping);
  const inCare = await host.childrenInCare(day);
  const knownAreas = ruler.areas ? new Set(ruler.areas.map((a) => a.code)) : null;
  const unknownAreas = new Set<string>();
  const withoutLaw = new Set<string>();
  const unknownPlaces = new Set<string>();
  const laws = { BL: 0, SEL: 0, none: 0 };
  let withRatings = 0;
  let ratings = 0;
  let outsideRuler = 0;
  let measureChanges = 0;
  let withAbsence = 0;
  let absenceOutside = 0;
  let withCase = 0;
  let slowest = 0;
  const sample = inCare.slice(0, limit);
  for (const child of sample) {
    const started = performance.now();
    const data = await host.read(child.childId);
    slowest = Math.max(slowest, performance.now() - started);
    if (!data) continue;
    if (data.rulerRatings.length > 0) withRatings += 1;
    ratings += data.rulerRatings.length;
    for (const r of data.rulerRatings) {
      if (r.instrument !== 'TRIVSELSLINEAL') continue;
      if (knownAreas && !knownAreas.has(r.area)) unknownAreas.add(r.area);
      const v = r.values.value;
      if (!Number.isInteger(v) || v < ruler.min || v > ruler.max) outsideRuler += 1;
    }
    for (const c of data.measureChanges) {
      if (c.kind === 'measure-started') {
        measureChanges += 1;
        if (c.law === 'BL' || c.law === 'SEL') laws[c.law] += 1;
        else {
          laws.none += 1;
          withoutLaw.add(c.label);
        }
      } else if (c.kind === 'placement-started' && !(PLACE_KINDS as readonly string[]).includes(c.label)) unknownPlaces.add(c.label);
    }
    if (data.absence && data.absence.length > 0) withAbsence += 1;
    absenceOutside += (data.absence ?? []).filter((a) => !(a.percent >= 0 && a.percent <= 100)).length;
    if ((data.caseNumbers ?? []).length > 0) withCase += 1;
  }
  const sorted = (set: Set<string>) => [...set].sort().slice(0, 20);
  return {
    day,
    childrenInCare: inCare.length,
    aged18OrOver: inCare.filter((c) => c.birthDate !== null && ageOn(c.birthDate, day) >= 18).length,
    childrenRead: sample.length,
    withRatings,
    ratings,
    ratingAreasUnknown: sorted(unknownAreas),
    ratingValuesOutsideRuler: outsideRuler,
    measureChanges,
    measuresByLaw: laws,
    measureCodesWithoutLaw: sorted(withoutLaw),
    placeKindsUnknown: sorted(unknownPlaces),
    withAbsence: mapping.followUp?.schoolAbsence ? withAbsence : null,
    absenceOutsideRange: absenceOutside,
    withCaseNumber: mapping.followUp?.caseFile ? withCase : null,
    slowestReadMs: Math.round(slowest * 100) / 100,
  };
}
