// `beslutningsstotte deliveries [--status S]`: the delivery outbox for an administrator (what waits, what failed
// and why, what Graph returned); `deliveries retry ID` sends a failed or cancelled delivery again;
// `deliveries cancel ID` stops one; `deliveries work` runs the worker that delivers (until stopped, or --once).
import { BeslutningsstotteError } from '../errors';
import { readServerConfig } from '../server/server-config';
import { migratePluginDatabase, openPluginDatabase } from '../storage/plugin-database';
import { DELIVERY_STATUSES, DeliveryOutboxRepository, type DeliveryStatus, type OutboxRow } from '../storage/delivery-outbox-repository';
import { requireDeliveryConfig } from '../graph/delivery-config-file';
import { DeliveryWorker, type ReportDocumentSource, type WorkerLogger } from '../graph/delivery-worker';
import { graphConnections } from '../graph/graph-connections';
import { filedReportDocuments } from '../graph/report-document-source';
import { openFollowUp } from '../server/follow-up-setup';
import { loadMapping } from '../../adapters/mapping/mapping-file';
import { createLogger } from '../server/request-logger';
import { syncReminders } from '../graph/reminder-sync';
import type { CliIo } from './cli-io';
import { csvCell } from './csv-cell';

export interface DeliveriesListOptions {
  readonly status?: string;
  readonly format?: string;
  readonly config?: string;
}

const COLUMNS = ['deliveryId', 'kind', 'status', 'attempts', 'municipality', 'filingId', 'childId', 'createdAt', 'nextAttemptAt', 'deliveredAt', 'graphResultId', 'lastError'] as const;

function statusOf(value: string | undefined): DeliveryStatus | null {
  if (value === undefined) return null;
  if (!(DELIVERY_STATUSES as readonly string[]).includes(value)) throw new BeslutningsstotteError('INPUT_INVALID', { detail: `--status must be one of ${DELIVERY_STATUSES.join(', ')}` });
  return value as DeliveryStatus;
}

async function withOutbox<T>(configFile: string | undefined, run: (repo: DeliveryOutboxRepository) => Promise<T>): Promise<T> {
  const config = readServerConfig(configFile);
  const db = openPluginDatabase(config.pluginDatabase);
  try {
    await migratePluginDatabase(db);
    return await run(new DeliveryOutboxRepository(db));
  } finally {
    await db.destroy();
  }
}

/** A row as the administrator reads it: no payload (recipient, texts), which stays in the database. */
const shown = (r: OutboxRow) => Object.fromEntries(COLUMNS.map((c) => [c, r[c]]));

export async function runDeliveriesListCommand(options: DeliveriesListOptions, io: CliIo): Promise<number> {
  const status = statusOf(options.status);
  return withOutbox(options.config, async (repo) => {
    const rows = await repo.list(status);
    const counts = await repo.countByStatus();
    if (options.format === 'json') {
      io.out(JSON.stringify({ counts, deliveries: rows.map(shown) }, null, 2));
      return 0;
    }
    io.out(COLUMNS.join(','));
    for (const r of rows) io.out(COLUMNS.map((c) => csvCell(r[c])).join(','));
    io.err(`${rows.length} shown; outbox: ${DELIVERY_STATUSES.map((s) => `${s} ${counts[s]}`).join(', ')}`);
    return 0;
  });
}

function assertId(id: string): string {
  if (!/^\d{1,18}$/.test(id)) throw new BeslutningsstotteError('INPUT_INVALID', { detail: 'the delivery id is a number (see `beslutningsstotte deliveries`)' });
  return id;
}

export async function runDeliveriesRetryCommand(id: string, options: { config?: string }, io: CliIo): Promise<number> {
  return withOutbox(options.config, async (repo) => {
    const row = await repo.retry(assertId(id), new Date().toISOString());
    io.out(`Delivery ${row.deliveryId} (${row.kind}) is pending again; the worker sends it at its next round.`);
    return 0;
  });
}

export async function runDeliveriesCancelCommand(id: string, options: { config?: string }, io: CliIo): Promise<number> {
  return withOutbox(options.config, async (repo) => {
    const row = await repo.cancel(assertId(id), new Date().toISOString());
    io.out(`Delivery ${row.deliveryId} (${row.kind}) is cancelled; it is not sent. \`deliveries retry ${row.deliveryId}\` undoes this.`);
    return 0;
  });
}

export interface DeliveriesWorkOptions {
  readonly config?: string;
  readonly deliveryConfig?: string;
  readonly once?: boolean;
  readonly interval?: string;
}

/** Runs the worker: until SIGINT/SIGTERM, or with --once until nothing is due. Reports are rendered as filed. */
export async function runDeliveriesWorkCommand(options: DeliveriesWorkOptions, io: CliIo, documents?: ReportDocumentSource, logger: WorkerLogger = createLogger()): Promise<number> {
  const deliveryConfig = requireDeliveryConfig(options.deliveryConfig);
  const config = readServerConfig(options.config);
  const followUp = documents ? null : await openFollowUp(config, (hostDb) => loadMapping(config.mappingFile, hostDb));
  const db = followUp?.pluginDb ?? openPluginDatabase(config.pluginDatabase);
  try {
    await migratePluginDatabase(db);
    const worker = new DeliveryWorker({
      repo: new DeliveryOutboxRepository(db),
      config: deliveryConfig,
      connectionFor: graphConnections(deliveryConfig),
      documents: documents ?? filedReportDocuments(followUp!.deps),
      logger,
    });
    if (options.once) {
      const handled = await worker.drain();
      io.out(`Handled ${handled} delivery attempt(s).`);
      return 0;
    }
    const interval = Number.parseInt(options.interval ?? '10', 10);
    if (!Number.isInteger(interval) || interval < 1) throw new BeslutningsstotteError('INPUT_INVALID', { detail: '--interval is whole seconds, at least 1' });
    const running = worker.start(interval * 1000);
    io.out(`Delivery worker ${worker.workerId} started (every ${interval} s); stop with Ctrl-C.`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await running.stop();
    return 0;
  } finally {
    if (followUp) await followUp.close();
    else await db.destroy();
  }
}

/** `deliveries sync-reminders`: moves or removes reminders whose child's schedule or care changed (queued for the worker). */
export async function runDeliveriesSyncRemindersCommand(options: { config?: string }, io: CliIo): Promise<number> {
  const config = readServerConfig(options.config);
  const open = await openFollowUp(config, (hostDb) => loadMapping(config.mappingFile, hostDb));
  try {
    const changes = await syncReminders(open.pluginDb, open.deps);
    const moved = changes.filter((c) => c.action === 'move').length;
    io.out(`Reminders: ${moved} to move, ${changes.length - moved} to remove (the delivery worker makes the change in Outlook).`);
    return 0;
  } finally {
    await open.close();
  }
}
