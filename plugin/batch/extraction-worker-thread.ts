// One extraction worker thread of a batch run (started by ./extraction-workers): opens its own read connection
// to the host database and extracts the feature values of the referral ids it is sent, one request at a time,
// through the same FeatureExtractor as the panel. It holds no state another instance needs; it scores nothing
// and writes nothing, and what it sends back (feature values, ages) never leaves the process.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type DatabaseConfig } from '../../adapters/database-config';
import { FeatureExtractor } from '../../adapters/extraction/feature-extractor';
import { hostId } from '../../adapters/extraction/host-queries';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import type { ExtractionReady, ExtractionReply, ExtractionRequest } from './extraction-messages';

export interface ExtractionWorkerData {
  readonly hostDatabase: DatabaseConfig;
  readonly mapping: FieldMapping;
  readonly sliceSize: number;
}

const { hostDatabase, mapping, sliceSize } = workerData as ExtractionWorkerData;
const port = parentPort!;
const hostDb = openDatabase(hostDatabase);
const extractor = new FeatureExtractor(hostDb, mapping);

port.on('message', async (message: ExtractionRequest) => {
  if (message.kind === 'close') {
    await hostDb.destroy();
    port.close();
    return;
  }
  let reply: ExtractionReply;
  try {
    reply = { kind: 'extracted', request: message.request, extracted: await extractor.extractBatch(message.ids.map(hostId), { sliceSize }) };
  } catch (error) {
    reply = { kind: 'extracted', request: message.request, error: describeError(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ kind: 'ready' } satisfies ExtractionReady);

/** An error as plain data (a typed error keeps its code and details, so the run fails with the same one). */
function describeError(error: unknown): ExtractionReply['error'] {
  const e = error as { name?: unknown; message?: unknown; code?: unknown; details?: unknown };
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: typeof e?.message === 'string' ? e.message : String(error),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    ...(e?.details !== null && typeof e?.details === 'object' ? { details: e.details as Record<string, unknown> } : {}),
  };
}
