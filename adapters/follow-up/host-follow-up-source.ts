// What the follow-up report reads from the host (read-only), through the municipality's field mapping (its
// `followUp` part, with `child` and `referral` from the panel's part): the child, the children in care and
// their placements, the Trivselslineal ratings the host holds, referrals, measures with their § code and the law
// they were granted under (see measureLawReader),
// school absence where the host has it, and the case number. No table, column or code value is fixed here:
// every name comes from a mapping the validator has accepted (plain identifiers, no protected attribute), and
// host code values are translated through the mapping's code lists. Ids are strings end to end: a child id is
// bound as the text it is, never turned into a number (a 20-digit id keeps every digit).
import type { Knex } from 'knex';
import { BeslutningsstotteError } from '../../plugin/errors';
import { BARNETS_LOV_IN_FORCE, type HostFollowUpData, type HostFollowUpSource, type HostMeasureChange, type Measurement, type MeasureLaw } from '../../plugin/follow-up/follow-up-records';
import { qualifiedTable } from '../extraction/extraction-plan';
import type { FieldMapping, FollowUpMappingSpec, JoinSpec } from '../mapping/mapping-schema';
import { birthDateFromCpr, toIsoDate } from '../point-in-time';

/** The mapping's follow-up part, or FOLLOW_UP_NOT_MAPPED when the mapping has none. */
export function followUpPartOf(mapping: FieldMapping, file = 'the field mapping'): FollowUpMappingSpec {
  if (!mapping.followUp) throw new BeslutningsstotteError('FOLLOW_UP_NOT_MAPPED', { file });
  return mapping.followUp;
}

/** Host code value → the product's code, from a translation by code list (none: the value is the code). */
function translator(mapping: FieldMapping, translation: Readonly<Record<string, string>> | undefined): (value: unknown) => string {
  if (!translation) return (value) => String(value);
  const byHostValue = new Map<string, string>();
  for (const [code, list] of Object.entries(translation)) {
    for (const value of mapping.codeLists?.[list]?.codes ?? []) byHostValue.set(String(value), code);
  }
  return (value) => byHostValue.get(String(value)) ?? String(value);
}


const codesOf = (mapping: FieldMapping, list: string) => new Set((mapping.codeLists?.[list]?.codes ?? []).map(String));

/**
 * The law a measure row was granted under, as the mapping says, in this order: the law the host recorded on
 * the measure (law.column), read through the mapping's two code lists, where a value neither list holds is an
 * unknown law (null), never read any other way; where the row records none, the § code in the laws' code
 * lists; and only for a host that records no law (law.byGrantDate), the grant date: before 1 January 2024
 * Serviceloven, from then Barnets Lov. Otherwise unknown (null): never a guess the mapping did not declare.
 */
export function measureLawReader(mapping: FieldMapping, fu: FollowUpMappingSpec): (row: Record<string, unknown>) => MeasureLaw | null {
  const m = fu.measures;
  const recorded = m.law?.column !== undefined && m.law.barnetsLov !== undefined && m.law.serviceloven !== undefined ? { bl: codesOf(mapping, m.law.barnetsLov), sel: codesOf(mapping, m.law.serviceloven) } : null;
  const bl = m.laws ? codesOf(mapping, m.laws.barnetsLov) : new Set<string>();
  const sel = m.laws ? codesOf(mapping, m.laws.serviceloven) : new Set<string>();
  const byDate = m.law?.byGrantDate !== undefined;
  return (row) => {
    if (recorded !== null && row.law !== null && row.law !== undefined && String(row.law).trim() !== '') {
      // The host recorded a law: its value decides, and a value neither list holds is unknown.
      const value = String(row.law);
      return recorded.bl.has(value) ? 'BL' : recorded.sel.has(value) ? 'SEL' : null;
    }
    const code = String(row.code);
    if (bl.has(code)) return 'BL';
    if (sel.has(code)) return 'SEL';
    if (!byDate) return null;
    const granted = toIsoDate(row.granted);
    return granted === null ? null : granted < BARNETS_LOV_IN_FORCE ? 'SEL' : 'BL';
  };
}

