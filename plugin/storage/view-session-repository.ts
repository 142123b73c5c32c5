// Launches and views in the plugin's database (migration 003). A launch records its jti once: the unique key
// makes the database, not any one instance's memory, the judge of "already used". A view is found by the hash
// of its credential; the credential itself is never stored. Plain objects in and out.
import type { Knex } from 'knex';

export type ViewKind = 'panel' | 'follow-up' | 'child-form';

export interface ViewSession {
  readonly credentialHash: string;
  readonly kind: ViewKind;
  readonly subjectId: string;
  readonly form: string | null;
  readonly userId: string;
  readonly role: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly closedAt: string | null;
}

export interface LaunchUse {
  readonly jtiHash: string;
  readonly expiresAt: string;
}

function toSession(r: Record<string, unknown>): ViewSession {
  return {
    credentialHash: String(r.credential_hash),
    kind: String(r.kind) as ViewKind,
    subjectId: String(r.subject_id),
    form: r.form === null || r.form === undefined ? null : String(r.form),
    userId: String(r.user_id),
    role: String(r.user_role),
    createdAt: String(r.created_at),
    expiresAt: String(r.expires_at),
    closedAt: r.closed_at === null || r.closed_at === undefined ? null : String(r.closed_at),
  };
}

const sessionRow = (s: Omit<ViewSession, 'closedAt'>) => ({
  credential_hash: s.credentialHash,
  kind: s.kind,
  subject_id: s.subjectId,
  form: s.form,
  user_id: s.userId,
  user_role: s.role,
  created_at: s.createdAt,
  expires_at: s.expiresAt,
});

export class ViewSessionRepository {
  constructor(private readonly db: Knex) {}

  /**
   * Records the launch and the view it opens, in one transaction. Returns false (and stores nothing) when the
   * jti was used before, by this instance or any other.
   */
  async claimLaunch(launch: LaunchUse, session: Omit<ViewSession, 'closedAt'>): Promise<boolean> {
    try {
      await this.db.transaction(async (trx) => {
        await trx('bs_launch_use').insert({ jti_hash: launch.jtiHash, credential_hash: session.credentialHash, used_at: session.createdAt, expires_at: launch.expiresAt });
        await trx('bs_view_session').insert(sessionRow(session));
      });
      return true;
    } catch (error) {
      // A unique-key violation reads differently on every driver: ask the table instead of the message.
      const existing = await this.db('bs_launch_use').where({ jti_hash: launch.jtiHash }).first();
      if (existing) return false;
      throw error;
    }
  }

  /** A view opened without a launch token of its own (the child's form, started by the caseworker). */
  async open(session: Omit<ViewSession, 'closedAt'>): Promise<void> {
    await this.db('bs_view_session').insert(sessionRow(session));
  }

  /** The view a used jti opened, if the launch is known. */
  async viewOfLaunch(jtiHash: string): Promise<string | null> {
    const row = await this.db('bs_launch_use').where({ jti_hash: jtiHash }).first();
    return row ? String(row.credential_hash) : null;
  }

  async find(credentialHashes: readonly string[]): Promise<ViewSession[]> {
    if (credentialHashes.length === 0) return [];
    const rows = await this.db('bs_view_session').whereIn('credential_hash', [...credentialHashes]);
    return rows.map(toSession);
  }

  /** Closes a view; true when this call closed it (so "once" holds across instances). */
  async close(credentialHash: string, at: string): Promise<boolean> {
    const changed = await this.db('bs_view_session').where({ credential_hash: credentialHash }).whereNull('closed_at').update({ closed_at: at });
    return Number(changed) === 1;
  }

  /** Forgets launches and views past their expiry (they can open nothing any more). */
  async prune(now: string): Promise<void> {
    await this.db('bs_launch_use').where('expires_at', '<', now).delete();
    await this.db('bs_view_session').where('expires_at', '<', now).delete();
  }
}
