// Brings the wanted reminders in line with the host and the schedule: reads the children in care (host) and each
// scheduled child's next follow-up (plugin tables), and queues a move or a removal for each reminder that differs.
// The worker then makes the change in Outlook. Run by `deliveries sync-reminders` (daily, e.g. from cron).
import type { Knex } from 'knex';
import type { FollowUpReadStore, ReportDeps } from '../follow-up/follow-up-service';
import { dueFollowUps } from '../follow-up/follow-up-schedule';
import { reminderChanges, type ReminderChange } from '../delivery/reminder-changes';
import { DeliveryOutboxRepository, removeCalendarReminder, wantCalendarReminder } from '../storage/delivery-outbox-repository';

/** Every scheduled child's next due date, however far ahead. */
const ALL_AHEAD_DAYS = 100 * 366;

export interface ReminderSyncDeps {
  readonly host: Pick<ReportDeps['host'], 'childrenInCare'>;
  readonly repo: Pick<FollowUpReadStore, 'schedules' | 'lastFiledReports'>;
  readonly today: () => string;
}

export async function syncReminders(db: Knex, deps: ReminderSyncDeps, now: Date = new Date()): Promise<ReminderChange[]> {
  const repo = new DeliveryOutboxRepository(db);
  const reminders = await repo.activeReminders();
  if (reminders.length === 0) return [];
  const today = deps.today();
  const inCare = new Set((await deps.host.childrenInCare(today)).map((c) => c.childId));
  const [schedules, lastReports] = await Promise.all([deps.repo.schedules(), deps.repo.lastFiledReports()]);
  const nextDue = new Map(dueFollowUps(schedules, lastReports, today, ALL_AHEAD_DAYS).map((d) => [d.childId, d.dueDate]));
  const changes = reminderChanges(reminders, inCare, nextDue);
  const at = now.toISOString();
  for (const change of changes) {
    await db.transaction(async (trx) => {
      if (change.action === 'remove') {
        await removeCalendarReminder(trx, change.childId, at);
        return;
      }
      const state = await trx('bs_delivery_calendar').where({ child_id: change.childId, state: 'active' }).first();
      if (!state || state.caseworker_address === null) return;
      await wantCalendarReminder(trx, { childId: change.childId, caseworkerAddress: String(state.caseworker_address), dueOn: change.dueOn }, String(state.municipality), null, at);
    });
  }
  return changes;
}
