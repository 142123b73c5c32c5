// Launch tokens and the views they open, over real HTTP on loopback: no URL the plugin builds carries a token,
// a used token never opens a second view (on any instance sharing the plugin database), the view itself keeps
// working for reloads and printing, and writes are taken only from the plugin's own pages and the host's.
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import { createPluginApp } from '../../plugin/server/plugin-app';
import { ViewAccess } from '../../plugin/server/view-access';
import { AuditRepository } from '../../plugin/storage/audit-repository';
import { FlagRepository } from '../../plugin/storage/flag-repository';
import { openPluginDatabase } from '../../plugin/storage/plugin-database';
import { ViewSessionRepository } from '../../plugin/storage/view-session-repository';
import { HOST_ORIGINS, launchInBrowser, loadDemoModel, scorableReferralIds, startTestPluginServer, viewCookieOf, viewFieldOf, type TestPluginServer } from './helpers/test-plugin-server';

/** Everything a response could leak a token through: its headers and its body. */
async function everything(res: Response): Promise<string> {
  return `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${await res.text()}`;
}

describe('launch tokens and views (server, loopback HTTP)', function () {
  let model: LoadedModelPackage;
  let server: TestPluginServer;
  let referral: string;
  let other: string;

  before(async () => {
    model = await loadDemoModel();
    server = await startTestPluginServer({ model });
    [referral, other] = await scorableReferralIds(server.hostDb, 2) as [string, string];
  });
  after(async () => {
    await server.close();
    await model.runtime.release();
  });

  const flagForm = (view: string, comment = 'Adressen er registreret to gange') => new URLSearchParams({ view, input: 'household_moves_3y', comment });
  const flagsOf = async (id: string) => new FlagRepository(server.pluginDb).forReferral(id);

  describe('no URL carries a token', () => {
    it('trades a token in the iframe URL at once for the view cookie and a 303 to the same URL without it', async () => {
      const token = await server.token(referral);
      const res = await fetch(`${server.url}/panel/referrals/${referral}?lang=en&token=${encodeURIComponent(token)}`, { redirect: 'manual' });
      expect(res.status).to.equal(303);
      expect(res.headers.get('location')).to.equal(`/panel/referrals/${referral}?lang=en`);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('bs_view='))!;
      expect(cookie).to.match(new RegExp(`; Path=/panel/referrals/${referral}; Max-Age=\\d+; HttpOnly; Secure; SameSite=None; Partitioned$`));
      expect(cookie).to.not.contain(token);
    });

    it('builds pages, fragments, forms and redirects that carry neither the launch token nor any token= parameter', async () => {
      const token = await server.token(referral);
      const page = await launchInBrowser(server.url, `/panel/referrals/${referral}`, token);
      expect(page.status).to.equal(200);
      expect(page.text).to.not.contain(token).and.not.contain(token.split('.')[1]!).and.not.match(/token/i);
      const fragmentToken = await server.token(referral);
      const fragment = await fetch(`${server.url}/panel/referrals/${referral}/fragment`, { headers: { authorization: `Bearer ${fragmentToken}` } });
      const fragmentText = await everything(fragment);
      expect(fragment.status).to.equal(200);
      expect(fragmentText).to.not.contain(fragmentToken.split('.')[1]!).and.not.match(/token=/i);
      // Every form posts the view's credential in a hidden field, never in its action.
      for (const m of fragmentText.matchAll(/action="([^"]+)"/g)) expect(m[1]).to.not.match(/token|view=/);
      const flagged = await fetch(`${server.url}/panel/referrals/${referral}/flags?lang=da`, { method: 'POST', body: flagForm(viewFieldOf(page.text)), redirect: 'manual', headers: { cookie: page.cookie } });
      expect(flagged.status).to.equal(303);
      expect(flagged.headers.get('location')).to.equal(`/panel/referrals/${referral}?lang=da&flagged=1#bs-flag-saved`);
    });

    it('refuses a launch token posted in a flag form (the field does not exist) and names the field', async () => {
      const res = await fetch(`${server.url}/panel/referrals/${referral}/flags`, { method: 'POST', body: new URLSearchParams({ token: await server.token(referral), input: 'severity', comment: 'x' }), headers: { accept: 'application/json' } });
      expect(res.status).to.equal(400);
      const body = (await res.json()) as { code: string; message: string };
      expect(body.code).to.equal('REQUEST_INVALID');
      expect(body.message).to.contain('body.token');
    });
  });

  describe('a used token opens no second view', () => {
    it('refuses the same token from a browser without the view (401 TOKEN_REPLAYED, audited), and lets the view itself reload and print', async () => {
      const token = await server.token(referral, { userId: 'sr-replay' });
      const first = await launchInBrowser(server.url, `/panel/referrals/${referral}`, token);
      expect(first.status).to.equal(200);
      const copied = await fetch(`${server.url}/panel/referrals/${referral}?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
      expect(copied.status).to.equal(401);
      expect(await copied.text()).to.contain('TOKEN_REPLAYED').and.not.contain('bs-score');
      const bearer = await fetch(`${server.url}/api/v1/referrals/${referral}/panel`, { headers: { authorization: `Bearer ${token}` } });
      expect(bearer.status).to.equal(401);
      expect(((await bearer.json()) as { code: string }).code).to.equal('TOKEN_REPLAYED');
      const trail = await new AuditRepository(server.pluginDb).forReferral(referral);
      expect(trail.filter((r) => r.code === 'TOKEN_REPLAYED' && r.outcome === 'refused' && r.userId === 'sr-replay')).to.have.length(2);

      // The caseworker's own browser: a reload of the clean URL, a reload of the host page (same token, with the cookie), the print view.
      const reload = await fetch(`${server.url}/panel/referrals/${referral}`, { headers: { cookie: first.cookie } });
      expect(reload.status).to.equal(200);
      const hostReload = await fetch(`${server.url}/panel/referrals/${referral}?token=${encodeURIComponent(token)}`, { redirect: 'manual', headers: { cookie: first.cookie } });
      expect(hostReload.status).to.equal(303);
      const print = await fetch(`${server.url}/panel/referrals/${referral}/print?lang=da`, { method: 'POST', body: new URLSearchParams({ view: viewFieldOf(first.text) }), redirect: 'manual' });
      expect(print.status).to.equal(303);
      expect(print.headers.get('location')).to.equal(`/panel/referrals/${referral}/print?lang=da`);
      const printed = await fetch(`${server.url}${print.headers.get('location')}`, { headers: { cookie: viewCookieOf(print.headers) } });
      expect(printed.status).to.equal(200);
      expect(await printed.text()).to.contain('Brev til familien om risikoscoren');
    });

    it('spends no launch on a HEAD request (a link preview), so the GET that follows still opens the view', async () => {
      const token = await server.token(referral);
      const head = await fetch(`${server.url}/panel/referrals/${referral}?token=${encodeURIComponent(token)}`, { method: 'HEAD', redirect: 'manual' });
      // HEAD on an address about a case is 405 (nothing is read, shown or audited): no launch is spent.
      expect(head.status).to.equal(405);
      expect((await launchInBrowser(server.url, `/panel/referrals/${referral}`, token)).status).to.equal(200);
    });

    it('refuses a replay on a second instance that shares the plugin database', async () => {
      const filename = (server.pluginDb.client.config.connection as { filename: string }).filename;
      const secondDb = openPluginDatabase({ client: 'better-sqlite3', connection: { filename } });
      const ctx = { ...server.ctx, views: new ViewAccess({ verify: server.ctx.verify, sessions: new ViewSessionRepository(secondDb), lifetimeSeconds: 600, basePath: '' }) };
      const second: Server = await new Promise((resolve) => {
        const s = createPluginApp(ctx).listen(0, '127.0.0.1', () => resolve(s));
      });
      try {
        const secondUrl = `http://127.0.0.1:${(second.address() as AddressInfo).port}`;
        const token = await server.token(referral);
        const first = await launchInBrowser(server.url, `/panel/referrals/${referral}`, token);
        expect(first.status).to.equal(200);
        const replay = await fetch(`${secondUrl}/panel/referrals/${referral}?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
        expect(replay.status).to.equal(401);
        expect(await replay.text()).to.contain('TOKEN_REPLAYED');
        // The view itself is known to the second instance too (behind a load balancer, any instance answers).
        expect((await fetch(`${secondUrl}/panel/referrals/${referral}`, { headers: { cookie: first.cookie } })).status).to.equal(200);
      } finally {
        await new Promise<void>((resolve) => second.close(() => resolve()));
        await secondDb.destroy();
      }
    });

    it('never opens another referral with a view, and refuses a view past its lifetime (401 TOKEN_EXPIRED)', async () => {
      const first = await launchInBrowser(server.url, `/panel/referrals/${referral}`, await server.token(referral));
      const credential = viewFieldOf(first.text);
      const foreign = await fetch(`${server.url}/panel/referrals/${other}/flags`, { method: 'POST', body: flagForm(credential), headers: { accept: 'application/json' } });
      expect(foreign.status).to.equal(403);
      expect(((await foreign.json()) as { code: string }).code).to.equal('TOKEN_WRONG_CASE');
      expect(await flagsOf(other)).to.have.length(0);
      const real = server.ctx.views;
      (server.ctx as { views: ViewAccess }).views = new ViewAccess({ verify: server.ctx.verify, sessions: new ViewSessionRepository(server.pluginDb), lifetimeSeconds: 600, basePath: '', now: () => new Date(Date.now() + 601_000) });
      try {
        const late = await fetch(`${server.url}/panel/referrals/${referral}`, { headers: { cookie: first.cookie, accept: 'application/json' } });
        expect(late.status).to.equal(401);
        expect(((await late.json()) as { code: string }).code).to.equal('TOKEN_EXPIRED');
      } finally {
        (server.ctx as { views: ViewAccess }).views = real;
      }
    });

    it('refuses a made-up or malformed view credential without saying more', async () => {
      for (const cookie of ['bs_view=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'bs_view=%00%ff', `bs_view=${'x'.repeat(5000)}`]) {
        const res = await fetch(`${server.url}/panel/referrals/${referral}`, { headers: { cookie, accept: 'application/json' } });
        expect(res.status, cookie.slice(0, 20)).to.equal(401);
      }
    });
  });

  describe('writes only from the plugin and the host', () => {
    it('refuses a flag from another site even with a valid view credential (403 CROSS_SITE_REQUEST), and stores nothing', async () => {
      const id = other;
      const page = await launchInBrowser(server.url, `/panel/referrals/${id}`, await server.token(id));
      const view = viewFieldOf(page.text);
      const before = (await flagsOf(id)).length;
      const attacks: Array<Record<string, string>> = [
        { origin: 'https://evil.example' },
        { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
        { origin: 'null', 'sec-fetch-site': 'cross-site' },
        { origin: 'null' },
        { origin: `${HOST_ORIGINS[0]}.evil.example` },
      ];
      for (const headers of attacks) {
        const res = await fetch(`${server.url}/panel/referrals/${id}/flags`, { method: 'POST', body: flagForm(view, 'angreb'), redirect: 'manual', headers: { ...headers, cookie: page.cookie, accept: 'application/json' } });
        expect(res.status, JSON.stringify(headers)).to.equal(403);
        expect(((await res.json()) as { code: string }).code).to.equal('CROSS_SITE_REQUEST');
      }
      const launch = await fetch(`${server.url}/panel/referrals/${id}`, { method: 'POST', body: new URLSearchParams({ token: await server.token(id) }), redirect: 'manual', headers: { origin: 'https://evil.example' } });
      expect(launch.status).to.equal(403);
      const api = await fetch(`${server.url}/api/v1/referrals/${id}/flags`, { method: 'POST', headers: { authorization: `Bearer ${await server.token(id)}`, 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify({ input: 'severity', comment: 'angreb' }) });
      expect(api.status).to.equal(403);
      expect(await flagsOf(id)).to.have.length(before);
    });

    it('takes a flag from the plugin’s own page, from a configured host origin, and from a server (no browser headers)', async () => {
      const id = referral;
      const cases: Array<Record<string, string>> = [
        { origin: server.url, 'sec-fetch-site': 'same-origin' },
        { origin: 'null', 'sec-fetch-site': 'same-origin' }, // the plugin's pages send no referrer, so Chromium says "null"
        { origin: HOST_ORIGINS[1]!, 'sec-fetch-site': 'cross-site' }, // the fragment's form, in the host's page
        {},
      ];
      for (const headers of cases) {
        const page = await launchInBrowser(server.url, `/panel/referrals/${id}`, await server.token(id));
        const res = await fetch(`${server.url}/panel/referrals/${id}/flags`, { method: 'POST', body: flagForm(viewFieldOf(page.text)), redirect: 'manual', headers });
        expect(res.status, JSON.stringify(headers)).to.equal(303);
      }
    });

    it('launches by form from the host: the token is posted, never in a URL, and opens the view once', async () => {
      const token = await server.token(referral);
      const post = () => fetch(`${server.url}/panel/referrals/${referral}`, { method: 'POST', body: new URLSearchParams({ token, lang: 'en' }), redirect: 'manual', headers: { origin: HOST_ORIGINS[0]!, 'sec-fetch-site': 'cross-site' } });
      const res = await post();
      expect(res.status).to.equal(303);
      expect(res.headers.get('location')).to.equal(`/panel/referrals/${referral}?lang=en`);
      const page = await fetch(`${server.url}${res.headers.get('location')}`, { headers: { cookie: viewCookieOf(res.headers) } });
      expect(page.status).to.equal(200);
      expect((await post()).status).to.equal(401);
    });
  });
});
