// Every score a person sees has its audit record, over real HTTP on loopback: the earlier referrals' scores in
// the panel's timeline (page, fragment, JSON), found by `audit --referral` for each of them; a HEAD that shows
// nothing writes nothing; a request refused after a valid token (a bad query or body) is audited as refused;
// flag forms are audited under their own view.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAuditCommand } from '../../plugin/cli/audit-command';
import type { PanelJson } from '../../plugin/panel/panel-json';
import type { LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import { AuditRepository, type StoredAuditRecord } from '../../plugin/storage/audit-repository';
import { loadDemoModel, startTestPluginServer, viewFieldOf, type TestPluginServer } from './helpers/test-plugin-server';

describe('the audit trail of what the panel shows (server, loopback HTTP)', function () {
  let model: LoadedModelPackage;
  let server: TestPluginServer;
  let withHistory: string; // a referral that scores, with earlier scored referrals of the same child
  let earlierScored: Map<string, number>; // earlier referral id → its score, as audited for the probe
  let shownEarlier: number; // how many earlier scores the timeline shows
  let audit: AuditRepository;
  let work: string;

  const recordsOf = async (referralId: string, requestId: string | null): Promise<StoredAuditRecord[]> =>
    (await audit.forReferral(referralId)).filter((r) => r.requestId === requestId);

  before(async () => {
    model = await loadDemoModel();
    server = await startTestPluginServer({ model });
    audit = new AuditRepository(server.pluginDb);
    work = mkdtempSync(path.join(os.tmpdir(), 'bs-audit-trail-'));
    const children = await server.hostDb('underretning').select({ barn: 'barn_id' }).count({ n: '*' }).groupBy('barn_id').having(server.hostDb.raw('count(*) >= 4')).limit(40);
    for (const c of children as Array<{ barn: number }>) {
      const [latest] = await server.hostDb('underretning').where('barn_id', c.barn).orderBy('modtaget_tid', 'desc').limit(1).select({ id: 'underretning_id' });
      const found = await server.ctx.data.referralWithHistory(String(latest.id));
      if (!found || found.earlier.length < 2) continue;
      const token = await server.token(String(latest.id));
      const res = await fetch(`${server.url}/api/v1/referrals/${latest.id}/panel`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as PanelJson;
      if (!body.panel.score || body.panel.history.filter((h) => !h.current && h.score !== null).length < 2) continue;
      withHistory = String(latest.id);
      shownEarlier = body.panel.history.filter((h) => !h.current && h.score !== null).length;
      const records = (await audit.forReferral(withHistory)).filter((r) => r.requestId === res.headers.get('x-request-id'));
      expect(records, 'the probe itself is audited').to.have.length(1);
      earlierScored = new Map();
      for (const e of found.earlier) {
        const own = (await audit.forReferral(e.referralId)).find((r) => r.requestId === res.headers.get('x-request-id'));
        if (own) earlierScored.set(e.referralId, own.score!);
      }
      break;
    }
    expect(withHistory, 'a seeded referral whose child has earlier scored referrals').to.be.a('string');
  });
  after(async () => {
    await server.close();
    await model.runtime.release();
    rmSync(work, { recursive: true, force: true });
  });

  for (const view of ['page', 'fragment', 'json'] as const) {
    it(`${view}: each earlier score in the timeline has its record, under that referral, naming the panel it was shown in`, async () => {
      const token = await server.token(withHistory, { userId: `sr-timeline-${view}` });
      const url = view === 'json' ? `/api/v1/referrals/${withHistory}/panel` : view === 'page' ? `/panel/referrals/${withHistory}` : `/panel/referrals/${withHistory}/fragment`;
      const res = await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).to.equal(200);
      const requestId = res.headers.get('x-request-id');
      const found = (await server.ctx.data.referralWithHistory(withHistory))!;
      const shownScores: number[] = [];
      if (view === 'json') {
        const body = (await res.json()) as PanelJson;
        shownScores.push(...body.panel.history.filter((h) => !h.current && h.score !== null).map((h) => h.score!));
      } else {
        const html = await res.text();
        expect(html).to.contain('bs-history');
      }
      let audited = 0;
      for (const earlier of found.earlier) {
        const records = await recordsOf(earlier.referralId, requestId);
        if (records.length === 0) continue;
        audited++;
        expect(records).to.have.length(1);
        expect(records[0]).to.include({ userId: `sr-timeline-${view}`, userRole: 'caseworker', outcome: 'shown', view, panelReferralId: withHistory, modelVersion: model.identity.version });
        expect(records[0]!.score).to.be.within(1, 10);
      }
      expect(audited, 'every earlier score shown has a record').to.equal(shownEarlier);
      if (view === 'json') expect(shownScores.length).to.equal(audited);
      const own = await recordsOf(withHistory, requestId);
      expect(own).to.have.length(1);
      expect(own[0]).to.include({ outcome: 'shown', view, panelReferralId: null });
    });
  }

  it('`audit --referral` for an earlier referral lists who saw its score in the later panel', async () => {
    const token = await server.token(withHistory, { userId: 'sr-cli-check' });
    const res = await fetch(`${server.url}/panel/referrals/${withHistory}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).to.equal(200);
    expect(earlierScored.size).to.equal(shownEarlier);
    const config = path.join(work, 'server.json');
    const filename = (server.pluginDb.client.config.connection as { filename: string }).filename;
    writeFileSync(config, JSON.stringify({ pluginDatabase: { client: 'better-sqlite3', connection: { filename } } }));
    for (const [earlier, score] of earlierScored) {
      const out: string[] = [];
      expect(await runAuditCommand({ referral: earlier, format: 'json', config }, { out: (s) => out.push(s), err: () => {} })).to.equal(0);
      const records = JSON.parse(out.join('\n')) as StoredAuditRecord[];
      const seen = records.find((r) => r.requestId === res.headers.get('x-request-id'));
      expect(seen, `audit --referral ${earlier}`).to.include({ userId: 'sr-cli-check', score, outcome: 'shown', panelReferralId: withHistory });
    }
  });

  it('print: carries no earlier scores, so it writes only its own record', async () => {
    const token = await server.token(withHistory);
    const res = await fetch(`${server.url}/panel/referrals/${withHistory}/print`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).to.equal(200);
    expect(await res.text()).to.not.contain('bs-history');
    const requestId = res.headers.get('x-request-id');
    for (const earlier of earlierScored.keys()) expect(await recordsOf(earlier, requestId)).to.have.length(0);
    expect(await recordsOf(withHistory, requestId)).to.have.length(1);
  });

  it('HEAD shows nothing, so it reads nothing and writes no record (405 on every case address)', async () => {
    const token = await server.token(withHistory, { userId: 'sr-head' });
    for (const url of [`/panel/referrals/${withHistory}`, `/panel/referrals/${withHistory}/fragment`, `/panel/referrals/${withHistory}/print`, `/api/v1/referrals/${withHistory}/panel`, `/PANEL/referrals/${withHistory}`]) {
      const before = (await audit.forReferral(withHistory)).length;
      const res = await fetch(`${server.url}${url}?token=${encodeURIComponent(token)}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
      expect(res.status, url).to.equal(405);
      expect(res.headers.get('allow')).to.equal('GET');
      expect((await audit.forReferral(withHistory)).length, url).to.equal(before);
      expect((await audit.forReferral(withHistory)).some((r) => r.userId === 'sr-head')).to.equal(false);
    }
    expect((await fetch(`${server.url}/manifest.json`, { method: 'HEAD' })).status).to.equal(200);
    expect((await fetch(`${server.url}/healthz`, { method: 'HEAD' })).status).to.equal(200);
  });

  it('a request refused after a valid token (a query the route does not take) is audited as refused, with the user', async () => {
    for (const [url, view] of [
      [`/panel/referrals/${withHistory}?lang=xx`, 'page'],
      [`/panel/referrals/${withHistory}/fragment?unknown=1`, 'fragment'],
      [`/panel/referrals/${withHistory}/print?flagged=2`, 'print'],
      [`/api/v1/referrals/${withHistory}/panel?lang=de`, 'json'],
    ] as const) {
      // Each launch token opens one view: a fresh one per request.
      const res = await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${await server.token(withHistory, { userId: 'sr-bad-query' })}` } });
      expect(res.status, url).to.equal(400);
      const records = await recordsOf(withHistory, res.headers.get('x-request-id'));
      expect(records, url).to.have.length(1);
      expect(records[0]).to.include({ outcome: 'refused', code: 'REQUEST_INVALID', userId: 'sr-bad-query', userRole: 'caseworker', view, score: null });
    }
  });

  it('a flag form is audited under its own view: refused (wrong case, bad body, no token) and stored', async () => {
    const other = [...earlierScored.keys()][0]!;
    const post = (referralId: string, form: Record<string, string>) =>
      fetch(`${server.url}/panel/referrals/${referralId}/flags?lang=da`, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });
    // The flag form posts the view's credential (the page's hidden field), never a launch token.
    const viewOf = async (referralId: string, userId: string) =>
      viewFieldOf(await (await fetch(`${server.url}/panel/referrals/${referralId}`, { headers: { authorization: `Bearer ${await server.token(referralId, { userId })}` } })).text());
    const wrongCase = await post(other, { view: await viewOf(withHistory, 'sr-flagger'), input: 'severity', comment: 'x' });
    expect(wrongCase.status).to.equal(403);
    expect((await recordsOf(other, wrongCase.headers.get('x-request-id')))[0]).to.include({ view: 'flag', outcome: 'refused', code: 'TOKEN_WRONG_CASE', userId: 'sr-flagger' });

    const badBody = await post(withHistory, { view: await viewOf(withHistory, 'sr-flagger'), input: 'ethnicity', comment: 'x' });
    expect(badBody.status).to.equal(400);
    expect((await recordsOf(withHistory, badBody.headers.get('x-request-id')))[0]).to.include({ view: 'flag', outcome: 'refused', code: 'REQUEST_INVALID', userId: 'sr-flagger' });

    const noToken = await post(withHistory, { input: 'severity', comment: 'x' });
    expect(noToken.status).to.equal(401);
    expect((await recordsOf(withHistory, noToken.headers.get('x-request-id')))[0]).to.include({ view: 'flag', outcome: 'refused', code: 'TOKEN_MISSING', userId: null });

    const stored = await post(withHistory, { view: await viewOf(withHistory, 'sr-flagger'), input: 'severity', comment: 'Alvorligheden er registreret forkert' });
    expect(stored.status).to.equal(303);
    expect(await recordsOf(withHistory, stored.headers.get('x-request-id'))).to.have.length(1);
    expect((await recordsOf(withHistory, stored.headers.get('x-request-id')))[0]).to.include({ view: 'flag', outcome: 'stored', code: null, userId: 'sr-flagger' });

    const api = await fetch(`${server.url}/api/v1/referrals/${withHistory}/flags`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await server.token(withHistory, { userId: 'sr-api-flagger' })}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'severity', comment: 'y', extra: true }),
    });
    expect(api.status).to.equal(400);
    expect((await recordsOf(withHistory, api.headers.get('x-request-id')))[0]).to.include({ view: 'flag', outcome: 'refused', code: 'REQUEST_INVALID', userId: 'sr-api-flagger' });
  });

  it('every request that names a referral ends with exactly one record of its own, whatever the outcome', async () => {
    const token = await server.token(withHistory);
    const requests: Array<[string, RequestInit]> = [
      [`/panel/referrals/${withHistory}?token=${encodeURIComponent(token)}`, {}],
      [`/panel/referrals/${withHistory}?token=garbage`, {}],
      [`/panel/referrals/${withHistory}/fragment?lang=da&lang=en`, { headers: { authorization: `Bearer ${token}` } }],
      [`/api/v1/referrals/${withHistory}/panel?token=${encodeURIComponent(token)}&x=%E0%A4%A`, {}],
      [`/api/v1/referrals/${withHistory}/panel`, { headers: { authorization: `Bearer ${await server.token(withHistory, { lifetimeSeconds: 10 })}x` } }],
    ];
    for (const [url, init] of requests) {
      const res = await fetch(`${server.url}${url}`, init);
      expect(res.status, url).to.be.below(500);
      const own = await recordsOf(withHistory, res.headers.get('x-request-id'));
      expect(own.filter((r) => r.panelReferralId === null), url).to.have.length(1);
      expect(own[0]!.outcome === 'shown').to.equal(res.status === 200);
    }
  });
});
