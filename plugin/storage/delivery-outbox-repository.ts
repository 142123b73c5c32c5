// The delivery outbox in the plugin's database (migration 005): deliveries written in the filing's transaction,
// claimed by workers through the database with a lease, and marked by what Graph answered. Every change of a
// row's state is one conditional UPDATE, so of several instances on one database exactly one wins a row, a row
// is marked only by the worker holding its lease, and a row whose lease ran out is taken over. Repositories
// return plain objects; the payload is a reference (ids, period, recipient, folder), never the report itself.
import type { Knex } from 'knex';
import { BeslutningsstotteError } from '../errors';
import { deliveryFor, type DeliveryConfig } from '../delivery/delivery-config';
import type { DeliveryKind } from '../delivery/delivery-outcome';
import { planDeliveries, type FiledReport } from '../delivery/delivery-plan';

export type DeliveryStatus = 'pending' | 'in-progress' | 'delivered' | 'failed' | 'cancelled';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'in-progress', 'delivered', 'failed', 'cancelled'];

export interface OutboxRow {
  readonly deliveryId: string;
  readonly kind: DeliveryKind;
  readonly municipality: string;
  readonly filingId: string | null;
  readonly childId: string;
  readonly payload: unknown;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly claimedBy: string | null;
  readonly leaseUntil: string | null;
  readonly lastError: string | null;
  readonly graphResultId: string | null;
  readonly createdAt: string;
  readonly firstAttemptAt: string | null;
  readonly deliveredAt: string | null;
}

export interface CalendarState {
  readonly childId: string;
  readonly municipality: string;
  readonly caseworkerAddress: string | null;
  readonly dueOn: string | null;
  readonly state: 'active' | 'removed';
  readonly generation: number;
  readonly eventId: string | null;
  readonly eventMailbox: string | null;
  readonly eventDueOn: string | null;
}

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

const OUTBOX = 'bs_delivery_outbox';
const CALENDAR = 'bs_delivery_calendar';
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const fromRow = (r: Row): OutboxRow => ({
  deliveryId: String(r.delivery_id),
  kind: String(r.kind) as DeliveryKind,
  municipality: String(r.municipality),
  filingId: str(r.filing_id),
  childId: String(r.child_id),
  payload: JSON.parse(String(r.payload_ref)) as unknown,
  status: String(r.status) as DeliveryStatus,
  attempts: Number(r.attempts),
  nextAttemptAt: String(r.next_attempt_at),
  claimedBy: str(r.claimed_by),
  leaseUntil: str(r.lease_until),
  lastError: str(r.last_error),
  graphResultId: str(r.graph_result_id),
  createdAt: String(r.created_at),
  firstAttemptAt: str(r.first_attempt_at),
  deliveredAt: str(r.delivered_at),
});

const calendarFromRow = (r: Row): CalendarState => ({
  childId: String(r.child_id),
  municipality: String(r.municipality),
  caseworkerAddress: str(r.caseworker_address),
  dueOn: str(r.due_on),
  state: r.state === 'removed' ? 'removed' : 'active',
  generation: Number(r.generation),
  eventId: str(r.event_id),
  eventMailbox: str(r.event_mailbox),
  eventDueOn: str(r.event_due_on),
});

export interface NewDelivery {
  readonly kind: DeliveryKind;
  readonly municipality: string;
  readonly filingId: string | null;
  readonly childId: string;
  readonly payload: unknown;
  /** Set when the delivery cannot be made at all: the row is failed from the start with this reason. */
  readonly problem?: string | null;
}

/** Writes deliveries (in the caller's transaction when given one); returns their ids. */
export async function insertDeliveries(db: Db, deliveries: readonly NewDelivery[], now: string): Promise<string[]> {
  const ids: string[] = [];
  for (const d of deliveries) {
    const [row] = (await db(OUTBOX).insert(
      {
        kind: d.kind,
        municipality: d.municipality,
        filing_id: d.filingId,
        child_id: d.childId,
        payload_ref: JSON.stringify(d.payload),
        status: d.problem ? 'failed' : 'pending',
        attempts: 0,
        next_attempt_at: now,
        last_error: d.problem ? d.problem.slice(0, 1000) : null,
        created_at: now,
      },
      ['delivery_id'],
    )) as Row[];
    ids.push(String(row!.delivery_id));
  }
  return ids;
}

