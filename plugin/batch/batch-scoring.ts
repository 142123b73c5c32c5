// Batch scoring: every referral received in a period, extracted through the field mapping, scored with its
// explanation and stored in the plugin's own tables, chunk by chunk so memory stays bounded however long the
// period. Each chunk is first claimed in the plugin database, so a second instance or a run restarted after a
// crash does no double work, and a referral already done for the same model version is never done again.
// The scores are for the municipality's own validation: nothing here shows them to anyone. I/O is handed in.
import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import { FeatureExtractor, type ExtractedReferral } from '../../adapters/extraction/feature-extractor';
import { qualifiedTable } from '../../adapters/extraction/extraction-plan';
import { hostId } from '../../adapters/extraction/host-queries';
import type { LoadedModelPackage } from '../scoring/model-package-loader';
import { packReferrals, scoreMatrix, storedExplanationAt } from '../scoring/referral-scorer';
import { AuditRepository } from '../storage/audit-repository';
import { BatchResultsRepository, type BatchModel, type RefusedBatchRow, type ScoredBatchRow } from '../storage/batch-results-repository';
import { BeslutningsstotteError } from '../errors';
import { operatingSystemUser } from '../operating-system-user';

export interface BatchPeriod {
  /** First day (YYYY-MM-DD), inclusive. */
  readonly from: string;
  /** Last day (YYYY-MM-DD), inclusive. */
  readonly to: string;
}

export interface BatchProgress {
  /** Referrals of the period looked at so far (scored, refused or already done). */
  readonly done: number;
  readonly total: number;
}

export interface BatchScoringOptions {
  readonly period: BatchPeriod;
  /** Referrals per chunk (default 1,000). */
  readonly chunkSize?: number;
  /** Seconds a claim lasts before another run may take an unfinished one over (default 30). */
  readonly claimLeaseSeconds?: number;
  readonly onProgress?: (progress: BatchProgress) => void;
  /** The clock (tests); default the system's. */
  readonly now?: () => Date;
}

/**
 * Extraction other threads do for a run (./extraction-workers): the run hands them the chunks ahead of the one it
 * scores. When it needs a chunk no thread has begun, it takes it back and extracts it itself (while the threads
 * start); while it waits for one a thread has begun, and the wait looks longer than a chunk takes it, it extracts
 * the newest chunk no thread has begun yet (when the threads fall behind).
 */
export interface BatchExtractor {
  /** Starts extracting these referrals' features as of each one's received time (ids the host lacks are left out). */
  extract(ids: readonly string[]): ExtractionJob;
  /** Chunks it works on at once (the run keeps one more than this claimed ahead of the one it scores). */
  readonly parallelism: number;
}

export interface ExtractionJob {
  readonly result: Promise<ExtractedReferral[]>;
  /** Takes the job back if no thread has begun it (true: it never will, and `result` never settles). */
  takeBack(): boolean;
  /** About how long until its result comes, by how long its thread takes on average (null: not begun, or not known yet). */
  expectedWaitMs(): number | null;
}

export interface BatchScoringDeps {
  readonly hostDb: Knex;
  readonly pluginDb: Knex;
  readonly mapping: FieldMapping;
  readonly model: LoadedModelPackage;
  /** Extraction in other threads besides this one's (default: only this thread's, through `hostDb`). */
  readonly extractor?: BatchExtractor;
}

export interface BatchSummary {
  readonly runId: string;
  readonly total: number;
  /** Scored by this run. */
  readonly scored: number;
  /** Refused by this run (data the model cannot be given), with the reason stored. */
  readonly refused: number;
  /** Already done for this model version (by an earlier run or another instance). */
  readonly skipped: number;
}

const DAY_MS = 86_400_000;

