// Extraction for a batch run in worker threads: each worker opens its own read connection to the host and
// extracts the chunks it is given, so reading the host and computing the features of the next chunks runs on
// other cores while the main thread scores and stores the current one. Requests are answered in any order and
// each by the worker that took it; nothing is kept between runs, and closing ends every thread.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DatabaseConfig } from '../../adapters/database-config';
import type { ExtractedReferral } from '../../adapters/extraction/feature-extractor';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import { BeslutningsstotteError, ERROR_CODES, type ErrorCode, type ErrorDetails } from '../errors';
import { BATCH_EXTRACTION_WORKER_FILE } from '../product-paths';
import type { BatchExtractor, ExtractionJob } from './batch-scoring';
import type { ExtractionReady, ExtractionReply, ExtractionRequest } from './extraction-messages';
import type { ExtractionWorkerData } from './extraction-worker-thread';

export interface ExtractionWorkersOptions {
  readonly hostDatabase: DatabaseConfig;
  readonly mapping: FieldMapping;
  /** Worker threads (at least 1). */
  readonly workers: number;
  /** Referrals per host query slice (the batch's chunk size). */
  readonly sliceSize: number;
}

interface Pending {
  /** When a worker began it (performance.now()), once one has. */
  begunAt?: number;
  readonly ids: readonly string[];
  readonly resolve: (extracted: ExtractedReferral[]) => void;
  readonly reject: (error: Error) => void;
}

/** Worker threads by default: one per core but the one the run's own thread scores and stores on, at least one. */
export const defaultExtractionWorkers = (): number => Math.max(1, os.availableParallelism() - 1);

export class ExtractionWorkers implements BatchExtractor {
  readonly parallelism: number;
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly inFlight = new Map<number, Pending>();
  private readonly queue: Array<{ request: number } & Pending> = [];
  private nextRequest = 1;
  /** How long a worker takes on a request, on average (ms; a running mean over the answered ones). */
  private timing = { count: 0, meanMs: 0 };
  /** Set when a worker has failed: every request after it fails with the same error. */
  private failure: Error | null = null;
  private closing = false;
  private readonly ended = new Set<Worker>();

  constructor(options: ExtractionWorkersOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) throw new RangeError('workers must be a whole number of at least 1');
    this.parallelism = options.workers;
    const workerData: ExtractionWorkerData = { hostDatabase: options.hostDatabase, mapping: options.mapping, sliceSize: options.sliceSize };
    for (let i = 0; i < options.workers; i++) {
      const worker = new Worker(BATCH_EXTRACTION_WORKER_FILE, { workerData });
      worker.on('message', (message: ExtractionReply | ExtractionReady) => {
        if (message.kind === 'ready') this.ready(worker);
        else this.answered(worker, message);
      });
      worker.on('error', (error) => this.fail(new BeslutningsstotteError('BATCH_WORKER_FAILED', { detail: error.message }, { cause: error })));
      worker.on('exit', (code) => {
        this.ended.add(worker);
        if (!this.closing) this.fail(new BeslutningsstotteError('BATCH_WORKER_FAILED', { detail: `its thread ended with exit code ${code}` }));
      });
      // Idle once it says it is ready: until then the run extracts the chunks it needs itself.
      this.all.push(worker);
    }
  }

  /** Threads still running (every one has ended once close() has resolved). */
  get running(): number {
    return this.all.length - this.ended.size;
  }

  extract(ids: readonly string[]): ExtractionJob {
    const request = this.nextRequest++;
    const result = new Promise<ExtractedReferral[]>((resolve, reject) => {
      if (this.failure) reject(this.failure);
      else if (this.closing) reject(new Error('the extraction workers are closed'));
      else {
        this.queue.push({ request, ids, resolve, reject });
        this.dispatch();
      }
    });
    const expectedWaitMs = (): number | null => {
      const begunAt = this.inFlight.get(request)?.begunAt;
      if (begunAt === undefined || this.timing.count === 0) return null;
      return Math.max(0, this.timing.meanMs - (performance.now() - begunAt));
    };
    const takeBack = (): boolean => {
      const at = this.queue.findIndex((queued) => queued.request === request);
      if (at < 0) return false;
      this.queue.splice(at, 1);
      return true;
    };
    return { result, takeBack, expectedWaitMs };
  }

  /** Ends every worker thread (each closes its host connection first). */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.fail(new Error('the extraction workers were closed'));
    await Promise.all(
      this.all.filter((worker) => !this.ended.has(worker)).map(
        (worker) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => void worker.terminate(), 5000);
            worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            worker.postMessage({ kind: 'close' } satisfies ExtractionRequest);
          }),
      ),
    );
  }

  private dispatch(): void {
    while (!this.closing && this.failure === null && this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const { request, ids, resolve, reject } = this.queue.shift()!;
      this.inFlight.set(request, { ids, resolve, reject, begunAt: performance.now() });
      worker.postMessage({ kind: 'extract', request, ids } satisfies ExtractionRequest);
    }
  }

  private ready(worker: Worker): void {
    this.idle.push(worker);
    this.dispatch();
  }

  private answered(worker: Worker, reply: ExtractionReply): void {
    const pending = this.inFlight.get(reply.request);
    this.inFlight.delete(reply.request);
    if (pending?.begunAt !== undefined) {
      const count = this.timing.count + 1;
      this.timing = { count, meanMs: this.timing.meanMs + (performance.now() - pending.begunAt - this.timing.meanMs) / count };
    }
    this.idle.push(worker);
    if (pending) {
      if (reply.error) pending.reject(rebuiltError(reply.error));
      else pending.resolve(reply.extracted ?? []);
    }
    this.dispatch();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of [...this.inFlight.values(), ...this.queue.splice(0)]) pending.reject(this.failure);
    this.inFlight.clear();
  }
}

/** A worker's error as the main thread's: a typed error with the same code and details, else its message. */
function rebuiltError(error: NonNullable<ExtractionReply['error']>): Error {
  if (error.code !== undefined && Object.hasOwn(ERROR_CODES, error.code)) {
    return new BeslutningsstotteError(error.code as ErrorCode, (error.details ?? {}) as ErrorDetails);
  }
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}
