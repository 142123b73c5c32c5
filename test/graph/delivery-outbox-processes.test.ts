// The outbox's promises with real processes on one SQLite file. The workers are separate Node processes and
// talk to a loopback HTTP Graph that this test starts (test/helpers/fake-graph-server.ts) rather than to nock,
// because nock intercepts only inside the process that set it up. The Graph calls' shapes are proved against
// nock in graph-delivery-nock.test.ts; here it is claims, leases and crashes that are tested.
// Mail is not in the SIGKILL test on purpose: a small mail goes out with one sendMail call that Graph answers
// without an id, so a worker killed after Graph accepted it and before the mark cannot know, and its successor
// sends it again (at least once, docs/delivery.md "What is guaranteed"); a large mail's kept draft is read before
// sending again, which graph-delivery-nock.test.ts proves.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeliveryOutboxRepository, enqueueDeliveriesForFiling } from '../../plugin/storage/delivery-outbox-repository';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph-server';
import { CLIENT, DRIVE, SENDER, TENANT, deliveryConfigFor, filedReport, temporaryPluginDatabase, type TemporaryPluginDatabase } from '../helpers/delivery-fixtures';

const here = path.dirname(fileURLToPath(import.meta.url));
const WORKER = path.join(here, 'fixtures', 'delivery-worker-process.ts');
const TSX = path.resolve(here, '../../node_modules/.bin/tsx');