/** A calendar day YYYY-MM-DD that exists, or a clear refusal. */
export function assertDay(value: string, option: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(`${value}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new BeslutningsstotteError('INPUT_INVALID', { detail: `${option} must be a calendar day written YYYY-MM-DD (got "${value}")` });
  }
  return value;
}

export function assertPeriod(period: BatchPeriod): BatchPeriod {
  assertDay(period.from, '--from');
  assertDay(period.to, '--to');
  if (period.from > period.to) throw new BeslutningsstotteError('INPUT_INVALID', { detail: `--from (${period.from}) is after --to (${period.to})` });
  return period;
}

/** The day after `day` (the period's exclusive end). */
const dayAfter = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** SHA-256 of the feature values the score rests on, in a fixed order (missing ones named). */
export function featuresDigest(referral: ExtractedReferral): string {
  const names = Object.keys(referral.features).sort();
  const canonical = JSON.stringify([names.map((n) => [n, referral.features[n]]), [...referral.missing].sort()]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Where the previous page of the period's referrals ended (its last received time and id). */
export interface PageEnd {
  readonly received: unknown;
  readonly id: unknown;
}

/**
 * One page of the period's referral ids in received order (then id), after `last`: keyset paging, no offset.
 * The condition opens with `received >= last received`, so an index on the received time is a range seek.
 */
export function periodReferralsPageQuery(db: Knex, mapping: FieldMapping, period: BatchPeriod, last: PageEnd | null, size: number): Knex.QueryBuilder {
  const { referral } = mapping;
  const received = referral.receivedAt.column;
  let q = db(qualifiedTable(mapping, referral.table))
    .select({ id: referral.id, received })
    .where(received, '>=', period.from)
    .andWhere(received, '<', dayAfter(period.to));
  if (last) {
    const r = last.received as Knex.Value;
    q = q.andWhere(received, '>=', r).andWhere((w) => w.where(received, '>', r).orWhere(referral.id, '>', last.id as Knex.Value));
  }
  return q.orderBy([{ column: received }, { column: referral.id }]).limit(size);
}

/** The period's referral ids in received order, a page at a time (keyset paging: no offset, no list in memory). */
async function* referralPages(db: Knex, mapping: FieldMapping, period: BatchPeriod, size: number): AsyncGenerator<string[]> {
  let last: PageEnd | null = null;
  for (;;) {
    const rows = (await periodReferralsPageQuery(db, mapping, period, last, size)) as Array<{ id: unknown; received: unknown }>;
    if (rows.length === 0) return;
    last = rows[rows.length - 1]!;
    yield rows.map((r) => String(r.id));
    if (rows.length < size) return;
  }
}

/** The period's referral ids in received order, a chunk at a time (read from the host a page of several chunks at a time). */
async function* periodChunks(db: Knex, mapping: FieldMapping, period: BatchPeriod, chunkSize: number): AsyncGenerator<string[]> {
  for await (const page of referralPages(db, mapping, period, chunkSize * CHUNKS_PER_PAGE)) {
    for (let i = 0; i < page.length; i += chunkSize) yield page.slice(i, i + chunkSize);
  }
}

/** A claimed chunk, handed to another thread to extract (or to be extracted here when the run comes to it). */
interface InFlightChunk {
  /** The chunk's ids as the host gave them. */
  readonly ids: readonly string[];
  /** Those this run claimed (the others are done, or another run's). */
  readonly claimed: string[];
  readonly job: ExtractionJob | null;
  /** Set when the job's result has come. */
  jobDone: boolean;
  /** This thread's own extraction of the chunk, once it has taken the job back. */
  here: Promise<ExtractedReferral[]> | null;
}

/** One chunk's results, to store. */
interface ChunkRows {
  readonly scored: ScoredBatchRow[];
  readonly refused: RefusedBatchRow[];
}

/**
 * Chunks per page of ids read from the host: a host without an index on the received time scans the table for
 * each page, so a page holds several chunks (still a bounded list: ids only).
 */
const CHUNKS_PER_PAGE = 5;

async function countReferrals(db: Knex, mapping: FieldMapping, period: BatchPeriod): Promise<number> {
  const { referral } = mapping;
  const received = referral.receivedAt.column;
  const row = await db(qualifiedTable(mapping, referral.table)).count({ n: '*' }).where(received, '>=', period.from).andWhere(received, '<', dayAfter(period.to)).first();
  return Number(row?.n ?? 0);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runBatchScoring(deps: BatchScoringDeps, options: BatchScoringOptions): Promise<BatchSummary> {
  const period = assertPeriod(options.period);
  const chunkSize = options.chunkSize ?? 1000;
  const leaseMs = (options.claimLeaseSeconds ?? 30) * 1000;
  const clock = options.now ?? (() => new Date());
  const { hostDb, pluginDb, mapping, model } = deps;
  const identity: BatchModel = { id: model.identity.id, version: model.identity.version };
  const repository = new BatchResultsRepository(pluginDb);
  const audit = new AuditRepository(pluginDb);
  const ownExtractor = new FeatureExtractor(hostDb, mapping);
  /** How long this thread takes to extract a chunk (a running mean), to tell whether taking one is worth it while it waits. */
  let ownExtraction = { chunks: 0, meanMs: 0 };
  const extractHere = async (ids: readonly string[]) => {
    const started = performance.now();
    const extracted = await ownExtractor.extractBatch(ids.map(hostId), { sliceSize: chunkSize });
    const chunks = ownExtraction.chunks + 1;
    ownExtraction = { chunks, meanMs: ownExtraction.meanMs + (performance.now() - started - ownExtraction.meanMs) / chunks };
    return extracted;
  };
  const helpers = deps.extractor ?? null;
  // One chunk more than the helpers work on, so that this thread has one to take while it waits.
  const ahead = helpers ? helpers.parallelism + 1 : 0;
  const runId = randomUUID();

  const total = await countReferrals(hostDb, mapping, period);
  const startedAt = clock().toISOString();
  await repository.startRun(runId, startedAt, period.from, period.to, identity);
  await audit.write(batchAudit(runId, startedAt, identity, period, 'BATCH_RUN_STARTED'));

  let scored = 0;
  let refused = 0;
  let done = 0;
  /** Ids another live run held when we came to them: few, and looked at again once its claim has lapsed. */
  let heldElsewhere: string[] = [];

  /** A claim's instants: now, and when it lapses. */
  const lease = () => {
    const now = clock();
    return { now: now.toISOString(), claimedUntil: new Date(now.getTime() + leaseMs).toISOString() };
  };

  /** Keeps the ids of `ids` not claimed that another run still holds unfinished, to look at again later. */
  const noteHeldElsewhere = async (ids: readonly string[], claimed: readonly string[]): Promise<void> => {
    const claimedSet = new Set(claimed);
    const others = ids.filter((id) => !claimedSet.has(id));
    if (others.length > 0 && (await repository.earliestForeignClaimExpiry(identity, others, runId)) !== null) {
      // Only ids still claimed (unfinished) by another run are kept; finished ones are simply done.
      heldElsewhere.push(...others);
    }
  };

  const count = (rows: ChunkRows) => {
    scored += rows.scored.length;
    refused += rows.refused.length;
  };

  /** Claims, scores and stores one chunk on its own (two commits): for the ids another run held. */
  const processIds = async (ids: readonly string[]): Promise<void> => {
    const { now, claimedUntil } = lease();
    const claimed = await repository.claim(identity, ids, runId, now, claimedUntil);
    await noteHeldElsewhere(ids, claimed);
    if (claimed.length > 0) {
      const rows = await scoreChunk(claimed, await extractHere(claimed));
      await repository.store(identity, runId, clock().toISOString(), rows.scored, rows.refused);
      count(rows);
    }
  };

  /** Scores and explains the claimed ids from their extracted features: the rows to store (nothing is stored here). */
  const scoreChunk = async (ids: readonly string[], extracted: readonly ExtractedReferral[]): Promise<ChunkRows> => {
    const found = new Set(extracted.map((e) => e.referralId));
    const packed = packReferrals(model, extracted.map((e) => ({ id: e.referralId, features: e.features })));
    const matrix = await scoreMatrix(model, packed.matrix, packed.rows, { explain: true });
    const scoredRows: ScoredBatchRow[] = [];
    const refusedRows: RefusedBatchRow[] = [];
    extracted.forEach((e, i) => {
      const row = packed.rowOf[i]!;
      if (row < 0) {
        refusedRows.push({ referralId: e.referralId, receivedAt: e.receivedAt, codes: [...new Set(packed.problems[i]!.map((p) => p.code))] });
        return;
      }
      scoredRows.push({
        referralId: e.referralId,
        receivedAt: e.receivedAt,
        probability: matrix.probabilities[row]!,
        score: matrix.scores[row]!,
        ageBand: model.scale.bands[matrix.bands[row]!]!.id,
        featuresDigest: featuresDigest(e),
        explanation: JSON.stringify(storedExplanationAt(model, packed.matrix, matrix, row)),
      });
    });
    // A referral whose received time the host no longer gives cannot be placed in time: refused, with the reason.
    for (const id of ids) if (!found.has(id)) refusedRows.push({ referralId: id, receivedAt: null, codes: ['REFERRAL_NOT_FOUND'] });
    return { scored: scoredRows, refused: refusedRows };
  };

  try {
    // Each chunk is claimed before it is extracted; its results are stored in the transaction that claims the
    // next chunk, so a chunk costs the plugin database one commit rather than two. An extractor that works on
    // several chunks at once (worker threads) gets that many more claimed ahead, extracting while this thread
    // scores and stores: a run stopped midway leaves those claims to lapse, and never a referral scored twice.
    const chunks = periodChunks(hostDb, mapping, period, chunkSize)[Symbol.asyncIterator]();
    const inFlight: InFlightChunk[] = [];
    const extracting = (ids: readonly string[], claimed: string[]): InFlightChunk => {
      const job = helpers && claimed.length > 0 ? helpers.extract(claimed) : null;
      const chunk: InFlightChunk = { ids, claimed, job, jobDone: false, here: null };
      // (A run that fails first must not leave the job's failure unhandled.)
      job?.result.then(() => (chunk.jobDone = true), () => (chunk.jobDone = true));
      return chunk;
    };
    /** The chunk's features: extracted here if no other thread has begun it; else its thread's, meanwhile taking later ones. */
    const extractedOf = async (chunk: InFlightChunk): Promise<ExtractedReferral[]> => {
      if (chunk.here) return chunk.here;
      if (chunk.job === null || chunk.job.takeBack()) return extractHere(chunk.claimed);
      const wait = chunk.job.expectedWaitMs();
      // Worth it when the wait looks longer than taking a chunk here takes (or is not known yet), so it seldom delays the run.
      if (!chunk.jobDone && (wait === null || ownExtraction.chunks === 0 || wait > ownExtraction.meanMs)) {
        // One chunk, the newest not begun (the helpers take the oldest next, so they are not left without work).
        const spare = [...inFlight].reverse().find((c) => c.here === null && c.job !== null && !c.jobDone && c.job.takeBack());
        if (spare) {
          spare.here = extractHere(spare.claimed);
          await spare.here;
        }
      }
      return chunk.job.result;
    };
    for (let i = 0; i <= ahead; i++) {
      const next = await chunks.next();
      if (next.done) break;
      const { now, claimedUntil } = lease();
      const claimed = await repository.claim(identity, next.value, runId, now, claimedUntil);
      await noteHeldElsewhere(next.value, claimed);
      inFlight.push(extracting(next.value, claimed));
    }
    while (inFlight.length > 0) {
      const current = inFlight.shift()!;
      const following = await chunks.next();
      const rows = current.claimed.length > 0 ? await scoreChunk(current.claimed, await extractedOf(current)) : null;
      const { now, claimedUntil } = lease();
      let nextClaimed: string[] = [];
      if (rows && !following.done) {
        nextClaimed = await repository.storeAndClaim(identity, runId, now, rows.scored, rows.refused, { referralIds: following.value, now, claimedUntil });
      } else {
        if (rows) await repository.store(identity, runId, now, rows.scored, rows.refused);
        if (!following.done) nextClaimed = await repository.claim(identity, following.value, runId, now, claimedUntil);
      }
      if (!following.done) inFlight.push(extracting(following.value, nextClaimed));
      if (rows) count(rows);
      done += current.ids.length;
      options.onProgress?.({ done: Math.min(done, total), total });
      if (!following.done) await noteHeldElsewhere(following.value, nextClaimed);
    }
    // Referrals another run held: wait for it to finish them, or for its claim to lapse and take them over.
    while (heldElsewhere.length > 0) {
      const pending = heldElsewhere;
      heldElsewhere = [];
      const expiry = await repository.earliestForeignClaimExpiry(identity, pending, runId);
      if (expiry === null) continue;
      const wait = Math.max(0, Date.parse(expiry) - clock().getTime()) + 50;
      await sleep(Math.min(wait, leaseMs));
      for (let i = 0; i < pending.length; i += chunkSize) await processIds(pending.slice(i, i + chunkSize));
    }
    const counts = { scored, refused, skipped: total - scored - refused };
    const finishedAt = clock().toISOString();
    await repository.finishRun(runId, finishedAt, counts);
    await audit.write(batchAudit(runId, finishedAt, identity, period, 'BATCH_RUN_FINISHED'));
    return { runId, total, ...counts };
  } catch (error) {
    await audit.write(batchAudit(runId, clock().toISOString(), identity, period, 'BATCH_RUN_FAILED')).catch(() => undefined);
    throw error;
  }
}

/** The audit record of a batch run: who started it, with which model, over which period; no referral and no score (none is shown). */
function batchAudit(runId: string, occurredAt: string, model: BatchModel, period: BatchPeriod, code: string) {
  return {
    occurredAt,
    requestId: runId,
    userId: operatingSystemUser(),
    userRole: null,
    extensionPoint: 'batch',
    view: 'none',
    referralId: null,
    modelId: model.id,
    modelVersion: model.version,
    score: null,
    outcome: 'batch-run' as const,
    code,
    periodFrom: period.from,
    periodTo: period.to,
  };
}


