// `beslutningsstotte batch --from DATE --to DATE`: scores every referral received in the period (both days
// included) into the plugin's own tables, for the municipality's own validation report. Shows a progress bar
// with rate and time left on a terminal; prints a one-line summary (counts only, never a score) at the end.
// Interrupt it at any time: started again, it goes on where it stopped and never scores a referral twice.
// Databases, mapping and model come from the server configuration (--config; default: the embedded demo setup).
import { SingleBar } from 'cli-progress';
import { openDatabase } from '../../adapters/database-config';
import { runBatchScoring, type BatchProgress } from '../batch/batch-scoring';
import { defaultExtractionWorkers, ExtractionWorkers } from '../batch/extraction-workers';
import { readApprovalList } from '../scoring/model-approval';
import { loadModelPackage } from '../scoring/model-package-loader';
import { readServerConfig } from '../server/server-config';
import { migratePluginDatabase, openPluginDatabase } from '../storage/plugin-database';
import { BeslutningsstotteError } from '../errors';
import type { CliIo } from './cli-io';
import { loadMapping } from '../../adapters/mapping/mapping-file';
import { modelFeatureRequirements } from '../scoring/model-feature-requirements';

export interface BatchCommandOptions {
  readonly from: string;
  readonly to: string;
  readonly config?: string;
  readonly chunkSize?: string;
  readonly claimLease?: string;
  /** Extraction worker threads ("0": extract in the main thread). */
  readonly workers?: string;
  /** Draw the progress bar (default: when standard error is a terminal). */
  readonly progress?: boolean;
}

function wholeNumber(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,3}$/.test(value)) throw new BeslutningsstotteError('INPUT_INVALID', { detail: `${option} must be a whole number (0 or more)` });
  return Number(value);
}

function positiveInteger(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1) throw new BeslutningsstotteError('INPUT_INVALID', { detail: `${option} must be a whole number of at least 1` });
  return Number(value);
}

/** A progress bar on standard error with referrals per second and time left (cli-progress). */
function progressBar(): { update: (p: BatchProgress) => void; stop: () => void } {
  const started = Date.now();
  const bar = new SingleBar(
    {
      format: 'Batch scoring |{bar}| {percentage}% {value}/{total} referrals | {rate}/s | time left {eta_formatted}',
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
    },
  );
  let begun = false;
  return {
    update: (p) => {
      const rate = Math.round(p.done / Math.max(0.001, (Date.now() - started) / 1000));
      if (!begun) {
        bar.start(p.total, p.done, { rate });
        begun = true;
      } else bar.update(p.done, { rate });
    },
    stop: () => {
      if (begun) bar.stop();
    },
  };
}

export async function runBatchCommand(options: BatchCommandOptions, io: CliIo): Promise<number> {
  const chunkSize = positiveInteger(options.chunkSize, '--chunk-size', 1000);
  const claimLeaseSeconds = positiveInteger(options.claimLease, '--claim-lease', 30);
  const workers = wholeNumber(options.workers, '--workers', defaultExtractionWorkers());
  const config = readServerConfig(options.config);
  const { features } = modelFeatureRequirements(config.modelDir);
  const hostDb = openDatabase(config.hostDatabase);
  const pluginDb = openPluginDatabase(config.pluginDatabase);
  let bar: ReturnType<typeof progressBar> | null = null;
  try {
    const mapping = await loadMapping(config.mappingFile, hostDb, features);
    await migratePluginDatabase(pluginDb);
    const model = await loadModelPackage(config.modelDir, { approvals: readApprovalList(config.approvedModelsFile) });
    try {
      // The bar starts once the mapping and the model are ready, so its rate is the scoring's own.
      if (options.progress ?? process.stderr.isTTY === true) bar = progressBar();
      const started = performance.now();
      const extractor = workers > 0 ? new ExtractionWorkers({ hostDatabase: config.hostDatabase, mapping, workers, sliceSize: chunkSize }) : null;
      const summary = await runBatchScoring(
        { hostDb, pluginDb, mapping, model, ...(extractor ? { extractor } : {}) },
        { period: { from: options.from, to: options.to }, chunkSize, claimLeaseSeconds, ...(bar ? { onProgress: bar.update } : {}) },
      ).finally(() => extractor?.close());
      bar?.stop();
      const seconds = (performance.now() - started) / 1000;
      io.out(
        `Batch ${options.from} to ${options.to} with ${model.identity.id} ${model.identity.version}: ${summary.total} referrals in the period; ` +
          `${summary.scored} scored, ${summary.refused} could not be scored (reason stored), ${summary.skipped} already done; ${seconds.toFixed(1)} s.`,
      );
      return 0;
    } finally {
      await model.runtime.release();
    }
  } finally {
    bar?.stop();
    await hostDb.destroy();
    await pluginDb.destroy();
  }
}
