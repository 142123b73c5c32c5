// The panel's data source on the host database: the adapters' FeatureExtractor gives the referral's features as
// of its received time, with provenance, and the same child's earlier referrals in the same set-based
// extraction, and the codes of the referral's own record with the mapping's labels (its source, as the
// municipality names it). All SQL is the adapters'; this module only says how much history the timeline shows.
import type { Knex } from 'knex';
import { FeatureExtractor } from '../../adapters/extraction/feature-extractor';
import { hostId } from '../../adapters/extraction/host-queries';
import { readReferralCodes } from '../../adapters/extraction/referral-codes';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import type { ReferralDataSource, ReferralWithHistory } from './referral-data-source';

/** How many earlier referrals the timeline shows at most (the newest). */
export const MAX_HISTORY = 20;

export function createHostReferralSource(db: Knex, mapping: FieldMapping): ReferralDataSource {
  const extractor = new FeatureExtractor(db, mapping);
  return {
    async referralWithHistory(referralId: string): Promise<ReferralWithHistory | null> {
      const found = await extractor.extractWithEarlier(hostId(referralId), { provenance: true, maxEarlier: MAX_HISTORY });
      if (!found) return null;
      const codes = await readReferralCodes(db, mapping, hostId(referralId));
      return { ...found, referral: { ...found.referral, codes } };
    },
  };
}