function rawConfig(municipality: Record<string, unknown>): Record<string, unknown> {
  return {
    municipalities: [
      {
        municipality: '0101',
        tenantId: TENANT,
        clientId: CLIENT,
        credential: { secretEnv: 'UNUSED_IN_THIS_TEST' },
        mode: 'both',
        mail: { sender: SENDER, caseLinkTemplate: 'https://dubu.example.dk/sag/{caseNumber}' },
        upload: { driveId: DRIVE, folderTemplate: 'Opfølgning/{caseNumber}' },
        ...municipality,
      },
    ],
    leaseSeconds: 300,
  };
}

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startWorker(file: string, graph: FakeGraph, id: string, config: Record<string, unknown>, clockOffsetMs = 0): Running {
  const child = spawn(TSX, [WORKER, file, graph.baseUrl, id], {
    env: { ...process.env, DELIVERY_CONFIG_JSON: JSON.stringify(config), CLOCK_OFFSET_MS: String(clockOffsetMs) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return { child, exited };
}

async function enqueueFilings(t: TemporaryPluginDatabase, config: Record<string, unknown>, count: number, withDueDate: boolean): Promise<void> {
  const { resolveDeliveryConfig } = await import('../../plugin/delivery/delivery-config');
  const resolved = resolveDeliveryConfig(config);
  for (let i = 0; i < count; i += 50) {
    await t.db.transaction(async (trx) => {
      for (let j = i; j < Math.min(count, i + 50); j++) {
        await enqueueDeliveriesForFiling(trx, filedReport({ filingId: String(j + 1), childId: `C-${j + 1}`, caseNumber: `SAG-${j + 1}`, nextDueOn: withDueDate ? '2027-04-30' : null }), resolved, '2026-11-30T10:00:00.000Z');
      }
    });
  }
}

describe('the delivery outbox with real worker processes (loopback Graph)', function () {
  this.timeout(180_000);
  let t: TemporaryPluginDatabase;
  let graph: FakeGraph | null = null;
  const running: Running[] = [];

  beforeEach(async () => {
    t = await temporaryPluginDatabase();
  });
  afterEach(async () => {
    for (const r of running.splice(0)) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await graph?.close();
    graph = null;
    await t.close();
  });

  it('two worker processes on one SQLite file deliver 500 queued deliveries: each exactly once, none lost', async () => {
    deliveryConfigFor(); // the fixture's configuration is valid
    const config = rawConfig({ calendar: { enabled: false } });
    await enqueueFilings(t, config, 250, false); // 250 filings, a mail and an upload each
    const repo = new DeliveryOutboxRepository(t.db);
    expect((await repo.countByStatus()).pending).to.equal(500);
    graph = await startFakeGraph({ clientId: CLIENT });
    const a = startWorker(t.file, graph, 'worker-a', config);
    const b = startWorker(t.file, graph, 'worker-b', config);
    running.push(a, b);
    const [ea, eb] = await Promise.all([a.exited, b.exited]);
    expect(ea.code, ea.stderr).to.equal(0);
    expect(eb.code, eb.stderr).to.equal(0);

    expect(await repo.countByStatus()).to.deep.equal({ pending: 0, 'in-progress': 0, delivered: 500, failed: 0, cancelled: 0 });
    const links = graph.state.mails.map((m) => /sag\/(SAG-\d+)/.exec(m.body)?.[1]);
    expect(links).to.have.length(250);
    expect(new Set(links).size, 'no mail sent twice').to.equal(250);
    expect(graph.state.items.size, 'one file per filing').to.equal(250);
    expect([...graph.state.items.keys()].filter((k) => k.includes(' (2)')), 'no second copy under a new name').to.deep.equal([]);
    expect(graph.state.requests.filter((r) => r.startsWith('PUT')).length, 'no upload tried twice').to.equal(250);
    const byWorker = (await t.db('bs_delivery_outbox').select('graph_result_id')).map((r) => String(r.graph_result_id));
    expect(new Set(byWorker).size, 'each row holds its own Graph id').to.equal(500);
  });

  it('a worker killed (SIGKILL) after Graph did the work and before it was marked: a restarted worker takes over when the lease runs out, and uploads and reminders are neither lost nor made twice', async () => {
    const config = rawConfig({ mode: 'upload', calendar: { enabled: true } });
    await enqueueFilings(t, config, 20, true); // 20 uploads, 20 reminders
    let victim: Running | null = null;
    let hold: 'upload' | 'event' | null = 'upload';
    graph = await startFakeGraph({
      clientId: CLIENT,
      holdAfter: (what, state) => {
        const count = what === 'upload' ? state.items.size : state.events.size;
        if (what !== hold || count !== 3) return false;
        hold = null;
        victim?.child.kill('SIGKILL'); // Graph has done it; the worker never hears so
        return true;
      },
    });
    victim = startWorker(t.file, graph, 'worker-1', config);
    running.push(victim);
    expect((await victim.exited).signal).to.equal('SIGKILL');
    const repo = new DeliveryOutboxRepository(t.db);
    const orphan = (await repo.list('in-progress'))[0]!;
    expect(orphan, 'the upload is left in progress under the dead worker').to.include({ kind: 'upload', claimedBy: 'worker-1' });

    // The second worker runs ten minutes ahead: the first worker's lease (300 s) has run out for it. It is
    // killed in turn right after Graph made the third reminder.
    hold = 'event';
    victim = startWorker(t.file, graph, 'worker-2', config, 10 * 60_000);
    running.push(victim);
    expect((await victim.exited).signal).to.equal('SIGKILL');
    expect(await repo.get(orphan.deliveryId), 'the orphaned upload was taken over').to.include({ status: 'delivered', claimedBy: null });

    const last = startWorker(t.file, graph, 'worker-3', config, 20 * 60_000);
    running.push(last);
    expect((await last.exited).code).to.equal(0);

    expect(await repo.countByStatus()).to.deep.equal({ pending: 0, 'in-progress': 0, delivered: 40, failed: 0, cancelled: 0 });
    expect(graph.state.items.size, 'one file per filing, none under a second name').to.equal(20);
    expect([...graph.state.items.keys()].filter((k) => k.includes(' (2)'))).to.deep.equal([]);
    const events = [...graph.state.events.values()];
    expect(events, 'one reminder per child').to.have.length(20);
    expect(new Set(events.map((e) => e.transactionId)).size).to.equal(20);
    const stored = await t.db('bs_delivery_calendar').select('event_id');
    expect(new Set(stored.map((r) => String(r.event_id))).size, 'each child holds its own event id').to.equal(20);
    expect(stored.every((r) => graph!.state.events.has(String(r.event_id)))).to.equal(true);
    // How: the taken-over upload met its own file (409), looked at it once and kept it; the taken-over reminder
    // was created again with the same transactionId, and Graph answered with the event it had made.
    expect(graph.state.requests.filter((r) => r.startsWith('GET /v1.0/drives/'))).to.have.length(1);
    expect(graph.state.requests.filter((r) => /^POST \/v1\.0\/users\/[^/]+\/events$/.test(r))).to.have.length(21);
  });
});
