// Graph down for an hour, on a simulated clock handed to the worker: every attempt meets 503 (sometimes with
// Retry-After), the rows wait with growing backoff, none is given up, and when Graph is back each row is
// delivered exactly once. The loopback Graph (test/helpers/fake-graph-server.ts) stands in for Graph here so
// the clock that says "down" is the same one the worker reads.
import { expect } from 'chai';
import { DeliveryWorker } from '../../plugin/graph/delivery-worker';
import { GraphConnection } from '../../plugin/graph/graph-client';
import { RefreshableCredential } from '../../plugin/graph/graph-credential';
import { DeliveryOutboxRepository, enqueueDeliveriesForFiling } from '../../plugin/storage/delivery-outbox-repository';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph-server';
import { CLIENT, deliveryConfigFor, filedReport, temporaryPluginDatabase, type TemporaryPluginDatabase } from '../helpers/delivery-fixtures';

describe('Graph down for a simulated hour, then back', () => {
  let t: TemporaryPluginDatabase;
  let graph: FakeGraph;
  afterEach(async () => {
    await graph.close();
    await t.close();
  });

  for (const retryAfterSeconds of [undefined, 90]) {
    it(`delivers each row once when Graph is back (${retryAfterSeconds === undefined ? 'backoff with jitter' : `Retry-After ${retryAfterSeconds} s`})`, async function () {
      // Some 1,200 loopback calls and durable commits: room for a busy machine (no duration is asserted).
      this.timeout(120_000);
      t = await temporaryPluginDatabase();
      const start = new Date('2026-11-30T10:00:00.000Z').getTime();
      let clock = start;
      const backAt = start + 3_600_000;
      graph = await startFakeGraph({ clientId: CLIENT, down: () => clock < backAt, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) });
      const config = deliveryConfigFor({ calendar: { enabled: true } });
      await t.db.transaction(async (trx) => {
        for (let i = 1; i <= 10; i++) await enqueueDeliveriesForFiling(trx, filedReport({ filingId: String(i), childId: `C-${i}`, caseNumber: `SAG-${i}` }), config, new Date(start).toISOString());
      });
      const repo = new DeliveryOutboxRepository(t.db);
      const now = () => new Date(clock);
      const connection = new GraphConnection(new RefreshableCredential(() => ({ getToken: async () => ({ token: 'loopback', expiresOnTimestamp: clock + 3_600_000 }) })), { baseUrl: graph.baseUrl, timeoutMs: 10_000, now });
      let seed = 7;
      const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
      const worker = new DeliveryWorker({ repo, config, connectionFor: () => connection, documents: async (ref) => Buffer.from(`%PDF ${ref.filingId}`), now, random });
      while (clock < backAt + 2 * 3_600_000) {
        await worker.drain();
        clock += 60_000;
      }
      const counts = await repo.countByStatus();
      expect(counts).to.deep.equal({ pending: 0, 'in-progress': 0, delivered: 30, failed: 0, cancelled: 0 });
      expect(graph.state.mails).to.have.length(10);
      expect(graph.state.items.size).to.equal(10);
      expect(graph.state.events.size).to.equal(10);
      const rows = await repo.list('delivered');
      // Backoff, not hammering: within the hour each row was tried a handful of times (30 s doubling to 15 min),
      // and after Graph came back each was delivered within one longest wait.
      for (const r of rows) {
        expect(r.attempts).to.be.within(retryAfterSeconds ? 20 : 6, retryAfterSeconds ? 45 : 12);
        expect(Date.parse(r.deliveredAt!) - backAt).to.be.at.most(16 * 60_000);
      }
    });
  }
});