/**
 * A calendar reconciliation for the child, unless one is already waiting: it will read the newest wish, so it now
 * serves the newest filing, and that filing's page shows it (an earlier filing's wish is superseded).
 */
async function enqueueCalendarReconcile(db: Db, childId: string, municipality: string, filingId: string | null, now: string): Promise<string | null> {
  const waiting = await db(OUTBOX).where({ kind: 'calendar', child_id: childId, status: 'pending' }).first('delivery_id');
  if (waiting) {
    if (filingId !== null) await db(OUTBOX).where({ delivery_id: waiting.delivery_id }).update({ filing_id: filingId });
    return String(waiting.delivery_id);
  }
  const [id] = await insertDeliveries(db, [{ kind: 'calendar', municipality, filingId, childId, payload: { childId } }], now);
  return id ?? null;
}

/**
 * Records the wanted reminder for a child (the next follow-up date, in the caseworker's calendar) and queues its
 * reconciliation; a child who left care and comes back gets a new event (a new generation, so a new
 * transactionId), never the old one.
 */
export async function wantCalendarReminder(db: Db, wish: { childId: string; caseworkerAddress: string; dueOn: string }, municipality: string, filingId: string | null, now: string): Promise<string | null> {
  const existing = (await db(CALENDAR).where({ child_id: wish.childId }).first()) as Row | undefined;
  if (!existing) {
    await db(CALENDAR).insert({ child_id: wish.childId, municipality, caseworker_address: wish.caseworkerAddress, due_on: wish.dueOn, state: 'active', generation: 1, updated_at: now });
  } else {
    const reopened = existing.state === 'removed';
    await db(CALENDAR)
      .where({ child_id: wish.childId })
      .update({ municipality, caseworker_address: wish.caseworkerAddress, due_on: wish.dueOn, state: 'active', updated_at: now, ...(reopened ? { generation: Number(existing.generation) + 1 } : {}) });
  }
  return enqueueCalendarReconcile(db, wish.childId, municipality, filingId, now);
}

/** The child left care (or has no follow-up any more): the reminder is to be removed. */
export async function removeCalendarReminder(db: Db, childId: string, now: string): Promise<string | null> {
  const existing = (await db(CALENDAR).where({ child_id: childId }).first()) as Row | undefined;
  if (!existing || existing.state === 'removed') return null;
  await db(CALENDAR).where({ child_id: childId }).update({ state: 'removed', due_on: null, updated_at: now });
  return enqueueCalendarReconcile(db, childId, String(existing.municipality), null, now);
}

/**
 * The filing's handler: writes the filing's deliveries into the outbox in the filing's own transaction (`trx`),
 * as the municipality's configuration says; nothing is sent here. A municipality without configuration gets no
 * rows. Filing the same report again adds nothing (the rows of a filing are written once per kind).
 */
export async function enqueueDeliveriesForFiling(trx: Db, filing: FiledReport, deliveryConfig: DeliveryConfig, now: string = new Date().toISOString()): Promise<string[]> {
  const config = deliveryFor(deliveryConfig, filing.municipality);
  if (config === null) return [];
  const plan = planDeliveries(filing, config);
  const already = new Set((await trx(OUTBOX).where({ filing_id: filing.filingId }).pluck('kind')).map(String));
  const fresh = plan.deliveries.filter((d) => !already.has(d.kind));
  const ids = await insertDeliveries(
    trx,
    fresh.map((d) => ({ kind: d.kind, municipality: config.municipality, filingId: filing.filingId, childId: filing.childId, payload: d.payload, problem: d.problem })),
    now,
  );
  if (plan.calendar && !already.has('calendar')) {
    const id = await wantCalendarReminder(trx, plan.calendar, config.municipality, filing.filingId, now);
    if (id !== null) ids.push(id);
  }
  return ids;
}

