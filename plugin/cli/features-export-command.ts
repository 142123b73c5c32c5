// `beslutningsstotte features export --from DATE --to DATE [--format csv|jsonl] [--out FILE]`: every referral
// received in the period, with each feature's value as the plugin computes it and its provenance (table, rule,
// the records that counted), so municipal IT can compare a new mapping with the old system before go-live.
// Streams: referrals are read and extracted a page at a time and written as they come, so memory stays bounded
// whatever the period. The file holds personal data (ids, dates, raw values): keep it where case data may be.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { openDatabase, readDatabaseConfig } from '../../adapters/database-config';
import { FeatureExtractor, type ExtractedReferral } from '../../adapters/extraction/feature-extractor';
import { passes } from '../../adapters/extraction/feature-evaluation';
import { referralRowsQuery } from '../../adapters/extraction/host-queries';
import { addDays, isRealIsoDate } from '../../adapters/point-in-time';
import { BeslutningsstotteError } from '../errors';
import type { CliIo } from './cli-io';
import { csvCell } from './csv-cell';
import { loadMapping } from '../../adapters/mapping/mapping-file';
import { modelFeatureRequirements } from '../scoring/model-feature-requirements';

export interface FeaturesExportOptions {
  readonly from: string;
  /** The last day of the period (inclusive). */
  readonly to: string;
  readonly format: 'csv' | 'jsonl';
  readonly out?: string;
  readonly mapping: string;
  readonly dbConfig?: string;
  readonly model: string;
}

/** Referrals read and extracted per page. */
const PAGE = 1000;

export const EXPORT_CSV_COLUMNS = ['referral_id', 'received_at', 'feature', 'value', 'state', 'unknown_code', 'table', 'subject', 'rule', 'records'] as const;

/** One referral as lines of the chosen format (CSV: one line per feature). */
function linesOf(e: ExtractedReferral, format: 'csv' | 'jsonl', features: readonly string[]): string[] {
  if (format === 'jsonl') {
    return [JSON.stringify({ referralId: e.referralId, receivedAt: e.receivedAt, features: e.features, missing: e.missing, unknownCodes: e.unknownCodes, provenance: e.provenance })];
  }
  return features.map((name) => {
    const p = e.provenance?.find((x) => x.feature === name);
    const unknown = e.unknownCodes.find((u) => u.feature === name);
    const value = e.features[name];
    const state = unknown ? 'unknown-code' : value === undefined ? 'missing' : 'value';
    const records = p?.records.map((r) => ({ id: r.id, date: r.date, ...(r.siblingId !== undefined ? { siblingId: r.siblingId } : {}), values: r.values })) ?? [];
    return [e.referralId, e.receivedAt, name, value, state, unknown ? `${unknown.table}.${unknown.column}=${unknown.code}` : '', p?.table, p?.subject, p?.rule, JSON.stringify(records)]
      .map(csvCell)
      .join(',');
  });
}

/** Writes lines to a file with backpressure, or to the command's output. */
function lineSink(out: string | undefined, io: CliIo): { write(line: string): Promise<void>; close(): Promise<void> } {
  if (out === undefined) return { write: async (line) => io.out(line), close: async () => {} };
  const stream: WriteStream = createWriteStream(out, { encoding: 'utf8' });
  const failed = once(stream, 'error').then(([error]) => {
    throw new BeslutningsstotteError('INPUT_INVALID', { detail: `the file ${out} could not be written` }, { cause: error });
  });
  failed.catch(() => {});
  return {
    async write(line) {
      if (!stream.write(`${line}\n`)) await Promise.race([once(stream, 'drain'), failed]);
    },
    async close() {
      stream.end();
      await Promise.race([once(stream, 'finish'), failed]);
    },
  };
}

function checkedDay(value: string, option: string): string {
  if (!isRealIsoDate(value)) throw new BeslutningsstotteError('INPUT_INVALID', { detail: `${option} must be a date written YYYY-MM-DD, not "${value}"` });
  return value;
}

export async function runFeaturesExportCommand(options: FeaturesExportOptions, io: CliIo): Promise<number> {
  const from = checkedDay(options.from, '--from');
  const to = checkedDay(options.to, '--to');
  if (to < from) throw new BeslutningsstotteError('INPUT_INVALID', { detail: `--to (${to}) is before --from (${from})` });
  const model = modelFeatureRequirements(options.model);
  const db = openDatabase(readDatabaseConfig(options.dbConfig));
  try {
    const mapping = await loadMapping(options.mapping, db, model.features);
    const extractor = new FeatureExtractor(db, mapping);
    const names = model.features.map((f) => f.name);
    const sink = lineSink(options.out, io);
    let written = 0;
    try {
      if (options.format === 'csv') await sink.write(EXPORT_CSV_COLUMNS.join(','));
      const until = addDays(to, 1);
      for (let offset = 0; ; offset += PAGE) {
        const rows = (await referralRowsQuery(db, mapping, { limit: PAGE, offset, from, to: until, oldestFirst: true })) as Array<Record<string, unknown>>;
        const ids = rows.filter((row) => extractor.plan.referralFilters.every((f) => passes(f, row[f.column]))).map((row) => row.id as string | number);
        for (const e of await extractor.extractBatch(ids, { provenance: true })) {
          for (const line of linesOf(e, options.format, names)) await sink.write(line);
          written++;
        }
        if (rows.length < PAGE) break;
      }
    } finally {
      await sink.close();
    }
    if (options.out !== undefined) io.err(`Exported ${written} referrals received ${from} – ${to} to ${options.out} (${options.format}).`);
    return 0;
  } finally {
    await db.destroy();
  }
}
