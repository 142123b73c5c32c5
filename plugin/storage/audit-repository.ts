// The audit trail: one record per panel served or refused, written before the response leaves. Plain objects
// in and out; the caller decides what happens when the write fails (the panel is then refused).
import type { Knex } from 'knex';

export type AuditOutcome = 'shown' | 'no-score' | 'refused';

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

export class AuditRepository {
  constructor(private readonly db: Knex) {}

  async write(record: AuditRecord): Promise<void> {
    await this.db('bs_audit_event').insert({
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
    });
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
