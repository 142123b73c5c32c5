// Reads batch scoring's results back for the validation report: the scored referrals of a period (never the
// explanation, which the report does not need) and how many of the period could not be scored. Plain objects
// out; the report core computes, this only reads.
import type { Knex } from 'knex';
import type { BatchModel } from './batch-results-repository';

export interface StoredBatchScore {
  readonly referralId: string;
  /** ISO instant. */
  readonly receivedAt: string;
  readonly probability: number;
  readonly score: number;
  readonly ageBand: string;
}

/** `to` is the last day of the period, included; received_at is an ISO instant, so text order is time order. */
const endOf = (to: string): string => new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export async function readBatchScores(db: Knex, model: BatchModel, period: { from: string; to: string }): Promise<{ scored: StoredBatchScore[]; refused: number }> {
  const inPeriod = (q: Knex.QueryBuilder) =>
    q.where({ model_id: model.id, model_version: model.version }).andWhere('received_at', '>=', period.from).andWhere('received_at', '<', endOf(period.to));
  const rows = (await inPeriod(db('bs_batch_result').select('referral_id', 'received_at', 'probability', 'score', 'age_band'))
    .andWhere('status', 'scored')
    .orderBy([{ column: 'received_at' }, { column: 'referral_id' }])) as Array<Record<string, unknown>>;
  const refused = (await inPeriod(db('bs_batch_result').count({ n: '*' })).andWhere('status', 'refused').first()) as { n: unknown } | undefined;
  return {
    scored: rows.map((r) => ({
      referralId: String(r.referral_id),
      receivedAt: String(r.received_at),
      probability: Number(r.probability),
      score: Number(r.score),
      ageBand: String(r.age_band),
    })),
    refused: Number(refused?.n ?? 0),
  };
}
