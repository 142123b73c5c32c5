// The caseworker's reminder of a child's next follow-up: one all-day Outlook event per child, kept in step with
// the wanted state in bs_delivery_calendar. Created with a transactionId that is the same on every attempt for
// the same child and generation, so Graph answers a repeated create with the event it already made (a worker
// that died after the create and before storing the id does not make a second event); moved (PATCH) when the
// date changes; moved to the new caseworker's calendar when the caseworker changes; deleted when the child
// leaves care (an event already gone counts as deleted).
import { createHash } from 'node:crypto';
import type { GraphOutcome } from '../delivery/delivery-outcome';
import type { GraphConnection } from './graph-client';

export const CALENDAR_TIME_ZONE = 'Romance Standard Time';

export interface CalendarWant {
  readonly childId: string;
  readonly generation: number;
  readonly state: 'active' | 'removed';
  readonly caseworkerAddress: string | null;
  readonly dueOn: string | null;
  readonly eventId: string | null;
  readonly eventMailbox: string | null;
  readonly eventDueOn: string | null;
}

export interface CalendarTexts {
  readonly subject: string;
  readonly body: string;
}

/** What the calendar now shows, to store. */
export interface CalendarResult {
  readonly eventId: string | null;
  readonly mailbox: string | null;
  readonly dueOn: string | null;
}

/** The same on every attempt for a child's event of one generation; nothing in it identifies the child. */
export function eventTransactionId(childId: string, generation: number): string {
  const h = createHash('sha256').update(`beslutningsstotte-follow-up-reminder\u0000${childId}\u0000${generation}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const when = (dueOn: string) => ({
  isAllDay: true,
  start: { dateTime: `${dueOn}T00:00:00`, timeZone: CALENDAR_TIME_ZONE },
  end: { dateTime: `${nextDay(dueOn)}T00:00:00`, timeZone: CALENDAR_TIME_ZONE },
});
const eventPath = (mailbox: string, id: string) => `/users/${encodeURIComponent(mailbox)}/events/${encodeURIComponent(id)}`;

async function remove(conn: GraphConnection, mailbox: string, id: string): Promise<GraphOutcome> {
  const gone = await conn.call((c, signal) => c.api(eventPath(mailbox, id)).option('signal', signal).delete());
  if (gone.ok || (gone.failure === 'http' && gone.status === 404)) return { ok: true, resultId: id };
  return gone;
}

/**
 * Brings the calendar to the wanted state. `record` stores what the calendar shows after each change (so a
 * later attempt starts from there); the outcome's id is the event's (or the removed event's).
 */
export async function reconcileReminder(conn: GraphConnection, want: CalendarWant, texts: CalendarTexts, record: (now: CalendarResult) => Promise<void>): Promise<GraphOutcome> {
  let { eventId, eventMailbox, eventDueOn } = want;
  const wanted = want.state === 'active' && want.dueOn !== null && want.caseworkerAddress !== null;
  if (eventId !== null && eventMailbox !== null && (!wanted || eventMailbox.toLowerCase() !== want.caseworkerAddress!.toLowerCase())) {
    const removed = await remove(conn, eventMailbox, eventId);
    if (!removed.ok) return removed;
    await record({ eventId: null, mailbox: null, dueOn: null });
    if (!wanted) return { ok: true, resultId: `removed:${eventId}` };
    eventId = null;
    eventMailbox = null;
    eventDueOn = null;
  }
  if (!wanted) return { ok: true, resultId: 'none' };
  const mailbox = want.caseworkerAddress!;
  const dueOn = want.dueOn!;
  if (eventId === null) {
    const created = await conn.call((c, signal) =>
      c
        .api(`/users/${encodeURIComponent(mailbox)}/events`)
        .option('signal', signal)
        .post({
          subject: texts.subject,
          body: { contentType: 'Text', content: texts.body },
          ...when(dueOn),
          showAs: 'free',
          isReminderOn: true,
          reminderMinutesBeforeStart: 7 * 24 * 60,
          transactionId: eventTransactionId(want.childId, want.generation),
        }) as Promise<{ id?: string }>,
    );
    if (!created.ok) return created;
    if (typeof created.value.id !== 'string') return { ok: false, failure: 'http', status: 502, code: null, message: 'Graph created the event without an id', retryAfterSeconds: null };
    await record({ eventId: created.value.id, mailbox, dueOn });
    return { ok: true, resultId: created.value.id };
  }
  if (eventDueOn !== dueOn) {
    const moved = await conn.call((c, signal) => c.api(eventPath(mailbox, eventId!)).option('signal', signal).patch(when(dueOn)));
    if (!moved.ok) return moved;
    await record({ eventId, mailbox, dueOn });
  }
  return { ok: true, resultId: eventId };
}
