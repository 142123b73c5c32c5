// The one audit trail and its one writer: a record for every score, report or form a person is shown, every
// entry they store and every request refused, for the risk panel (by referral) and the follow-up report (by
// child), written before the response leaves. Plain objects in and out; the caller decides what happens when
// the write fails (what would have been shown is then refused).
import type { Knex } from 'knex';

// batch-run: a batch scoring run (nothing shown); validation-run: a validation report made (figures about groups only)
export type AuditOutcome = 'shown' | 'no-score' | 'stored' | 'refused' | 'batch-run' | 'validation-run';

/** The views each extension point audits under (the `view` column). */
export const AUDIT_VIEWS = {
  'risk-panel': ['page', 'fragment', 'print', 'json', 'flag', 'cli'],
  'follow-up-report': ['page', 'print', 'pdf', 'json', 'form', 'entry', 'child-form-start', 'child-form', 'file'],
  batch: ['none'],
  validation: ['report'],
} as const;
export type AuditExtensionPoint = keyof typeof AUDIT_VIEWS;

export interface AuditRecord {
  readonly occurredAt: string;
  readonly requestId: string;
  readonly userId: string | null;
  readonly userRole: string | null;
  readonly extensionPoint: string;
  readonly view: string;
  readonly referralId: string | null;
  /** The child, for the follow-up report (null for the risk panel). */
  readonly childId?: string | null;
  /** For a score shown in another referral's timeline: the referral whose panel was opened. */
  readonly panelReferralId?: string | null;
  readonly modelId: string | null;
  readonly modelVersion: string | null;
  readonly score: number | null;
  readonly outcome: AuditOutcome;
  readonly code: string | null;
  /** For a batch or validation run: the first and last day of the referrals it read (YYYY-MM-DD). */
  readonly periodFrom?: string | null;
  readonly periodTo?: string | null;
}

export interface StoredAuditRecord extends AuditRecord {
  readonly auditId: number;
  readonly childId: string | null;
  readonly panelReferralId: string | null;
  readonly periodFrom: string | null;
  readonly periodTo: string | null;
}

/** The extension points whose records are runs of a command over a period (no referral, no child, no score). */
export const RUN_EXTENSION_POINTS = ['batch', 'validation'] as const satisfies ReadonlyArray<AuditExtensionPoint>;
export type RunExtensionPoint = (typeof RUN_EXTENSION_POINTS)[number];

function toRow(record: AuditRecord): Record<string, unknown> {
  return {
    occurred_at: record.occurredAt,
    request_id: record.requestId,
    user_id: record.userId,
    user_role: record.userRole,
    extension_point: record.extensionPoint,
    view: record.view,
    referral_id: record.referralId,
    child_id: record.childId ?? null,
    panel_referral_id: record.panelReferralId ?? null,
    model_id: record.modelId,
    model_version: record.modelVersion,
    score: record.score,
    outcome: record.outcome,
    code: record.code,
    period_from: record.periodFrom ?? null,
    period_to: record.periodTo ?? null,
  };
}

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

function fromRow(r: Record<string, unknown>): StoredAuditRecord {
  return {
    auditId: Number(r.audit_id),
    occurredAt: String(r.occurred_at),
    requestId: String(r.request_id),
    userId: text(r.user_id),
    userRole: text(r.user_role),
    extensionPoint: String(r.extension_point),
    view: String(r.view),
    referralId: text(r.referral_id),
    childId: text(r.child_id),
    panelReferralId: text(r.panel_referral_id),
    modelId: text(r.model_id),
    modelVersion: text(r.model_version),
    score: r.score === null ? null : Number(r.score),
    outcome: String(r.outcome) as AuditOutcome,
    code: text(r.code),
    periodFrom: text(r.period_from),
    periodTo: text(r.period_to),
  };
}

/** Rows per insert statement (SQL Server takes 2,100 parameters per statement; 17 columns a row). */
const MAX_ROWS_PER_STATEMENT = 100;
/** Rows per commit, at most (a single write of more is committed alone). */
const MAX_ROWS_PER_COMMIT = 500;

interface Pending {
  readonly rows: ReadonlyArray<Record<string, unknown>>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Writes are committed in groups: writes that arrive in the same turn of the event loop share one
 * transaction (one fsync), and each caller's promise settles only when its records are committed, so nothing
 * is shown before its record is on disk. The records of one write (a panel's score and its timeline) are
 * committed together or not at all. Only in-flight records wait here; nothing outlives a request.
 */
export class AuditRepository {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly db: Knex) {}

  /** Writes one record, or several that stand or fall together. */
  write(records: AuditRecord | readonly AuditRecord[]): Promise<void> {
    const list = Array.isArray(records) ? (records as readonly AuditRecord[]) : [records as AuditRecord];
    if (list.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ rows: list.map(toRow), resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private takeBatch(): Pending[] {
    let rows = 0;
    let n = 0;
    while (n < this.pending.length && (n === 0 || rows + this.pending[n]!.rows.length <= MAX_ROWS_PER_COMMIT)) rows += this.pending[n++]!.rows.length;
    return this.pending.splice(0, n);
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.takeBatch();
    if (this.pending.length > 0) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
    const rows = batch.flatMap((p) => p.rows);
    try {
      if (rows.length <= MAX_ROWS_PER_STATEMENT) await this.db('bs_audit_event').insert(rows);
      else {
        await this.db.transaction(async (trx) => {
          for (let i = 0; i < rows.length; i += MAX_ROWS_PER_STATEMENT) await trx('bs_audit_event').insert(rows.slice(i, i + MAX_ROWS_PER_STATEMENT));
        });
      }
      for (const p of batch) p.resolve();
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }

  /** Every record about the referral: its own panel, its score in a later referral's timeline, refusals. */
  async forReferral(referralId: string): Promise<StoredAuditRecord[]> {
    const rows = await this.db('bs_audit_event').where({ referral_id: referralId }).orderBy([{ column: 'occurred_at' }, { column: 'audit_id' }]);
    return rows.map(fromRow);
  }

  /** Every record about the child (the follow-up report: pages, PDFs, forms, entries, refusals). */
  async forChild(childId: string): Promise<StoredAuditRecord[]> {
    const rows = await this.db('bs_audit_event').where({ child_id: childId }).orderBy([{ column: 'occurred_at' }, { column: 'audit_id' }]);
    return rows.map(fromRow);
  }

  /** Every run of the given kinds (batch scoring, validation reports), oldest first: who ran what, when, over which period. */
  async runs(kinds: readonly RunExtensionPoint[] = RUN_EXTENSION_POINTS): Promise<StoredAuditRecord[]> {
    const rows = await this.db('bs_audit_event').whereIn('extension_point', [...kinds]).orderBy([{ column: 'occurred_at' }, { column: 'audit_id' }]);
    return rows.map(fromRow);
  }

  /** Deletes the records older than `before` (an ISO instant); returns how many went. Safe from several instances. */
  async deleteOlderThan(before: string): Promise<number> {
    return Number(await this.db('bs_audit_event').where('occurred_at', '<', before).delete());
  }
}
