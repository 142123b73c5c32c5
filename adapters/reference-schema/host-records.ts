// Turns a synthetic population (plugin/synthetic) into the rows of the reference host schema: the same story
// the demo model was trained on, written the way a Danish case system would hold it. Pure: the same
// population and seed give the same rows, and nothing is written here (./seed-database writes them).
//
// Choices that keep the host data and the generator's features in agreement (the adapter test relies on it):
// - Referrals about children of one family on the same day are one report and share the received time.
// - The household's composition and address rows start before the family's first possible referral.
// - The youngest registered parent is born on the generator's parent birth date, so their calendar age at each
//   child's birth (or expected birth, for a referral before it) is the generator's `parent_age_at_birth`.
// - A child not yet born on the extraction date has no CPR number, no name and no birth date: only its
//   expected date of birth (termin_dato), as a real case system holds an unborn child.
// - A case (sag) runs from the referral whose handling started an assessment, measure or placement until the
//   last of them ends; overlapping runs are one case.
// - Decisions dated before 1 January 2024 cite Serviceloven, later ones Barnets Lov; each measure records its
//   law (foranstaltning.lov) beside its § code.
// - Measures and placements under the children's law end by the child's 18th birthday at the latest (help after
//   18 is another law's), so every child in care on the extraction date is under 18. The generator's own end
//   may lie later; the features are unchanged, since every referral comes before the 18th birthday and a
//   measure's start (what siblings' features count) is kept.
// - School absence (skolefravaer): one row per month (July, the summer holiday, left out) in the two years before
//   the extraction date, for a child of school age (6–17) while a measure or placement runs.
import { birthdayAt } from '../../plugin/calendar-age';
import type { SyntheticPopulation } from '../../plugin/synthetic/referral-generator';
import { SeededRandom } from '../../plugin/synthetic/seeded-random';
import { addDays, daysBetween } from '../point-in-time';
import {
  ASSESSMENT_CODE,
  BARNETS_LOV_FROM,
  ICS_DIMENSIONS,
  MOVE_CODES,
  PLACEMENT_CODES,
  PLACEMENT_SITE_CODES,
  PREVENTIVE_CODES,
  REFERRAL_SOURCE_CODES,
  type SourceCode,
  WELLBEING_AREA_CODES,
} from './code-values';

export type Row = Record<string, string | number | boolean | null>;

/** Rows per table, in an order that satisfies the foreign keys. */
export type HostRecords = Record<(typeof TABLE_ORDER)[number], Row[]>;

export const TABLE_ORDER = [
  'familie',
  'person',
  'barn',
  'foraelder_relation',
  'husstand_historik',
  'adresse_historik',
  'sag',
  'underretning',
  'ics_undersoegelse',
  'ics_dimension_vurdering',
  'foranstaltning',
  'anbringelse',
  'trivselslineal_vurdering',
  'skolefravaer',
] as const;

const lawOn = (date: string): 'SEL' | 'BL' => (date < BARNETS_LOV_FROM ? 'SEL' : 'BL');
const pick = <T>(rng: SeededRandom, items: readonly T[]): T => items[rng.int(items.length)]!;