/**
 * The deliveries written for one filing (the report page's delivery state), oldest first. A read only.
 */
export async function deliveriesOfFiling(db: Db, filingId: string): Promise<OutboxRow[]> {
  return ((await db(OUTBOX).where({ filing_id: filingId }).orderBy('delivery_id')) as Row[]).map(fromRow);
}

/** Rows that may be claimed at `now`: pending and due, or in progress with a lease that ran out. */
const dueAt = (now: string) => (q: Knex.QueryBuilder) =>
  q.where((w) => w.where('status', 'pending').andWhere('next_attempt_at', '<=', now)).orWhere((w) => w.where('status', 'in-progress').andWhere('lease_until', '<', now));

/**
 * The claim: one UPDATE that changes the row only while it is still claimable, so of several instances exactly
 * one sees 1 row changed (SQLite serialises writers; SQL Server takes an update lock on the row). The attempt is
 * counted here.
 */
export function claimStatement(db: Knex, deliveryId: string, workerId: string, now: string, leaseUntil: string): Knex.QueryBuilder<Row, number> {
  return db(OUTBOX)
    .where('delivery_id', deliveryId)
    .andWhere(dueAt(now))
    .update({
      status: 'in-progress',
      claimed_by: workerId,
      lease_until: leaseUntil,
      attempts: db.raw('attempts + 1'),
      first_attempt_at: db.raw('coalesce(first_attempt_at, ?)', [now]),
    });
}

export class DeliveryOutboxRepository {
  constructor(private readonly db: Knex) {}

  /**
   * Claims up to `limit` rows that are due (pending and their time has come) or whose lease ran out (their
   * worker died mid-attempt). Each claim is one conditional UPDATE that only one instance can win; the
   * attempt is counted as it is claimed.
   */
  async claimDue(workerId: string, now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]> {
    const candidates = await this.db(OUTBOX).select('delivery_id').where(dueAt(now)).orderBy('next_attempt_at').orderBy('delivery_id').limit(limit * 3);
    const claimed: OutboxRow[] = [];
    for (const c of candidates) {
      if (claimed.length >= limit) break;
      if ((await claimStatement(this.db, String(c.delivery_id), workerId, now, leaseUntil)) === 1) {
        const row = await this.db(OUTBOX).where({ delivery_id: c.delivery_id, claimed_by: workerId }).first();
        if (row) claimed.push(fromRow(row));
      }
    }
    return claimed;
  }

  private held(id: string, workerId: string) {
    return this.db(OUTBOX).where({ delivery_id: id, claimed_by: workerId, status: 'in-progress' });
  }

  /** Keeps a step's result (a large mail's draft id) before the next step; false when the lease was lost. */
  async saveProgress(id: string, workerId: string, graphResultId: string): Promise<boolean> {
    return (await this.held(id, workerId).update({ graph_result_id: graphResultId.slice(0, 400) })) === 1;
  }

  /** Longer lease for a long step (a large upload); false when the lease was lost. */
  async extendLease(id: string, workerId: string, leaseUntil: string): Promise<boolean> {
    return (await this.held(id, workerId).update({ lease_until: leaseUntil })) === 1;
  }

  async markDelivered(id: string, workerId: string, graphResultId: string, now: string): Promise<boolean> {
    const changed = await this.held(id, workerId).update({ status: 'delivered', graph_result_id: graphResultId.slice(0, 400), delivered_at: now, claimed_by: null, lease_until: null, last_error: null });
    return changed === 1;
  }

  async markRetry(id: string, workerId: string, nextAttemptAt: string, reason: string): Promise<boolean> {
    return (await this.held(id, workerId).update({ status: 'pending', next_attempt_at: nextAttemptAt, claimed_by: null, lease_until: null, last_error: reason.slice(0, 1000) })) === 1;
  }

