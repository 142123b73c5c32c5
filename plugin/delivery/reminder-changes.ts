// Keeping the caseworkers' reminders in step with the schedule and with care (pure): a reminder whose child is no
// longer in care, or has no next follow-up, is removed; one whose next follow-up date changed is moved. Children
// without a reminder get one when their report is filed (the filing knows the caseworker), never from here.

export interface ActiveReminder {
  readonly childId: string;
  readonly dueOn: string | null;
}

export type ReminderChange = { readonly childId: string; readonly action: 'move'; readonly dueOn: string } | { readonly childId: string; readonly action: 'remove' };

export function reminderChanges(reminders: readonly ActiveReminder[], inCare: ReadonlySet<string>, nextDue: ReadonlyMap<string, string>): ReminderChange[] {
  const changes: ReminderChange[] = [];
  for (const r of reminders) {
    const due = nextDue.get(r.childId);
    if (!inCare.has(r.childId) || due === undefined) changes.push({ childId: r.childId, action: 'remove' });
    else if (due !== r.dueOn) changes.push({ childId: r.childId, action: 'move', dueOn: due });
  }
  return changes;
}