const BOY_NAMES = ['William', 'Noah', 'Oscar', 'Lucas', 'Carl', 'Alfred', 'Malthe', 'Emil', 'Valdemar', 'Elias', 'Aksel', 'Viggo', 'Adam', 'Ali', 'Jonas', 'Mikkel'];
const GIRL_NAMES = ['Alma', 'Ida', 'Clara', 'Ella', 'Freja', 'Agnes', 'Olivia', 'Karla', 'Emma', 'Sofia', 'Nora', 'Asta', 'Ellen', 'Maja', 'Sara', 'Laura'];
const ADULT_NAMES = ['Mette', 'Anne', 'Camilla', 'Louise', 'Maria', 'Line', 'Thomas', 'Martin', 'Søren', 'Jesper', 'Rasmus', 'Henrik', 'Peter', 'Fatima', 'Jens', 'Tina'];
const SURNAMES = ['Nielsen', 'Jensen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen', 'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Poulsen'];
const STREETS = ['Skolegade', 'Vestergade', 'Søndergade', 'Nørregade', 'Østergade', 'Parkvej', 'Engvej', 'Skovvej', 'Møllevej', 'Kirkevej', 'Stationsvej', 'Bakkevej'];
const TOWNS: ReadonlyArray<readonly [string, string]> = [['8000', 'Aarhus C'], ['8200', 'Aarhus N'], ['8210', 'Aarhus V'], ['8220', 'Brabrand'], ['8260', 'Viby J'], ['8270', 'Højbjerg']];
const REASONS: Record<string, readonly string[]> = {
  school: ['Bekymrende fravær og uro i klassen.', 'Barnet fortæller om konflikter derhjemme.', 'Barnet virker træt og sulten i skolen.'],
  daycare: ['Barnet er ofte uhygiejnisk og træt.', 'Forældrene henter uregelmæssigt.', 'Barnet er meget stille og indesluttet.'],
  health: ['Bekymring fra sundhedsplejen ved hjemmebesøg.', 'Misbrug hos gravid mor.', 'Skadestuebesøg med uklar forklaring.'],
  police: ['Politiet tilkaldt til husspektakler.', 'Den unge anholdt for butikstyveri.', 'Vold i hjemmet anmeldt.'],
  family: ['Bedsteforælder bekymret for barnets trivsel.', 'Forælder beder selv om hjælp.'],
  anonymous: ['Anonym henvendelse om råb og skrig fra lejligheden.'],
  social_services: ['Oplysninger fra jobcenteret om familiens situation.', 'Flytning fra anden kommune med åben sag.'],
  child: ['Den unge henvender sig selv og ønsker at tale med nogen.'],
  other: ['Nabo bekymret for børnene i opgangen.', 'Træner i fodboldklubben er bekymret.'],
};

/** A synthetic CPR number: birth date, a century digit consistent with the year, last digit odd for boys. */
function syntheticCpr(rng: SeededRandom, birthDate: string, male: boolean, taken: Set<string>): string {
  const [year, month, day] = birthDate.split('-');
  const y = Number(year);
  for (;;) {
    // 7th digit: 0–3 for 1900–1999; 4–9 cover 2000–2036.
    const century = y < 2000 ? rng.int(4) : 4 + rng.int(6);
    const middle = String(rng.int(100)).padStart(2, '0');
    const last = 2 * rng.int(5) + (male ? 1 : 0);
    const cpr = `${day}${month}${year!.slice(2)}-${century}${middle}${last}`;
    if (!taken.has(cpr)) {
      taken.add(cpr);
      return cpr;
    }
  }
}

interface CaseRun {
  id: number;
  childId: number;
  start: string;
  until: string;
}

export interface HostRecordOptions {
  /** Seed of the host-only details (times, codes, names); the population carries its own seed. */
  readonly seed: number;
  /** The day the host data was extracted: later end dates are unknown (null), later assessments unfinished. */
  readonly extractionDate: string;
}

