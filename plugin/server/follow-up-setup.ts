// Builds the follow-up report's dependencies from the server configuration (or hands in open databases):
// the host is read through its read-only connection, the plugin's tables are migrated, templates and texts
// are compiled once, and one PDF printer is shared.
import type { Knex } from 'knex';
import { openDatabase } from '../../adapters/database-config';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import type { ServerConfig } from './server-config';
import { migratePluginDatabase, openPluginDatabase } from '../storage/plugin-database';
import type { FilingDeps, ReportPrinter } from '../follow-up/follow-up-service';
import { DEFAULT_WELLBEING_RULER, type WellbeingRulerConfig } from '../follow-up/instruments/wellbeing-ruler';
import { ReportPdfPrinter } from '../printing/report-pdf-printer';
import { loadReportMessages } from '../follow-up/report-locale';
import { compileReportTemplates } from '../follow-up/report-templates';
import { migrateFollowUpTables } from '../storage/follow-up/follow-up-database';
import { FollowUpRepository } from '../storage/follow-up/follow-up-repository';
import { FollowUpFilings, type FilingHandler } from '../storage/follow-up/follow-up-filing';
import { createHostFollowUpSource } from '../../adapters/follow-up/host-follow-up-source';
import { deliveryFor, type DeliveryConfig } from '../delivery/delivery-config';
import { deliveriesOfFiling } from '../storage/delivery-outbox-repository';
import type { FilingDeliveryReader } from '../follow-up/filing-delivery-view';
import { danishDay } from '../danish-time';

/** The report's dependencies as the routes use them: the use cases' ports, with the repository that also records. */
export interface FollowUpDeps extends FilingDeps {
  readonly repo: FollowUpRepository;
  readonly filings: FollowUpFilings;
  /** What became of a filing's deliveries (the page's and the JSON's delivery state). */
  readonly deliveries: FilingDeliveryReader;
}

/** Today in the municipality (the Danish calendar day), as YYYY-MM-DD. */
export const todayIso = (now: Date = new Date()) => danishDay(now);

export interface FollowUpSetupOptions {
  readonly today?: () => string;
  readonly now?: () => Date;
  readonly ruler?: WellbeingRulerConfig;
  readonly synthetic?: boolean;
  readonly pdf?: ReportPrinter;
  readonly sdqWording?: Readonly<Record<string, string>> | null;
  /**
   * Called inside each new filing's transaction with the transaction and the filed record, in order (e.g. the
   * delivery outbox writing its rows); one that throws rolls the filing back. See storage/follow-up/follow-up-filing.ts.
   */
  readonly onFiled?: readonly FilingHandler[];
  /**
   * The delivery configuration the filings' deliveries are written by (null or absent: none, and the report
   * says it is filed only). Give the same configuration the `onFiled` handlers were made from.
   */
  readonly delivery?: DeliveryConfig | null;
}

/**
 * The delivery state of a filing, read from the outbox: "not set up" when no configuration covers the filing's
 * municipality (then nothing is delivered), else the rows written with the filing.
 */
export function filingDeliveryReader(pluginDb: Knex, delivery: DeliveryConfig | null): FilingDeliveryReader {
  return async (filing) => {
    if (delivery === null || deliveryFor(delivery, filing.municipality) === null) return { configured: false };
    const rows = await deliveriesOfFiling(pluginDb, filing.filingId);
    return { configured: true, deliveries: rows.map((r) => ({ deliveryId: r.deliveryId, kind: r.kind, status: r.status, attempts: r.attempts, deliveredAt: r.deliveredAt, lastError: r.lastError })) };
  };
}

/** Dependencies over databases the caller opened (and closes); migrates the follow-up tables. */
export async function followUpDeps(hostDb: Knex, pluginDb: Knex, mapping: FieldMapping, options: FollowUpSetupOptions = {}): Promise<FollowUpDeps> {
  await migrateFollowUpTables(pluginDb);
  const now = options.now ?? (() => new Date());
  return {
    host: createHostFollowUpSource(hostDb, mapping),
    repo: new FollowUpRepository(pluginDb, now),
    filings: new FollowUpFilings(pluginDb, options.onFiled ?? []),
    deliveries: filingDeliveryReader(pluginDb, options.delivery ?? null),
    now,
    ruler: options.ruler ?? DEFAULT_WELLBEING_RULER,
    templates: compileReportTemplates(),
    messages: loadReportMessages(),
    pdf: options.pdf ?? new ReportPdfPrinter(),
    today: options.today ?? (() => todayIso(now())),
    synthetic: options.synthetic ?? true,
    sdqWording: options.sdqWording ?? null,
  };
}

export interface OpenFollowUp {
  readonly deps: FollowUpDeps;
  readonly hostDb: Knex;
  readonly pluginDb: Knex;
  close(): Promise<void>;
}

/**
 * Opens both databases from the server configuration (the command line's way in); `mappingOn` reads and
 * validates the field mapping against the opened host database.
 */
export async function openFollowUp(config: ServerConfig, mappingOn: (hostDb: Knex) => Promise<FieldMapping>, options: FollowUpSetupOptions = {}): Promise<OpenFollowUp> {
  const hostDb = openDatabase(config.hostDatabase);
  const pluginDb = openPluginDatabase(config.pluginDatabase);
  try {
    await migratePluginDatabase(pluginDb);
    const deps = await followUpDeps(hostDb, pluginDb, await mappingOn(hostDb), options);
    return {
      deps,
      hostDb,
      pluginDb,
      close: async () => {
        await Promise.allSettled([deps.pdf.close(), hostDb.destroy(), pluginDb.destroy()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([hostDb.destroy(), pluginDb.destroy()]);
    throw error;
  }
}
