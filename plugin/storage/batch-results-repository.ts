// Batch results in the plugin's database: claiming referrals for a run, storing what the run found, and
// reading the results back for the validation report. A referral has one row per model version; the row's
// primary key is the claim, so two runs (two instances, or a run restarted after a crash) never both score it.
import type { Knex } from 'knex';

export interface BatchModel {
  readonly id: string;
  readonly version: string;
}

export interface ScoredBatchRow {
  readonly referralId: string;
  readonly receivedAt: string;
  readonly probability: number;
  readonly score: number;
  readonly ageBand: string;
  readonly featuresDigest: string;
  /** JSON text of the explanation. */
  readonly explanation: string;
}

export interface RefusedBatchRow {
  readonly referralId: string;
  readonly receivedAt: string | null;
  readonly codes: readonly string[];
}

export interface BatchRunCounts {
  readonly scored: number;
  readonly refused: number;
  readonly skipped: number;
}

const TABLE = 'bs_batch_result';

/**
 * Rows per insert statement: SQL Server takes 2,100 parameters in one statement (a claim row has 6, a result row
 * 14); SQLite takes 32,766, but knex writes a multi-row insert there as a compound SELECT, capped at 500 terms.
 * Fewer, larger statements are fewer round trips and statements to prepare per chunk.
 */
export function rowsPerInsert(db: Knex): { readonly claim: number; readonly result: number } {
  return String(db.client.config.client) === 'mssql' ? { claim: 300, result: 140 } : { claim: 500, result: 500 };
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; number?: unknown; message?: unknown };
  return e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.number === 2627 || e.number === 2601;
}

export class BatchResultsRepository {
  private readonly perInsert: { readonly claim: number; readonly result: number };

  constructor(private readonly db: Knex) {
    this.perInsert = rowsPerInsert(db);
  }

  /**
   * Claims, for `runId`, the referrals among `referralIds` that no run has finished for this model version and
   * no other run holds a live claim on; returns the ids claimed. A claim lasts until `claimedUntil` (ISO
   * instant); an unfinished claim past it (its run died) may be taken over. Safe against a concurrent run: a
   * collision on the primary key rolls back and the ids are looked at again.
   */
  async claim(model: BatchModel, referralIds: readonly string[], runId: string, now: string, claimedUntil: string): Promise<string[]> {
    return this.retryingCollisions(() => this.db.transaction((trx) => this.claimIn(trx, model, referralIds, runId, now, claimedUntil)));
  }

  /**
   * Stores a run's results (see store) and claims the run's next referrals (see claim) in one transaction: one
   * commit per chunk instead of two. The next claim becomes visible exactly when the results before it are
   * stored; a run that dies after it leaves the next referrals claimed until the lease lapses, as a run that died
   * while scoring them would. Returns the ids claimed.
   */
  async storeAndClaim(
    model: BatchModel,
    runId: string,
    scoredAt: string,
    scored: readonly ScoredBatchRow[],
    refused: readonly RefusedBatchRow[],
    next: { readonly referralIds: readonly string[]; readonly now: string; readonly claimedUntil: string },
  ): Promise<string[]> {
    return this.retryingCollisions(() =>
      this.db.transaction(async (trx) => {
        await this.storeIn(trx, model, runId, scoredAt, scored, refused);
        return this.claimIn(trx, model, next.referralIds, runId, next.now, next.claimedUntil);
      }),
    );
  }

