// What the follow-up report reads from the host (read-only): the child, the Trivselslineal ratings the host
// already holds, new referrals, and changes in measures and placements. The table and column names are those
// of the reference schema (adapters/reference-schema); a host with other names gets its own names object,
// whose entries must be plain identifiers (checked where it enters, so no name can carry SQL).
import type { Knex } from 'knex';
import { BeslutningsstotteError } from '../../plugin/errors';
import type { HostFollowUpData, HostFollowUpSource, HostMeasureChange, Measurement } from '../../plugin/follow-up/follow-up-records';

export const REFERENCE_HOST_NAMES = {
  child: { table: 'barn', id: 'barn_id', firstName: 'fornavn', lastName: 'efternavn', birthDate: 'foedselsdato' },
  ruler: { table: 'trivselslineal_vurdering', id: 'trivsel_id', child: 'barn_id', date: 'vurderings_dato', area: 'omraade_kode', value: 'vaerdi' },
  referral: { table: 'underretning', id: 'underretning_id', child: 'barn_id', receivedAt: 'modtaget_tid' },
  caseFile: { table: 'sag', id: 'sag_id', child: 'barn_id' },
  measure: { table: 'foranstaltning', id: 'foranstaltning_id', caseId: 'sag_id', code: 'paragraf_kode', start: 'start_dato', end: 'slut_dato' },
  measureCode: { table: 'kode_paragraf', code: 'paragraf_kode', label: 'betegnelse', paragraph: 'paragraf' },
  placement: { table: 'anbringelse', id: 'anbringelse_id', child: 'barn_id', site: 'anbringelsessted_kode', start: 'start_dato', end: 'slut_dato' },
  /** School absence per period; the reference schema holds none. */
  absence: null as null | { table: string; child: string; periodEnd: string; percent: string },
} as const;
export type HostNames = typeof REFERENCE_HOST_NAMES;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function checkHostNames(names: HostNames): void {
  const walk = (value: unknown, path: string): void => {
    if (value === null) return;
    if (typeof value === 'string') {
      if (!IDENT.test(value)) throw new BeslutningsstotteError('MAPPING_UNSAFE_IDENTIFIER', { file: 'follow-up host names', path, value });
      return;
    }
    for (const [k, v] of Object.entries(value as object)) walk(v, `${path}/${k}`);
  };
  walk(names, '');
}

const isoDate = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
};

export function createHostFollowUpSource(db: Knex, names: HostNames = REFERENCE_HOST_NAMES): HostFollowUpSource {
  checkHostNames(names);
  const n = names;
  const hostId = (childId: string) => (/^\d+$/.test(childId) ? Number(childId) : childId);
  return {
    async read(childId) {
      const id = hostId(childId);
      const child = await db(n.child.table).select({ first: n.child.firstName, last: n.child.lastName, birth: n.child.birthDate }).where(n.child.id, id).first();
      if (!child) return null;
      const [ruler, referrals, measures, placements, absence] = await Promise.all([
        db(n.ruler.table).select({ id: n.ruler.id, date: n.ruler.date, area: n.ruler.area, value: n.ruler.value }).where(n.ruler.child, id).orderBy(n.ruler.date),
        db(n.referral.table).select({ id: n.referral.id, at: n.referral.receivedAt }).where(n.referral.child, id).orderBy(n.referral.receivedAt),
        db({ m: n.measure.table })
          .join({ s: n.caseFile.table }, `s.${n.caseFile.id}`, `m.${n.measure.caseId}`)
          .leftJoin({ k: n.measureCode.table }, `k.${n.measureCode.code}`, `m.${n.measure.code}`)
          .select({ code: `m.${n.measure.code}`, label: `k.${n.measureCode.label}`, paragraph: `k.${n.measureCode.paragraph}`, start: `m.${n.measure.start}`, end: `m.${n.measure.end}` })
          .where(`s.${n.caseFile.child}`, id),
        db(n.placement.table).select({ site: n.placement.site, start: n.placement.start, end: n.placement.end }).where(n.placement.child, id),
        n.absence ? db(n.absence.table).select({ periodEnd: n.absence.periodEnd, percent: n.absence.percent }).where(n.absence.child, id).orderBy(n.absence.periodEnd) : Promise.resolve(null),
      ]);
      const rulerRatings: Measurement[] = ruler.map((r: Record<string, unknown>) => ({
        measurementId: `host-${String(r.id)}`,
        childId,
        measuredOn: isoDate(r.date)!,
        instrument: 'TRIVSELSLINEAL',
        respondent: 'caseworker',
        area: String(r.area),
        values: { value: Number(r.value) },
        enteredBy: 'host',
        enteredAt: isoDate(r.date)!,
        source: 'host',
      }));
      const changes: HostMeasureChange[] = [];
      for (const m of measures as Array<Record<string, unknown>>) {
        const label = m.label === null || m.label === undefined ? String(m.code) : `${String(m.label)} (${String(m.paragraph)})`;
        changes.push({ date: isoDate(m.start)!, kind: 'measure-started', label });
        const end = isoDate(m.end);
        if (end) changes.push({ date: end, kind: 'measure-ended', label });
      }
      for (const p of placements as Array<Record<string, unknown>>) {
        changes.push({ date: isoDate(p.start)!, kind: 'placement-started', label: String(p.site) });
        const end = isoDate(p.end);
        if (end) changes.push({ date: end, kind: 'placement-ended', label: String(p.site) });
      }
      changes.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      return {
        child: { childId, name: `${child.first ?? ''} ${child.last ?? ''}`.trim(), birthDate: isoDate(child.birth) },
        rulerRatings,
        referrals: referrals.map((r: Record<string, unknown>) => ({ referralId: String(r.id), receivedOn: isoDate(r.at)! })),
        measureChanges: changes,
        absence: absence === null ? null : (absence as Array<Record<string, unknown>>).map((a) => ({ periodEnd: isoDate(a.periodEnd)!, percent: Number(a.percent) })),
      };
    },
    async childrenInCare(date) {
      const rows = await db({ p: n.placement.table })
        .join({ c: n.child.table }, `c.${n.child.id}`, `p.${n.placement.child}`)
        .select({ child: `p.${n.placement.child}`, start: `p.${n.placement.start}`, birth: `c.${n.child.birthDate}` })
        .where(`p.${n.placement.start}`, '<=', date)
        .andWhere((q) => q.whereNull(`p.${n.placement.end}`).orWhere(`p.${n.placement.end}`, '>', date))
        .orderBy(`p.${n.placement.child}`);
      const seen = new Map<string, { childId: string; placedSince: string; birthDate: string | null }>();
      for (const r of rows as Array<Record<string, unknown>>) {
        const childId = String(r.child);
        if (!seen.has(childId)) seen.set(childId, { childId, placedSince: isoDate(r.start)!, birthDate: isoDate(r.birth) });
      }
      return [...seen.values()];
    },
  };
}