export function hostRecordsFromPopulation(population: SyntheticPopulation, options: HostRecordOptions): HostRecords {
  const { extractionDate } = options;
  const known = (date: string) => (date <= extractionDate ? date : null);
  const out: HostRecords = Object.fromEntries(TABLE_ORDER.map((t) => [t, [] as Row[]])) as unknown as HostRecords;
  const familyRng = (familyId: number) => new SeededRandom(options.seed + 0x0d0b0, familyId);
  const cprs = new Set<string>();

  const referralsByChild = new Map<number, SyntheticPopulation['referrals'][number][]>();
  for (const r of population.referrals) {
    const list = referralsByChild.get(r.childId) ?? [];
    list.push(r);
    referralsByChild.set(r.childId, list);
  }
  const childrenByFamily = new Map<number, SyntheticPopulation['children'][number][]>();
  for (const c of population.children) {
    const list = childrenByFamily.get(c.familyId) ?? [];
    list.push(c);
    childrenByFamily.set(c.familyId, list);
  }
  const referralById = new Map(population.referrals.map((r) => [r.id, r]));

  let personId = 0;
  let relationId = 0;
  let householdId = 0;
  let addressId = 0;
  const surnameOf = new Map<number, string>();

  for (const family of population.families) {
    const rng = familyRng(family.id);
    const children = childrenByFamily.get(family.id) ?? [];
    const surname = pick(rng, SURNAMES);
    surnameOf.set(family.id, surname);
    const householdStart = family.householdChanges[0]!.date;
    const registered = addDays(householdStart, -365);
    out.familie.push({ familie_id: family.id, oprettet_dato: registered });

    // Parents: the youngest registered parent, and (in most families) an older one.
    const youngest = family.youngestParentBirthDate;
    const mother = ++personId;
    out.person.push(personRow(rng, mother, youngest, false, surname, cprs));
    let father: number | null = null;
    if (rng.bernoulli(0.9)) {
      father = ++personId;
      out.person.push(personRow(rng, father, addDays(youngest, -(30 + rng.int(8 * 365))), true, surname, cprs));
    }

    for (const child of children) {
      const male = child.sex === 'male';
      const born = child.birthDate <= extractionDate;
      out.barn.push({
        barn_id: child.id,
        familie_id: family.id,
        cpr_nr: born ? syntheticCpr(rng, child.birthDate, male, cprs) : null,
        fornavn: born ? pick(rng, male ? BOY_NAMES : GIRL_NAMES) : null,
        efternavn: surname,
        foedselsdato: born ? child.birthDate : null,
        termin_dato: child.expectedBirthDate,
        koen: male ? 'M' : 'K',
      });
      const parents = [
        [mother, 'MOR'] as const,
        ...(father === null ? [] : [[father, 'FAR'] as const]),
      ];
      for (const [parent, role] of parents) {
        out.foraelder_relation.push({ relation_id: ++relationId, barn_id: child.id, person_id: parent, relation_kode: role, foraeldremyndighed: true });
      }
    }

    family.householdChanges.forEach((change, k) => {
      out.husstand_historik.push({
        husstand_id: ++householdId,
        familie_id: family.id,
        gyldig_fra: k === 0 ? registered : change.date,
        antal_voksne: change.singleParent ? 1 : 2,
        enlig_forsoerger: change.singleParent,
      });
    });

    const addressStarts = [
      { date: addDays(registered, -rng.int(2000)), code: MOVE_CODES.intoMunicipality },
      ...family.moves.map((date) => ({ date, code: MOVE_CODES.move })),
    ];
    addressStarts.forEach((a, k) => {
      const [postcode, town] = pick(rng, TOWNS);
      out.adresse_historik.push({
        adresse_id: ++addressId,
        familie_id: family.id,
        gyldig_fra: a.date,
        gyldig_til: addressStarts[k + 1]?.date ?? null,
        flytte_kode: a.code,
        vejnavn: pick(rng, STREETS),
        husnummer: String(1 + rng.int(120)),
        postnummer: postcode,
        bynavn: town,
      });
    });
  }

  // Cases: one run per assessment, measure or placement, from the referral that started it; overlaps merge.
  const runsByChild = new Map<number, Array<{ start: string; until: string }>>();
  const addRun = (childId: number, start: string, until: string) => {
    const list = runsByChild.get(childId) ?? [];
    list.push({ start, until });
    runsByChild.set(childId, list);
  };
  for (const a of population.assessments) addRun(a.childId, a.started, a.completed);
  for (const m of population.measures) addRun(m.childId, referralById.get(m.referralId)!.date, m.end);
  const cases: CaseRun[] = [];
  const casesByChild = new Map<number, CaseRun[]>();
  for (const [childId, runs] of [...runsByChild].sort((a, b) => a[0] - b[0])) {
    runs.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const merged: CaseRun[] = [];
    for (const run of runs) {
      const last = merged[merged.length - 1];
      if (last && run.start < last.until) {
        if (run.until > last.until) last.until = run.until;
      } else {
        merged.push({ id: 0, childId, start: run.start, until: run.until });
      }
    }
    for (const c of merged) {
      c.id = cases.length + 1;
      cases.push(c);
    }
    casesByChild.set(childId, merged);
  }
  const caseAt = (childId: number, date: string): number | null =>
    casesByChild.get(childId)?.find((c) => c.start <= date && date < c.until)?.id ?? null;
  for (const c of cases) {
    out.sag.push({
      sag_id: c.id,
      barn_id: c.childId,
      sagsnummer: `${c.start.slice(0, 4)}-${String(c.id).padStart(6, '0')}`,
      oprettet_dato: c.start,
      afsluttet_dato: c.until <= extractionDate ? c.until : null,
    });
  }

  // Referrals: one received time per family and day (a report about several siblings is one report).
  const timeOf = new Map<string, string>();
  for (const r of population.referrals) {
    const rng = new SeededRandom(options.seed + 0x7e1e, r.id);
    const key = `${r.familyId}/${r.date}`;
    let time = timeOf.get(key);
    if (time === undefined) {
      time = `${String(7 + rng.int(11)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}`;
      timeOf.set(key, time);
    }
    const codes: readonly SourceCode[] = REFERRAL_SOURCE_CODES[r.source];
    const code = codes.length === 1 || rng.bernoulli(0.8) ? codes[0]!.code : pick(rng, codes.slice(1)).code;
    out.underretning.push({
      underretning_id: r.id,
      barn_id: r.childId,
      modtaget_tid: `${r.date} ${time}`,
      kilde_kode: code,
      alvorlighed: r.features.severity,
      aarsag_tekst: pick(rng, REASONS[r.source]!),
      sag_id: caseAt(r.childId, r.date),
    });
  }

  let dimensionId = 0;
  for (const a of population.assessments) {
    const rng = new SeededRandom(options.seed + 0x1c5, a.id);
    const completed = known(a.completed);
    out.ics_undersoegelse.push({
      undersoegelse_id: a.id,
      barn_id: a.childId,
      sag_id: caseAt(a.childId, a.started),
      underretning_id: a.referralId,
      paragraf_kode: ASSESSMENT_CODE[lawOn(a.started)],
      startet_dato: a.started,
      afsluttet_dato: completed,
    });
    if (completed === null) continue; // an unfinished assessment has no dimension ratings yet
    const childDimensions = ICS_DIMENSIONS.filter((d) => d.side === 'BARNETS_UDVIKLING');
    const flagged = new Set<number>();
    while (flagged.size < a.concernsFlagged) flagged.add(rng.int(childDimensions.length));
    for (const d of ICS_DIMENSIONS) {
      const index = childDimensions.indexOf(d);
      const concern = index >= 0 ? flagged.has(index) : rng.bernoulli(0.1 + 0.06 * a.concernsFlagged);
      out.ics_dimension_vurdering.push({
        vurdering_id: ++dimensionId,
        undersoegelse_id: a.id,
        dimension_kode: d.code,
        bekymring: concern,
        vurdering_tekst: concern ? 'Bekymring beskrevet i undersøgelsen.' : null,
      });
    }
  }

  let placementId = 0;
  let wellbeingId = 0;
  const birthOf = new Map(population.children.map((c) => [c.id, c.birthDate]));
  const helpRuns = new Map<number, Array<{ start: string; end: string }>>();
  for (const generated of population.measures) {
    const rng = new SeededRandom(options.seed + 0xf02, generated.id);
    const adult = birthdayAt(birthOf.get(generated.childId)!, 18);
    // Help under the children's law ends by the 18th birthday. One the generator starts on or after it is kept
    // (siblings' histories count it) but ends the day it begins, so it never makes an adult a child in care.
    const m = generated.end > adult ? { ...generated, end: generated.start >= adult ? generated.start : adult } : generated;
    helpRuns.set(m.childId, [...(helpRuns.get(m.childId) ?? []), { start: m.start, end: m.end }]);
    const referralDate = referralById.get(m.referralId)!.date;
    const decided = m.kind === 'preventive' ? m.start : addDays(referralDate, 1 + rng.int(Math.min(7, daysBetween(referralDate, m.start))));
    const law = lawOn(decided);
    const code =
      m.kind === 'preventive'
        ? pick(rng, PREVENTIVE_CODES[law])
        : rng.bernoulli(0.8)
          ? PLACEMENT_CODES[law].consent
          : PLACEMENT_CODES[law].withoutConsent;
    const caseId = caseAt(m.childId, referralDate);
    out.foranstaltning.push({
      foranstaltning_id: m.id,
      sag_id: caseId,
      paragraf_kode: code,
      afgoerelse_dato: decided,
      start_dato: m.start,
      slut_dato: known(m.end),
      lov: law,
    });
    if (m.kind === 'placement') {
      out.anbringelse.push({
        anbringelse_id: ++placementId,
        foranstaltning_id: m.id,
        barn_id: m.childId,
        anbringelsessted_kode: pick(rng, PLACEMENT_SITE_CODES),
        start_dato: m.start,
        slut_dato: known(m.end),
      });
    }
    // A few Trivselslineale ratings while the measure runs (for the follow-up report).
    let level = 3 + rng.int(4);
    for (let date = addDays(m.start, 30), n = 0; n < 3 && date < m.end && date <= extractionDate; n++, date = addDays(date, 150 + rng.int(60))) {
      for (const area of WELLBEING_AREA_CODES) {
        if (!rng.bernoulli(0.7)) continue;
        out.trivselslineal_vurdering.push({
          trivsel_id: ++wellbeingId,
          barn_id: m.childId,
          sag_id: caseId,
          vurderings_dato: date,
          omraade_kode: area,
          vaerdi: Math.max(1, Math.min(10, level + rng.int(3) - 1)),
          bekymringer_tekst: null,
          ressourcer_tekst: null,
        });
      }
      level = Math.min(10, level + rng.int(2));
    }
  }

  // School absence: monthly, in the two years before extraction, for a child of school age while helped.
  let absenceId = 0;
  const firstMonth = firstOfMonth(addMonthsIso(extractionDate, -24));
  for (const [childId, runs] of [...helpRuns].sort((a, b) => a[0] - b[0])) {
    const birth = birthOf.get(childId)!;
    const schoolFrom = birthdayAt(birth, 6);
    const schoolUntil = birthdayAt(birth, 18);
    const rng = new SeededRandom(options.seed + 0xab5e, childId);
    let level = 2 + rng.int(14); // the child's usual absence, 2–15 %
    for (let from = firstMonth; ; from = addMonthsIso(from, 1)) {
      const to = addDays(addMonthsIso(from, 1), -1);
      if (to > extractionDate) break;
      if (from.slice(5, 7) === '07' || to < schoolFrom || from >= schoolUntil) continue;
      if (!runs.some((r) => r.start <= to && from < r.end)) continue;
      level = Math.max(0, Math.min(60, level + rng.int(5) - 2));
      out.skolefravaer.push({
        fravaer_id: ++absenceId,
        barn_id: childId,
        periode_start: from,
        periode_slut: to,
        fravaer_pct: Math.round(10 * Math.max(0, level + rng.between(-2, 2))) / 10,
      });
    }
  }
  return out;
}

const firstOfMonth = (date: string) => `${date.slice(0, 8)}01`;
function addMonthsIso(date: string, months: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + months;
  const last = new Date(Date.UTC(Math.floor(total / 12), (total % 12) + 1, 0)).getUTCDate();
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-${String(Math.min(Number(date.slice(8, 10)), last)).padStart(2, '0')}`;
}

function personRow(rng: SeededRandom, id: number, birthDate: string, male: boolean, surname: string, cprs: Set<string>): Row {
  return {
    person_id: id,
    cpr_nr: syntheticCpr(rng, birthDate, male, cprs),
    fornavn: pick(rng, ADULT_NAMES),
    efternavn: surname,
    foedselsdato: birthDate,
    statsborgerskab: rng.bernoulli(0.9) ? 'DK' : pick(rng, ['SE', 'DE', 'PL', 'TR', 'SY', 'SO']),
  };
}