  /** Runs `work` (a transaction that claims) again when a concurrent run's claim collided with it on the primary key. */
  private async retryingCollisions<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 5) throw error;
      }
    }
  }

  private async claimIn(trx: Knex.Transaction, model: BatchModel, referralIds: readonly string[], runId: string, now: string, claimedUntil: string): Promise<string[]> {
    const existing = new Map<string, { status: string; run: string; until: string }>();
    for (let i = 0; i < referralIds.length; i += 1000) {
      const rows = await trx(TABLE)
        .select('referral_id', 'status', 'run_id', 'claimed_until')
        .where({ model_id: model.id, model_version: model.version })
        .whereIn('referral_id', referralIds.slice(i, i + 1000));
      for (const r of rows) existing.set(String(r.referral_id), { status: String(r.status), run: String(r.run_id), until: String(r.claimed_until) });
    }
    const fresh: string[] = [];
    const stale: string[] = [];
    for (const id of referralIds) {
      const row = existing.get(id);
      if (!row) fresh.push(id);
      else if (row.status === 'claimed' && (row.run === runId || row.until < now)) stale.push(id);
    }
    for (let i = 0; i < fresh.length; i += this.perInsert.claim) {
      await trx(TABLE).insert(
        fresh.slice(i, i + this.perInsert.claim).map((id) => ({
          referral_id: id,
          model_id: model.id,
          model_version: model.version,
          status: 'claimed',
          run_id: runId,
          claimed_until: claimedUntil,
        })),
      );
    }
    const taken: string[] = [];
    for (const id of stale) {
      // Conditional: only a claim still unfinished and still expired (or already ours) is taken over.
      const changed = await trx(TABLE)
        .where({ referral_id: id, model_id: model.id, model_version: model.version, status: 'claimed' })
        .andWhere((q) => q.where('claimed_until', '<', now).orWhere('run_id', runId))
        .update({ run_id: runId, claimed_until: claimedUntil });
      if (changed === 1) taken.push(id);
    }
    const claimed = new Set([...fresh, ...taken]);
    return referralIds.filter((id) => claimed.has(id));
  }

  /**
   * Stores a run's results for referrals it claimed, in one transaction: the claim rows still held by the run
   * are replaced by the result rows (a claim another run has taken over is left alone).
   */
  async store(model: BatchModel, runId: string, scoredAt: string, scored: readonly ScoredBatchRow[], refused: readonly RefusedBatchRow[]): Promise<void> {
    await this.db.transaction((trx) => this.storeIn(trx, model, runId, scoredAt, scored, refused));
  }

  private async storeIn(trx: Knex.Transaction, model: BatchModel, runId: string, scoredAt: string, scored: readonly ScoredBatchRow[], refused: readonly RefusedBatchRow[]): Promise<void> {
    const rows: Array<Record<string, unknown>> = [
      ...scored.map((r) => ({
        referral_id: r.referralId,
        status: 'scored',
        received_at: r.receivedAt,
        probability: r.probability,
        score: r.score,
        age_band: r.ageBand,
        features_digest: r.featuresDigest,
        explanation: r.explanation,
        refusal_codes: null,
      })),
      ...refused.map((r) => ({
        referral_id: r.referralId,
        status: 'refused',
        received_at: r.receivedAt,
        probability: null,
        score: null,
        age_band: null,
        features_digest: null,
        explanation: null,
        refusal_codes: r.codes.join(',').slice(0, 400),
      })),
    ];
    const mine = { model_id: model.id, model_version: model.version, run_id: runId, status: 'claimed' };
    const held = new Set<string>();
    const ids = rows.map((r) => r.referral_id as string);
    for (let i = 0; i < ids.length; i += 1000) {
      const slice = ids.slice(i, i + 1000);
      for (const id of await trx(TABLE).where(mine).whereIn('referral_id', slice).pluck('referral_id')) held.add(String(id));
      await trx(TABLE).where(mine).whereIn('referral_id', slice).delete();
    }
    const complete = rows
      .filter((r) => held.has(r.referral_id as string))
      .map((r) => ({ ...r, model_id: model.id, model_version: model.version, run_id: runId, claimed_until: scoredAt, scored_at: scoredAt }));
    for (let i = 0; i < complete.length; i += this.perInsert.result) await trx(TABLE).insert(complete.slice(i, i + this.perInsert.result));
  }

  /** Claims of other runs in `referralIds` that are still unfinished: the earliest instant one may be taken over, or null. */
  async earliestForeignClaimExpiry(model: BatchModel, referralIds: readonly string[], runId: string): Promise<string | null> {
    let earliest: string | null = null;
    for (let i = 0; i < referralIds.length; i += 1000) {
      const row = await this.db(TABLE)
        .min({ until: 'claimed_until' })
        .where({ model_id: model.id, model_version: model.version, status: 'claimed' })
        .whereNot('run_id', runId)
        .whereIn('referral_id', referralIds.slice(i, i + 1000))
        .first();
      const until = row?.until === null || row?.until === undefined ? null : String(row.until);
      if (until !== null && (earliest === null || until < earliest)) earliest = until;
    }
    return earliest;
  }

  async startRun(runId: string, startedAt: string, from: string, to: string, model: BatchModel): Promise<void> {
    await this.db('bs_batch_run').insert({ run_id: runId, started_at: startedAt, period_from: from, period_to: to, model_id: model.id, model_version: model.version });
  }

  async finishRun(runId: string, finishedAt: string, counts: BatchRunCounts): Promise<void> {
    await this.db('bs_batch_run').where({ run_id: runId }).update({ finished_at: finishedAt, ...counts });
  }

  /** How many rows the model version has, by status (for tests and the command's summary). */
  async countByStatus(model: BatchModel): Promise<Record<string, number>> {
    const rows = (await this.db(TABLE).select('status').count({ n: '*' }).where({ model_id: model.id, model_version: model.version }).groupBy('status')) as Array<{ status: unknown; n: unknown }>;
    return Object.fromEntries(rows.map((r) => [String(r.status), Number(r.n)]));
  }
}
