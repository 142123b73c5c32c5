// The simulated case system's own reads of its (reference-schema) tables: the list of referrals and one case.
// This is the host's side: it shows names, which the plugin itself never logs.
import type { Knex } from 'knex';

export interface ReferralListItem {
  readonly referralId: string;
  readonly receivedAt: string;
  readonly source: string;
  readonly childName: string;
  readonly severity: number;
}

export interface CaseView extends ReferralListItem {
  readonly childId: string;
  readonly birthDate: string | null;
  readonly dueDate: string | null;
  readonly reason: string | null;
  readonly otherReferrals: number;
}

const LIST_SIZE = 40;

export async function latestReferrals(db: Knex, page: number): Promise<ReferralListItem[]> {
  const rows = await db({ u: 'underretning' })
    .join({ b: 'barn' }, 'b.barn_id', 'u.barn_id')
    .join({ k: 'kode_underretningskilde' }, 'k.kilde_kode', 'u.kilde_kode')
    .select({ id: 'u.underretning_id', at: 'u.modtaget_tid', source: 'k.betegnelse', first: 'b.fornavn', last: 'b.efternavn', severity: 'u.alvorlighed' })
    .orderBy('u.modtaget_tid', 'desc')
    .limit(LIST_SIZE)
    .offset(page * LIST_SIZE);
  return rows.map((r: Record<string, unknown>) => ({
    referralId: String(r.id),
    receivedAt: String(r.at),
    source: String(r.source),
    childName: `${r.first ?? '(ufødt)'} ${r.last}`,
    severity: Number(r.severity),
  }));
}

export async function caseOf(db: Knex, referralId: number): Promise<CaseView | null> {
  const r = await db({ u: 'underretning' })
    .join({ b: 'barn' }, 'b.barn_id', 'u.barn_id')
    .join({ k: 'kode_underretningskilde' }, 'k.kilde_kode', 'u.kilde_kode')
    .select({
      id: 'u.underretning_id', at: 'u.modtaget_tid', source: 'k.betegnelse', first: 'b.fornavn', last: 'b.efternavn', severity: 'u.alvorlighed',
      childId: 'b.barn_id', birth: 'b.foedselsdato', due: 'b.termin_dato', reason: 'u.aarsag_tekst',
    })
    .where('u.underretning_id', referralId)
    .first();
  if (!r) return null;
  const counted = await db('underretning').where('barn_id', r.childId).count({ n: '*' });
  const n = counted[0]?.n ?? 1;
  return {
    referralId: String(r.id),
    receivedAt: String(r.at),
    source: String(r.source),
    childName: `${r.first ?? '(ufødt)'} ${r.last}`,
    severity: Number(r.severity),
    childId: String(r.childId),
    birthDate: r.birth === null ? null : String(r.birth),
    dueDate: r.due === null ? null : String(r.due),
    reason: r.reason === null ? null : String(r.reason),
    otherReferrals: Number(n) - 1,
  };
}
