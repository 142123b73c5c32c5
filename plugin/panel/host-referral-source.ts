// The panel's data source on the host database: the adapters' FeatureExtractor (features as of the referral's
// received time, with provenance) and one query for the same child's earlier referrals, built from the field
// mapping's validated identifiers with the referral id as a bound value.
import type { Knex } from 'knex';
import { FeatureExtractor } from '../../adapters/extraction/feature-extractor';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import type { ReferralDataSource, ReferralWithHistory } from './referral-data-source';

/** Host ids are whole numbers in the reference schema and text elsewhere: bind each as what it looks like. */
const hostId = (id: string): string | number => (/^\d{1,15}$/.test(id) ? Number(id) : id);

/** How many earlier referrals the timeline shows at most (the newest). */
export const MAX_HISTORY = 20;

/** The child's referrals received up to and including this one, newest first (at most MAX_HISTORY + 1). */
export function childReferralsUpTo(db: Knex, mapping: FieldMapping, referralId: string): Knex.QueryBuilder {
  const { table, id, child, receivedAt } = mapping.referral;
  return db({ a: table })
    .join({ b: table }, `b.${child}`, `a.${child}`)
    .where(`a.${id}`, hostId(referralId))
    .andWhere(`b.${receivedAt.column}`, '<=', db.ref(`a.${receivedAt.column}`))
    .select({ id: `b.${id}` })
    .orderBy(`b.${receivedAt.column}`, 'desc')
    .limit(MAX_HISTORY + 1);
}

export function createHostReferralSource(db: Knex, mapping: FieldMapping): ReferralDataSource {
  const extractor = new FeatureExtractor(db, mapping);
  return {
    // One query for the child's referrals up to this one, then one set-based extraction for all of them:
    // the same number of queries as a single referral, whatever the history.
    async referralWithHistory(referralId: string): Promise<ReferralWithHistory | null> {
      const rows: Array<{ id: unknown }> = await childReferralsUpTo(db, mapping, referralId);
      if (rows.length === 0) return null;
      const wanted = rows.map((r) => r.id as string | number).filter((v) => String(v) !== referralId);
      const ordered = [...wanted.slice(0, MAX_HISTORY).reverse(), hostId(referralId)];
      const extracted = await extractor.extractBatch(ordered, { provenance: true });
      const current = extracted.find((r) => r.referralId === referralId);
      if (!current) return null;
      return { referral: current, earlier: extracted.filter((r) => r !== current) };
    },
  };
}
