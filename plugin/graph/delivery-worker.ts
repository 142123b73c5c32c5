// The outbox's worker: claims due rows through the database (with a lease), makes each delivery through Graph,
// and marks the row by the pure policy's decision: delivered (with Graph's id), retried later (backoff with
// jitter, or Retry-After), or failed with a reason. One fresh token after a 401. The clock, the random source,
// the report's bytes and the Graph connections are handed in; log lines carry ids and states, never the report,
// the recipient or a token.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { deliveryFor, type DeliveryConfig, type MunicipalityDelivery } from '../delivery/delivery-config';
import type { GraphOutcome } from '../delivery/delivery-outcome';
import { caseLink, type CalendarPayload, type MailPayload, type ReportRef, type UploadPayload } from '../delivery/delivery-plan';
import { decide, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../delivery/retry-policy';
import type { DeliveryOutboxRepository, OutboxRow } from '../storage/delivery-outbox-repository';
import { reconcileReminder } from './graph-calendar';
import type { GraphConnection } from './graph-client';
import { sendReportMail } from './graph-mail';
import { uploadReport } from './graph-upload';

/** The filed report's PDF, rendered or read again from its reference. */
export type ReportDocumentSource = (ref: ReportRef) => Promise<Uint8Array>;

export interface WorkerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface DeliveryWorkerDeps {
  readonly repo: DeliveryOutboxRepository;
  readonly config: DeliveryConfig;
  /** The Graph connection of a municipality's application (one per municipality, kept by the caller). */
  readonly connectionFor: (m: MunicipalityDelivery) => GraphConnection;
  readonly documents: ReportDocumentSource;
  readonly now?: () => Date;
  readonly random?: () => number;
  readonly workerId?: string;
  readonly logger?: WorkerLogger;
  readonly policy?: RetryPolicy;
  /** Rows claimed per round. */
  readonly batchSize?: number;
}

export const REMINDER_BODY = 'Næste opfølgning med Trivselslinealen er sat til denne dag. Åbn barnets sag i sagssystemet for at forberede den.';

export class DeliveryWorker {
  readonly workerId: string;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly policy: RetryPolicy;

  constructor(private readonly deps: DeliveryWorkerDeps) {
    this.workerId = deps.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.now = deps.now ?? (() => new Date());
    this.random = deps.random ?? Math.random;
    this.policy = deps.policy ?? { ...DEFAULT_RETRY_POLICY, giveUpAfterMs: deps.config.giveUpAfterHours * 3_600_000 };
  }

  private leaseUntil(): string {
    return new Date(this.now().getTime() + this.deps.config.leaseSeconds * 1000).toISOString();
  }

  /** One round: claims the due rows (up to the batch size) and delivers them; returns how many it handled. */
  async runOnce(): Promise<number> {
    const rows = await this.deps.repo.claimDue(this.workerId, this.now().toISOString(), this.leaseUntil(), this.deps.batchSize ?? 10);
    for (const row of rows) await this.deliver(row);
    return rows.length;
  }

  /** Rounds until nothing is due; returns how many rows were handled. */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.runOnce(); n > 0; n = await this.runOnce()) total += n;
    return total;
  }

  /** Rounds every `intervalMs` until stopped; a round's error is logged and the next round goes on. */
  start(intervalMs = 5000): { stop(): Promise<void> } {
    let stopped = false;
    let timer: NodeJS.Timeout | null = null;
    let running: Promise<void> = Promise.resolve();
    const tick = () => {
      running = this.drain()
        .then(() => undefined)
        .catch((error: unknown) => this.deps.logger?.warn({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'delivery round failed'))
        .finally(() => {
          if (!stopped) timer = setTimeout(tick, intervalMs);
        });
    };
    tick();
    return {
      stop: async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        await running;
      },
    };
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const m = deliveryFor(this.deps.config, row.municipality === '*' ? null : row.municipality);
    const log = { deliveryId: row.deliveryId, kind: row.kind, attempt: row.attempts };
    if (m === null) {
      await this.deps.repo.markFailed(row.deliveryId, this.workerId, `no delivery configuration for the municipality "${row.municipality}"`);
      this.deps.logger?.warn({ ...log, status: 'failed' }, 'delivery failed: no configuration');
      return;
    }
    let conn: GraphConnection;
    try {
      conn = this.deps.connectionFor(m);
    } catch (error) {
      await this.deps.repo.markFailed(row.deliveryId, this.workerId, (error as Error).message);
      this.deps.logger?.warn({ ...log, status: 'failed', code: (error as { code?: string }).code }, 'delivery failed: no credential');
      return;
    }
    let tokenRefreshed = false;
    for (;;) {
      const outcome = await this.perform(row, m, conn);
      const decision = decide(outcome, {
        kind: row.kind,
        attempts: row.attempts,
        firstAttemptAt: new Date(row.firstAttemptAt ?? this.now().toISOString()),
        now: this.now(),
        tokenRefreshed,
        random: this.random(),
      }, this.policy);
      if (decision.action === 'refresh-token') {
        conn.credential.refresh();
        tokenRefreshed = true;
        continue;
      }
      if (decision.action === 'delivered') {
        const marked = await this.deps.repo.markDelivered(row.deliveryId, this.workerId, decision.resultId, this.now().toISOString());
        this.deps.logger?.info({ ...log, status: marked ? 'delivered' : 'lease-lost' }, 'delivery done');
      } else if (decision.action === 'retry') {
        await this.deps.repo.markRetry(row.deliveryId, this.workerId, decision.at.toISOString(), decision.reason);
        this.deps.logger?.info({ ...log, status: 'pending', nextAttemptAt: decision.at.toISOString() }, 'delivery will be retried');
      } else {
        await this.deps.repo.markFailed(row.deliveryId, this.workerId, decision.reason);
        this.deps.logger?.warn({ ...log, status: 'failed' }, 'delivery failed');
      }
      return;
    }
  }

  private async perform(row: OutboxRow, m: MunicipalityDelivery, conn: GraphConnection): Promise<GraphOutcome> {
    const repo = this.deps.repo;
    const stillHeld = () => repo.extendLease(row.deliveryId, this.workerId, this.leaseUntil());
    try {
      if (row.kind === 'calendar') {
        const child = (row.payload as CalendarPayload).childId;
        const state = await repo.calendar(child);
        if (state === null) return { ok: true, resultId: 'none' };
        const link = m.mail ? caseLink({ childId: child, caseNumber: null }, m.mail) : null;
        return await reconcileReminder(conn, state, { subject: m.calendar.subject, body: link ? `${REMINDER_BODY}\n\n${link}` : REMINDER_BODY }, (shown) =>
          repo.recordCalendarEvent(child, state.generation, shown, this.now().toISOString()),
        );
      }
      const payload = row.payload as MailPayload | UploadPayload;
      const pdf = await this.deps.documents(payload.report);
      if (row.kind === 'mail') {
        return await sendReportMail(conn, payload as MailPayload, pdf, {
          draftId: row.graphResultId,
          saveDraftId: (id) => repo.saveProgress(row.deliveryId, this.workerId, id),
          stillHeld,
        });
      }
      return await uploadReport(conn, payload as UploadPayload, pdf, { clientId: m.clientId, stillHeld });
    } catch (error) {
      // The report could not be rendered, or the database did not answer: try again later.
      return { ok: false, failure: 'network', message: `${(error as Error).name}: the delivery could not be prepared (${(error as { code?: string }).code ?? 'no code'})` };
    }
  }
}
