// Audit records are kept for the configured number of days (audit.retentionDays, default 1826: five years)
// and then deleted: at start-up, once a day while the server runs, and on `beslutningsstotte audit --prune`.
// The deletion is one statement by date, so several instances doing it at once agree.
import type { Logger } from 'pino';
import type { AuditRepository } from '../storage/audit-repository';

const DAY_MS = 86_400_000;

/** The instant before which records are past retention (ISO, comparable with occurred_at). */
export function retentionCutoff(retentionDays: number, now: Date = new Date()): string {
  return new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
}

/** Deletes what is past retention now and then daily; returns a function that stops the daily run. */
export function keepAuditRetention(audit: AuditRepository, retentionDays: number, logger: Logger, now: () => Date = () => new Date()): () => void {
  const prune = async () => {
    try {
      const deleted = await audit.deleteOlderThan(retentionCutoff(retentionDays, now()));
      if (deleted > 0) logger.info({ deleted, retentionDays }, 'audit records past retention deleted');
    } catch (error) {
      logger.warn({ err: { name: (error as Error)?.name, code: (error as { code?: string })?.code } }, 'audit retention could not run; it is tried again in a day');
    }
  };
  void prune();
  const timer = setInterval(() => void prune(), DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
