// Bad input gets a 4xx naming the field, never a 500 and never internal text: the rules proved on the cases the
// issue names (a JSON object where text is expected, a form with hundreds of fields, malformed percent-encoding),
// then fuzzed with fast-check over real HTTP on loopback across every route, with and without a valid view.
import { expect } from 'chai';
import fc from 'fast-check';
import { mintDevelopmentToken } from '../../plugin/server/launch-token';
import { seedDemoFollowUp } from '../../plugin/storage/follow-up/demo-follow-up-seed';
import type { LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import { launchInBrowser, loadDemoModel, scorableReferralIds, startTestPluginServer, viewFieldOf, TEST_AUDIENCE, type TestPluginServer } from './helpers/test-plugin-server';

/** Text a response must never carry: stacks, source paths, driver and runtime messages. */
const INTERNAL = /\bat [\w.<>$]+ \(|node_modules|\/work\/|\.ts:\d+|SQLITE|knex|TypeError|ReferenceError|RangeError|SyntaxError|Cannot read|is not a function|is not defined|undefined is|\[object Object\]/;

describe('bad input (server, loopback HTTP, fast-check)', function () {
  this.timeout(180_000);
  let model: LoadedModelPackage;
  let server: TestPluginServer;
  let referral: string;
  let childId: string;
  let panelCookie: string;
  let panelView: string;
  let reportCookie: string;
  let reportView: string;

  before(async () => {
    model = await loadDemoModel();
    server = await startTestPluginServer({ model });
    [referral] = (await scorableReferralIds(server.hostDb, 1)) as [string];
    await seedDemoFollowUp(server.pluginDb, server.ctx.followUp!.host, { today: server.ctx.followUp!.today() });
    childId = (await server.ctx.followUp!.repo.schedules())[0]!.childId;
    const panel = await launchInBrowser(server.url, `/panel/referrals/${referral}`, await server.token(referral));
    [panelCookie, panelView] = [panel.cookie, viewFieldOf(panel.text)];
    const report = await launchInBrowser(server.url, `/panel/children/${childId}/follow-up`, await childToken());
    [reportCookie, reportView] = [report.cookie, viewFieldOf(report.text)];
  });
  after(async () => {
    await server.close();
    await model.runtime.release();
  });

  const childToken = () => mintDevelopmentToken(server.key, { userId: 'sr-7', role: 'caseworker', childId, audience: TEST_AUDIENCE, lifetimeSeconds: 300 });
  const json = async (res: Response) => (await res.json()) as { code: string; message: string };

  describe('the cases named', () => {
    it('a JSON object where text is expected (a goal’s description, a schedule’s start date): 400 naming the field, nothing stored', async () => {
      const goalsBefore = (await server.ctx.followUp!.repo.goalsFor(childId)).length;
      const cases: Array<[string, unknown, string]> = [
        ['goals', { description: { toString: 1 }, agreedOn: '2025-01-01' }, 'body.description'],
        ['goals', { description: { text: 'Cykler' }, agreedOn: '2025-01-01' }, 'body.description'],
        ['schedule', { timesPerYear: 2, startDate: { toString: null } }, 'body.startDate'],
        ['schedule', { timesPerYear: [2], startDate: '2025-01-01' }, 'body.timesPerYear'],
        ['ruler', { measuredOn: '2025-01-01', area_SKOLE: { valueOf: 3 } }, 'body.area_SKOLE'],
      ];
      for (const [kind, body, field] of cases) {
        const res = await fetch(`${server.url}/api/v1/children/${childId}/follow-up/entries/${kind}`, { method: 'POST', headers: { authorization: `Bearer ${await childToken()}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        expect(res.status, `${kind} ${field}`).to.equal(400);
        const answer = await json(res);
        expect(answer.code).to.equal('REQUEST_INVALID');
        expect(answer.message).to.contain(field);
      }
      expect(await server.ctx.followUp!.repo.goalsFor(childId)).to.have.length(goalsBefore);
    });

    it('a form with hundreds of fields: 413 REQUEST_TOO_LARGE by the registry, nothing parsed or stored', async () => {
      const many = new URLSearchParams(Array.from({ length: 500 }, (_, i): [string, string] => [`f${i}`, 'x']));
      many.set('view', reportView);
      for (const path of [`/panel/children/${childId}/follow-up/ruler`, `/panel/referrals/${referral}/flags`, `/panel/child-form`]) {
        const res = await fetch(`${server.url}${path}`, { method: 'POST', body: many, headers: { accept: 'application/json', cookie: reportCookie } });
        expect(res.status, path).to.equal(413);
        expect((await json(res)).code).to.equal('REQUEST_TOO_LARGE');
      }
    });

    it('malformed percent-encoding in the path or the query: 400 naming the part, never a 500', async () => {
      for (const path of [`/panel/referrals/%E0%A4%A`, `/panel/referrals/%`, `/panel/children/%ZZ/follow-up`, `/api/v1/referrals/%C0%AF/panel`, `/panel/referrals/${referral}?lang=%E0%A4%A`, `/model-card?lang=%`]) {
        const res = await fetch(`${server.url}${path}`, { headers: { accept: 'application/json', cookie: panelCookie } });
        expect(res.status, path).to.be.within(400, 499);
        const answer = await json(res);
        expect(answer.code, path).to.equal(path.includes('?') ? 'REQUEST_INVALID' : 'REQUEST_INVALID');
        expect(answer.message, path).to.match(/path|query/);
      }
    });

    it('a repeated query field or an unknown one: 400 naming it', async () => {
      const res = await fetch(`${server.url}/panel/referrals/${referral}?lang=da&lang=en`, { headers: { accept: 'application/json', cookie: panelCookie } });
      expect(res.status).to.equal(400);
      expect((await json(res)).message).to.contain('query.lang');
      const unknown = await fetch(`${server.url}/model-card?debug=1`, { headers: { accept: 'application/json' } });
      expect(unknown.status).to.equal(400);
      expect((await json(unknown)).message).to.contain('query.debug');
    });
  });

  describe('fuzzed', () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
      fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%00', '..', '%2e%2e', '%C0%AF', '%FF', '%25', '%2F', ''),
      fc.stringMatching(/^[A-Za-z0-9_.:-]{1,12}$/),
    );
    const pathOf = fc.oneof(
      fc.tuple(fc.constantFrom('/panel/referrals/', '/api/v1/referrals/', '/panel/children/', '/api/v1/children/', '/sager/', '/boern/'), segment, fc.constantFrom('', '/fragment', '/print', '/flags', '/panel', '/follow-up', '/follow-up/cors', '/follow-up/goals', '/follow-up/child-form', '/follow-up/entries/goals', '/follow-up/pdf', `/${'x'.repeat(300)}`)).map(([a, b, c]) => `${a}${b}${c}`),
      fc.constantFrom('/model-card', '/manifest.json', '/openapi.json', '/cds-services', '/healthz', '/panel/child-form', '/panel/child-form/done', '/'),
      fc.constant(null).map(() => `/panel/referrals/${referral}`),
      fc.constant(null).map(() => `/panel/children/${childId}/follow-up/goals`),
      fc.constant(null).map(() => `/api/v1/children/${childId}/follow-up/entries/schedule`),
    );
    const queryOf = fc.array(fc.tuple(fc.oneof(fc.constantFrom('lang', 'token', 'flagged', 'saved', 'from', 'to', 'side', 'view'), fc.string({ maxLength: 8 })), fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('%', '%E0%A4%A', 'da', 'en', '1', '2025-01-01'))), { maxLength: 4 }).map((pairs) =>
      pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${/^%/.test(v) ? v : encodeURIComponent(v)}`).join('&')}`,
    );
    const bodyOf = fc.oneof(
      fc.constant(null),
      fc.jsonValue({ maxDepth: 3 }).map((v) => ({ type: 'application/json', text: JSON.stringify(v) })),
      fc.dictionary(fc.oneof(fc.constantFrom('description', 'startDate', 'measuredOn', 'timesPerYear', 'comment', 'input', 'view', 'token', 'me', 'agreedOn'), fc.string({ maxLength: 10 })), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string())).map((d) => ({ type: 'application/json', text: JSON.stringify(d) })),
      fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 30 }), { maxKeys: 40 }).map((d) => ({ type: 'application/x-www-form-urlencoded', text: new URLSearchParams(d).toString() })),
      fc.string({ maxLength: 200 }).map((t) => ({ type: fc.sample(fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=latin9'), 1)[0]!, text: t })),
    );
    const credentialOf = fc.constantFrom('none', 'panel', 'report', 'garbage', 'bearer-garbage');

    it('answers every request below 500, and never with internal text', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE'), pathOf, queryOf, bodyOf, credentialOf, async (method, path, query, body, credential) => {
          const headers: Record<string, string> = {};
          if (credential === 'panel') headers.cookie = panelCookie;
          if (credential === 'report') headers.cookie = reportCookie;
          if (credential === 'garbage') headers.cookie = 'bs_view=%%%; bs_view=AAAA';
          if (credential === 'bearer-garbage') headers.authorization = 'Bearer a.b.c';
          let sent = body;
          if (sent && credential !== 'none' && sent.type === 'application/x-www-form-urlencoded') sent = { ...sent, text: `${sent.text}&view=${credential === 'panel' ? panelView : reportView}` };
          const withBody = sent !== null && method !== 'GET' && method !== 'HEAD';
          if (withBody) headers['content-type'] = sent!.type;
          const res = await fetch(`${server.url}${path}${query}`, { method, headers, redirect: 'manual', ...(withBody ? { body: sent!.text } : {}) });
          const text = await res.text();
          expect(res.status, `${method} ${path}${query}`).to.be.below(500);
          expect(text, `${method} ${path}${query}`).to.not.match(INTERNAL);
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
      );
    });
  });
});
