// The audit trail: one record per panel served or refused, written before the response leaves. Plain objects
// in and out; the caller decides what happens when the write fails (the panel is then refused).
import type { Knex } from 'knex';

export type AuditOutcome = 'shown' | 'no-score' | 'refused' | 'batch-run'; // batch-run: a batch scoring run (nothing shown)

export interface AuditRecord {
  readonly occurredAt: string;
  readonly requestId: string;
  readonly userId: string | null;
  readonly userRole: string | null;
  readonly extensionPoint: string;
  readonly view: string;
  readonly referralId: string | null;
  readonly modelId: string | null;
  readonly modelVersion: string | null;
  readonly score: number | null;
  readonly outcome: AuditOutcome;
  readonly code: string | null;
}

export interface StoredAuditRecord extends AuditRecord {
  readonly auditId: number;
}

function toRow(record: AuditRecord): Record<string, unknown> {
  return {
    occurred_at: record.occurredAt,
    request_id: record.requestId,
    user_id: record.userId,
    user_role: record.userRole,
    extension_point: record.extensionPoint,
    view: record.view,
    referral_id: record.referralId,
    model_id: record.modelId,
    model_version: record.modelVersion,
    score: record.score,
    outcome: record.outcome,
    code: record.code,
  };
}

/** Records per commit at most (SQL Server takes 2,100 parameters per statement; 13 columns a row). */
const MAX_BATCH = 100;

interface Pending {
  readonly row: Record<string, unknown>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Writes are committed in groups: records that arrive in the same turn of the event loop share one
 * transaction (one fsync), and each caller's promise settles only when its record is committed, so a panel is
 * still never sent before its record is on disk. Only in-flight records wait here; nothing outlives a request.
 */
export class AuditRepository {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly db: Knex) {}

  write(record: AuditRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ row: toRow(record), resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending.splice(0, MAX_BATCH);
    if (this.pending.length > 0) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
    try {
      await this.db('bs_audit_event').insert(batch.map((p) => p.row));
      for (const p of batch) p.resolve();
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }

  async forReferral(referralId: string): Promise<StoredAuditRecord[]> {
    const rows = await this.db('bs_audit_event').where({ referral_id: referralId }).orderBy([{ column: 'occurred_at' }, { column: 'audit_id' }]);
    return rows.map((r: Record<string, unknown>) => ({
      auditId: Number(r.audit_id),
      occurredAt: String(r.occurred_at),
      requestId: String(r.request_id),
      userId: r.user_id === null ? null : String(r.user_id),
      userRole: r.user_role === null ? null : String(r.user_role),
      extensionPoint: String(r.extension_point),
      view: String(r.view),
      referralId: r.referral_id === null ? null : String(r.referral_id),
      modelId: r.model_id === null ? null : String(r.model_id),
      modelVersion: r.model_version === null ? null : String(r.model_version),
      score: r.score === null ? null : Number(r.score),
      outcome: String(r.outcome) as AuditOutcome,
      code: r.code === null ? null : String(r.code),
    }));
  }
}