/** Reads the child's birth date as the mapping says (a date column, or the CPR number read for the date alone). */
export function birthDateOf(mapping: FieldMapping, value: unknown): string | null {
  return mapping.child.birth.format === 'cpr' ? birthDateFromCpr(value) : toIsoDate(value);
}

export function createHostFollowUpSource(db: Knex, mapping: FieldMapping): HostFollowUpSource {
  const fu = followUpPartOf(mapping);
  const t = (table: string) => qualifiedTable(mapping, table);
  const { child, referral } = mapping;
  const siteKind = translator(mapping, fu.placements.siteKinds);
  const area = translator(mapping, fu.wellbeingRatings?.areas);
  const lawOf = measureLawReader(mapping, fu);
  const placementCodes = fu.measures.placementCodes === undefined ? null : codesOf(mapping, fu.measures.placementCodes);

  const measuresQuery = (childId: string) => {
    const m = fu.measures;
    // The measures table is known by its own name, so `table.column` refs read as the mapping writes them.
    const columnOf = (ref: string) => (ref.includes('.') ? ref : `${m.table}.${ref}`);
    let q = db({ [m.table]: t(m.table) });
    const joined = (join: JoinSpec) => ({ [join.table]: t(join.table) });
    for (const join of m.joins ?? []) {
      const on: [string, string] = [columnOf(join.on.from), `${join.table}.${join.on.to}`];
      q = join.kind === 'left' ? q.leftJoin(joined(join), ...on) : q.join(joined(join), ...on);
    }
    const select: Record<string, string> = { id: columnOf(m.id), code: columnOf(m.code), start: columnOf(m.start.column), end: columnOf(m.end.column) };
    if (m.law?.column !== undefined) select.law = columnOf(m.law.column);
    if (m.law?.byGrantDate !== undefined) select.granted = columnOf(m.law.byGrantDate.column);
    if (m.codeTable) {
      q = q.leftJoin({ bs_code: t(m.codeTable.table) }, `bs_code.${m.codeTable.code}`, columnOf(m.code));
      select.label = `bs_code.${m.codeTable.label}`;
      if (m.codeTable.paragraph) select.paragraph = `bs_code.${m.codeTable.paragraph}`;
    }
    return q.select(select).where(columnOf(m.child), childId);
  };

  return {
    async read(childId) {
      const childSelect: Record<string, string> = { last: fu.child.lastName, birth: child.birth.column };
      if (fu.child.firstName) childSelect.first = fu.child.firstName;
      const row = await db(t(child.table)).select(childSelect).where(child.id, childId).first();
      if (!row) return null;
      const r = fu.wellbeingRatings;
      const p = fu.placements;
      const a = fu.schoolAbsence;
      const c = fu.caseFile;
      const [ruler, referrals, measures, placements, absence, cases] = await Promise.all([
        r ? db(t(r.table)).select({ id: r.id, date: r.date.column, area: r.area, value: r.value }).where(r.child, childId).orderBy(r.date.column) : Promise.resolve([]),
        db(t(referral.table)).select({ id: referral.id, at: referral.receivedAt.column }).where(referral.child, childId).orderBy(referral.receivedAt.column),
        measuresQuery(childId),
        db(t(p.table)).select({ id: p.id, site: p.site, start: p.start.column, end: p.end.column }).where(p.child, childId),
        a ? db(t(a.table)).select({ periodEnd: a.periodEnd.column, percent: a.percent }).where(a.child, childId).orderBy(a.periodEnd.column) : Promise.resolve(null),
        c ? db(t(c.table)).select({ number: c.number, opened: c.opened.column }).where(c.child, childId) : Promise.resolve([]),
      ]);
      const rulerRatings: Measurement[] = [];
      for (const x of ruler as Array<Record<string, unknown>>) {
        const date = toIsoDate(x.date);
        if (date === null) continue; // an undated rating cannot be placed in time
        rulerRatings.push({
          measurementId: `host-${String(x.id)}`,
          childId,
          measuredOn: date,
          instrument: 'TRIVSELSLINEAL',
          respondent: 'caseworker',
          area: area(x.area),
          // A value that is not a number stays NaN and is shown as invalid by the report, never guessed.
          values: { value: x.value === null || x.value === undefined || x.value === '' ? Number.NaN : Number(x.value) },
          enteredBy: 'host',
          enteredAt: date,
          source: 'host',
        });
      }
      const changes: HostMeasureChange[] = [];
      for (const m of measures as Array<Record<string, unknown>>) {
        const code = String(m.code);
        const label = m.label === null || m.label === undefined ? code : m.paragraph === null || m.paragraph === undefined ? String(m.label) : `${String(m.label)} (${String(m.paragraph)})`;
        const law = lawOf(m);
        const kind = placementCodes === null ? {} : { placement: placementCodes.has(code) };
        const start = toIsoDate(m.start);
        if (start) changes.push({ date: start, kind: 'measure-started', label, law, ...kind });
        const end = toIsoDate(m.end);
        if (end) changes.push({ date: end, kind: 'measure-ended', label, law, ...kind });
      }
      for (const x of placements as Array<Record<string, unknown>>) {
        const site = siteKind(x.site);
        const start = toIsoDate(x.start);
        if (start) changes.push({ date: start, kind: 'placement-started', label: site });
        const end = toIsoDate(x.end);
        if (end) changes.push({ date: end, kind: 'placement-ended', label: site });
      }
      changes.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
      const caseNumbers = (cases as Array<Record<string, unknown>>)
        .map((x) => ({ number: x.number === null || x.number === undefined ? null : String(x.number), opened: toIsoDate(x.opened) }))
        .filter((x): x is { number: string; opened: string | null } => x.number !== null);
      return {
        child: {
          childId,
          name: `${row.first ?? ''} ${row.last ?? ''}`.trim(),
          birthDate: birthDateOf(mapping, row.birth),
        },
        rulerRatings,
        referrals: (referrals as Array<Record<string, unknown>>).flatMap((x) => {
          const on = toIsoDate(x.at);
          return on ? [{ referralId: String(x.id), receivedOn: on }] : [];
        }),
        measureChanges: changes,
        absence:
          absence === null
            ? null
            : (absence as Array<Record<string, unknown>>).flatMap((x) => {
                const periodEnd = toIsoDate(x.periodEnd);
                return periodEnd ? [{ periodEnd, percent: x.percent === null || x.percent === undefined ? Number.NaN : Number(x.percent) }] : [];
              }),
        caseNumbers,
        municipality: fu.municipality ?? null,
      };
    },

    async childrenInCare(date) {
      const p = fu.placements;
      const rows = await db({ p: t(p.table) })
        .join({ c: t(child.table) }, `c.${child.id}`, `p.${p.child}`)
        .select({ child: `p.${p.child}`, start: `p.${p.start.column}`, birth: `c.${child.birth.column}` })
        .where(`p.${p.start.column}`, '<=', date)
        .andWhere((q) => q.whereNull(`p.${p.end.column}`).orWhere(`p.${p.end.column}`, '>', date))
        .orderBy(`p.${p.child}`);
      const seen = new Map<string, { childId: string; placedSince: string; birthDate: string | null }>();
      for (const r of rows as Array<Record<string, unknown>>) {
        const childId = String(r.child);
        const since = toIsoDate(r.start);
        if (since && !seen.has(childId)) seen.set(childId, { childId, placedSince: since, birthDate: birthDateOf(mapping, r.birth) });
      }
      return [...seen.values()];
    },
  };
}
