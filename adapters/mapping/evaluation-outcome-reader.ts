// Reads from the host, for the validation report alone, what the scores are compared with and grouped by: each
// referral's child, the start dates of the child's placements (the mapping's `outcome` part), the sex the child's
// CPR number holds and each evaluation-only attribute the municipality names. Nothing here ever reaches a
// feature, a score, a log or a stored row: the command hands it to the report core, which turns it into figures.
import type { Knex } from 'knex';
import { qualifiedTable } from '../extraction/extraction-plan';
import { hostId, inSlices } from '../extraction/host-queries';
import { parseDateValue, toIsoDate } from '../point-in-time';
import { sexFromCprForCheck } from './cpr-content';
import type { FieldMapping } from './mapping-schema';
import { oneValueEach } from './one-value-each';

export type SexFromCpr = 'male' | 'female' | null;

export interface ReferralEvaluationData {
  /** The start dates (ISO days) of every placement of the child the host records, in order; null without an outcome part. */
  readonly placementStarts: readonly string[] | null;
  /** From the child's CPR number; null when child.birth is not a CPR number or the number has no readable sex. */
  readonly sex: SexFromCpr;
  /** Each evaluation-only attribute's value (null when unknown or when the host holds two values). */
  readonly groups: Readonly<Record<string, string | null>>;
}

export interface HostEvaluationData {
  readonly byReferral: ReadonlyMap<string, ReferralEvaluationData>;
  /** Whether the mapping says where placements are (else no outcome is known for any referral). */
  readonly hasOutcome: boolean;
  /** Whether sex could be derived (child.birth is a CPR number). */
  readonly sexKnown: boolean;
  /** The evaluation-only attributes by name, with their Danish and English labels. */
  readonly attributes: ReadonlyArray<{ readonly name: string; readonly label: { readonly da: string; readonly en: string } }>;
}

export async function readHostEvaluationData(db: Knex, mapping: FieldMapping, referralIds: readonly string[]): Promise<HostEvaluationData> {
  const table = (name: string) => qualifiedTable(mapping, name);
  const { referral, child } = mapping;
  const ids = referralIds.map(hostId);
  const referralRows = await inSlices<Record<string, unknown>>(ids, (slice) =>
    db(table(referral.table)).select({ k: referral.id, v: referral.child }).whereIn(referral.id, [...slice]),
  );
  const childOf = new Map(referralRows.filter((r) => r.v !== null && r.v !== undefined).map((r) => [String(r.k), String(r.v)]));
  const childIds = [...new Set(childOf.values())].map(hostId);

  const starts = new Map<string, string[]>();
  const outcome = mapping.outcome?.placements;
  if (outcome) {
    const rows = await inSlices<Record<string, unknown>>(childIds, (slice) =>
      db(table(outcome.table)).select({ k: outcome.child, v: outcome.start.column }).whereIn(outcome.child, [...slice]),
    );
    for (const row of rows) {
      const date = parseDateValue(row.v, outcome.start.type, outcome.start.format ?? 'iso');
      if (date === null) continue;
      const day = outcome.start.type === 'datetime' ? toIsoDate(date)! : date;
      const key = String(row.k);
      starts.set(key, [...(starts.get(key) ?? []), day]);
    }
    for (const list of starts.values()) list.sort();
  }

  const sexKnown = child.birth.format === 'cpr';
  const sexOf = new Map<string, SexFromCpr>();
  if (sexKnown) {
    const rows = await inSlices<Record<string, unknown>>(childIds, (slice) => db(table(child.table)).select({ k: child.id, v: child.birth.column }).whereIn(child.id, [...slice]));
    for (const row of rows) {
      const sex = sexFromCprForCheck(row.v);
      sexOf.set(String(row.k), sex === null ? null : sex === 1 ? 'male' : 'female');
    }
  }

  const attributes = Object.entries(mapping.evaluationOnly?.attributes ?? {});
  const valuesOf = new Map<string, Map<string, string | null>>();
  for (const [name, attribute] of attributes) {
    const keys = attribute.subject === 'child' ? childIds : ids;
    const rows = await inSlices<Record<string, unknown>>(keys, (slice) => db(table(attribute.table)).select({ k: attribute.key, v: attribute.column }).whereIn(attribute.key, [...slice]));
    valuesOf.set(name, oneValueEach(rows));
  }

  const byReferral = new Map<string, ReferralEvaluationData>();
  for (const id of referralIds) {
    const childId = childOf.get(id);
    const groups: Record<string, string | null> = {};
    for (const [name, attribute] of attributes) {
      const key = attribute.subject === 'child' ? childId : id;
      groups[name] = key === undefined ? null : (valuesOf.get(name)!.get(key) ?? null);
    }
    byReferral.set(id, {
      placementStarts: outcome ? (childId === undefined ? [] : (starts.get(childId) ?? [])) : null,
      sex: childId === undefined ? null : (sexOf.get(childId) ?? null),
      groups,
    });
  }
  return { byReferral, hasOutcome: outcome !== undefined, sexKnown, attributes: attributes.map(([name, a]) => ({ name, label: a.label })) };
}

/**
 * The day the host's data runs to, when none is given: the day of the latest referral the host records (a copy
 * of the case system taken on a day holds no referral after it). Placements are not used: a host may record a
 * placement planned to begin later. Null for a host without referrals.
 */
export async function latestHostDate(db: Knex, mapping: FieldMapping): Promise<string | null> {
  const r = await db(qualifiedTable(mapping, mapping.referral.table)).max({ v: mapping.referral.receivedAt.column }).first();
  const received = parseDateValue(r?.v, mapping.referral.receivedAt.type);
  return received ? received.slice(0, 10) : null;
}