  async markFailed(id: string, workerId: string, reason: string): Promise<boolean> {
    return (await this.held(id, workerId).update({ status: 'failed', claimed_by: null, lease_until: null, last_error: reason.slice(0, 1000) })) === 1;
  }

  async get(id: string): Promise<OutboxRow | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const row = await this.db(OUTBOX).where({ delivery_id: id }).first();
    return row ? fromRow(row) : null;
  }

  async list(status: DeliveryStatus | null, limit = 1000): Promise<OutboxRow[]> {
    const q = this.db(OUTBOX).orderBy('delivery_id').limit(limit);
    if (status !== null) void q.where({ status });
    return (await q).map(fromRow);
  }

  /** Sends a failed or cancelled delivery again, from now, with a fresh give-up window. */
  async retry(id: string, now: string): Promise<OutboxRow> {
    const row = await this.mustGet(id);
    const changed = await this.db(OUTBOX)
      .where({ delivery_id: id })
      .whereIn('status', ['failed', 'cancelled'])
      .update({ status: 'pending', next_attempt_at: now, first_attempt_at: null, claimed_by: null, lease_until: null });
    if (changed !== 1) throw new BeslutningsstotteError('DELIVERY_STATE_CONFLICT', { id, status: row.status, detail: 'only a failed or cancelled delivery can be retried' });
    return (await this.get(id))!;
  }

  /** Stops a delivery that has not been delivered and is not being sent right now. */
  async cancel(id: string, now: string): Promise<OutboxRow> {
    const row = await this.mustGet(id);
    const changed = await this.db(OUTBOX)
      .where({ delivery_id: id })
      .andWhere((q) => q.whereIn('status', ['pending', 'failed']).orWhere((w) => w.where('status', 'in-progress').andWhere('lease_until', '<', now)))
      .update({ status: 'cancelled', claimed_by: null, lease_until: null });
    if (changed !== 1) throw new BeslutningsstotteError('DELIVERY_STATE_CONFLICT', { id, status: row.status, detail: 'a delivered delivery, or one being sent right now, cannot be cancelled' });
    return (await this.get(id))!;
  }

  private async mustGet(id: string): Promise<OutboxRow> {
    const row = await this.get(id);
    if (!row) throw new BeslutningsstotteError('DELIVERY_NOT_FOUND', { id });
    return row;
  }

  /** Deliveries by state (every state, zero included): the metrics and the command's summary. */
  async countByStatus(): Promise<Record<DeliveryStatus, number>> {
    const rows = (await this.db(OUTBOX).select('status').count({ n: '*' }).groupBy('status')) as Array<{ status: unknown; n: unknown }>;
    const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
    for (const r of rows) if ((DELIVERY_STATUSES as readonly string[]).includes(String(r.status))) counts[String(r.status) as DeliveryStatus] = Number(r.n);
    return counts;
  }

  async calendar(childId: string): Promise<CalendarState | null> {
    const row = await this.db(CALENDAR).where({ child_id: childId }).first();
    return row ? calendarFromRow(row) : null;
  }

  /** The reminders that are wanted now (state active): child and date. */
  async activeReminders(): Promise<Array<{ childId: string; dueOn: string | null }>> {
    const rows = (await this.db(CALENDAR).select('child_id', 'due_on').where({ state: 'active' }).orderBy('child_id')) as Row[];
    return rows.map((r) => ({ childId: String(r.child_id), dueOn: str(r.due_on) }));
  }

  /** What the caseworker's calendar now shows for the child (after a create, move or delete). */
  async recordCalendarEvent(childId: string, generation: number, event: { eventId: string | null; mailbox: string | null; dueOn: string | null }, now: string): Promise<void> {
    await this.db(CALENDAR).where({ child_id: childId, generation }).update({ event_id: event.eventId, event_mailbox: event.mailbox, event_due_on: event.dueOn, updated_at: now });
  }
}
