// Links the plugin builds come from its configuration, over real HTTP on loopback: whatever Host or
// X-Forwarded-* a request carries, every absolute URL in every case view (the fragment's links and flag form,
// the JSON card, the print link) starts with the configured public base URL; X-Forwarded-Proto is believed only
// from a configured trusted proxy (HSTS then goes out, as over TLS); X-Frame-Options: DENY when no host may frame.
import { expect } from 'chai';
import http from 'node:http';
import type { LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import { resolveServerConfig } from '../../plugin/server/server-config';
import { caught } from '../helpers/model-packages';
import { HOST_ORIGINS, loadDemoModel, scorableReferralIds, startTestPluginServer, viewFieldOf, type TestPluginServer } from './helpers/test-plugin-server';

const PUBLIC = 'https://beslutningsstotte.kommune.example';

/** A GET with headers fetch will not send (Host), through node:http. */
function rawRequest(url: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Every absolute URL in a body or header (as HTML-escaped or JSON-escaped text would carry it). */
const absoluteUrls = (text: string) =>
  [...text.replace(/&#x3D;/g, '=').replace(/\\\//g, '/').matchAll(/(?:https?:)?\/\/[^\s"'<>)]+/gi)].map((m) => m[0]).filter((u) => !u.startsWith('http://www.w3.org/'));

const HOSTILE_HEADERS: Array<Record<string, string>> = [
  { host: 'evil.example' },
  { host: 'evil.example:443', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
  { 'x-forwarded-host': 'evil.example', forwarded: 'host=evil.example;proto=https' },
  { host: `127.0.0.1@evil.example` },
];

describe('links the plugin builds come from its configuration (server, loopback HTTP)', function () {
  let model: LoadedModelPackage;
  let server: TestPluginServer;
  let proxied: TestPluginServer;
  let referralId: string;

  before(async () => {
    model = await loadDemoModel();
    server = await startTestPluginServer({ model, publicBaseUrl: PUBLIC });
    proxied = await startTestPluginServer({ model, publicBaseUrl: PUBLIC, trustedProxies: ['127.0.0.1'] });
    for (const id of await scorableReferralIds(server.hostDb, 30)) {
      const res = await fetch(`${server.url}/api/v1/referrals/${id}/panel`, { headers: { authorization: `Bearer ${await server.token(id)}` } });
      if (((await res.json()) as { panel: { score: unknown } }).panel.score) {
        referralId = id;
        break;
      }
    }
    expect(referralId).to.be.a('string');
  });
  after(async () => {
    await Promise.all([server.close(), proxied.close()]);
    await model.runtime.release();
  });

  for (const target of ['server', 'proxied'] as const) {
    it(`every absolute URL in the fragment, page, print and JSON starts with the public base URL, whatever Host and X-Forwarded-* say (${target === 'server' ? 'no trusted proxy' : 'behind a trusted proxy'})`, async () => {
      const s = target === 'server' ? server : proxied;
      for (const headers of HOSTILE_HEADERS) {
        for (const path of [`/panel/referrals/${referralId}/fragment`, `/panel/referrals/${referralId}`, `/panel/referrals/${referralId}/print`, `/api/v1/referrals/${referralId}/panel`]) {
          // Each launch token opens one view: a fresh one per request.
          const res = await rawRequest(`${s.url}${path}`, { ...headers, authorization: `Bearer ${await s.token(referralId)}` });
          expect(res.status, `${path} ${JSON.stringify(headers)}`).to.equal(200);
          expect(res.text.toLowerCase()).to.not.contain('evil.example');
          expect(JSON.stringify(res.headers).toLowerCase()).to.not.contain('evil.example');
          // The configured embedding origins appear as themselves (the height message's target origins); every
          // other absolute URL is the plugin's own.
          for (const url of absoluteUrls(res.text).filter((u) => !HOST_ORIGINS.includes(u))) expect(url.startsWith(`${PUBLIC}/`), `${path}: ${url}`).to.equal(true);
        }
      }
    });
  }

  it('the fragment posts its flag form, and links the model card and print view, to the configured origin', async () => {
    const res = await rawRequest(`${server.url}/panel/referrals/${referralId}/fragment`, { host: 'evil.example', authorization: `Bearer ${await server.token(referralId)}` });
    expect(res.text).to.contain(`action="${PUBLIC}/panel/referrals/${referralId}/flags?lang&#x3D;da"`);
    expect(res.text).to.contain(`href="${PUBLIC}/model-card?lang&#x3D;da"`);
    const json = JSON.parse((await rawRequest(`${server.url}/api/v1/referrals/${referralId}/panel`, { host: 'evil.example', authorization: `Bearer ${await server.token(referralId)}` })).text) as {
      cards: Array<{ source: { url: string }; links: Array<{ url: string }> }>;
    };
    expect(json.cards[0]!.source.url).to.equal(`${PUBLIC}/model-card?lang=da`);
    expect(json.cards[0]!.links.map((l) => l.url)).to.deep.equal([`${PUBLIC}/model-card?lang=da`]);
  });

  it('a flag form posted with a hostile Host is redirected within the plugin, never to that host', async () => {
    // The form posts the view's credential (its hidden field), as the panel's own flag form does.
    const page = await fetch(`${server.url}/panel/referrals/${referralId}`, { headers: { authorization: `Bearer ${await server.token(referralId)}` } });
    const body = new URLSearchParams({ view: viewFieldOf(await page.text()), input: 'severity', comment: 'forkert' }).toString();
    const res = await rawRequest(`${server.url}/panel/referrals/${referralId}/flags`, { host: 'evil.example', 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-host': 'evil.example' }, 'POST', body);
    expect(res.status).to.equal(303);
    const location = String(res.headers.location);
    expect(location.startsWith('/') && !location.startsWith('//') || location.startsWith(`${PUBLIC}/`), location).to.equal(true);
  });

  it('believes X-Forwarded-Proto only from a configured trusted proxy: HSTS then goes out as over TLS, never over plain HTTP', async () => {
    const path = '/healthz';
    expect((await rawRequest(`${server.url}${path}`, {})).headers['strict-transport-security']).to.equal(undefined);
    expect((await rawRequest(`${server.url}${path}`, { 'x-forwarded-proto': 'https' })).headers['strict-transport-security'], 'untrusted client').to.equal(undefined);
    expect((await rawRequest(`${proxied.url}${path}`, {})).headers['strict-transport-security']).to.equal(undefined);
    expect((await rawRequest(`${proxied.url}${path}`, { 'x-forwarded-proto': 'https' })).headers['strict-transport-security'], 'trusted proxy').to.match(/max-age=\d+/);
  });

  it('sends X-Frame-Options: DENY when no host origin may frame the plugin, and leaves it to frame-ancestors when some may', async () => {
    const closed = await startTestPluginServer({ model, allowedOrigins: [] });
    try {
      const token = await closed.token(referralId);
      for (const path of [`/panel/referrals/${referralId}?token=${encodeURIComponent(token)}`, '/model-card', '/panel/referrals/x/nothing', '/manifest.json']) {
        const res = await fetch(`${closed.url}${path}`);
        expect(res.headers.get('x-frame-options'), path).to.equal('DENY');
        expect(res.headers.get('content-security-policy'), path).to.contain("frame-ancestors 'none'");
      }
    } finally {
      await closed.close();
    }
    const open = await fetch(`${server.url}/panel/referrals/${referralId}?token=${encodeURIComponent(await server.token(referralId))}`);
    expect(open.headers.get('x-frame-options')).to.equal(null);
    expect(open.headers.get('content-security-policy')).to.contain('frame-ancestors https://');
  });

  describe('the configuration of the public base URL and the trusted proxies', () => {
    const code = async (config: unknown) => (await caught(() => resolveServerConfig(config))).code;

    it('takes an origin, and builds nothing from anything else', async () => {
      expect(resolveServerConfig({ publicBaseUrl: 'https://bs.kommune.dk' }).publicBaseUrl).to.equal('https://bs.kommune.dk');
      expect(resolveServerConfig({ publicBaseUrl: 'https://BS.kommune.dk:8443/' }).publicBaseUrl).to.equal('https://bs.kommune.dk:8443');
      for (const bad of ['https://bs.kommune.dk/path', 'https://user:pw@bs.kommune.dk', 'https://bs.kommune.dk?x=1', 'javascript:alert(1)', 'ftp://bs.kommune.dk', 'https://bs.kommune.dk#x', '//bs.kommune.dk', 'bs.kommune.dk']) {
        expect(await code({ publicBaseUrl: bad }), bad).to.equal('SERVER_CONFIG_INVALID');
      }
    });

    it('is required when the server listens beyond loopback, and https in production', async () => {
      expect(resolveServerConfig({ listen: { host: '127.0.0.1', port: 9000 } }).publicBaseUrl).to.equal('http://127.0.0.1:9000');
      expect(await code({ listen: { host: '0.0.0.0', port: 8080 } })).to.equal('SERVER_CONFIG_INVALID');
      expect(await code({ listen: { host: '0.0.0.0' }, publicBaseUrl: 'http://bs.kommune.dk' })).to.equal('SERVER_CONFIG_INVALID');
      expect(resolveServerConfig({ environment: 'development', listen: { host: '0.0.0.0' }, publicBaseUrl: 'http://bs.test:8080' }).publicBaseUrl).to.equal('http://bs.test:8080');
    });

    it('takes trusted proxies as addresses or CIDR ranges only (none by default)', async () => {
      expect(resolveServerConfig({}).trustedProxies).to.deep.equal([]);
      expect(resolveServerConfig({ trustedProxies: ['10.0.0.0/8', '::1', 'loopback'] }).trustedProxies).to.deep.equal(['10.0.0.0/8', '::1', 'loopback']);
      for (const bad of ['*', 'true', 'evil.example', '10.0.0.0/99', '1.2.3', '']) expect(await code({ trustedProxies: [bad] }), bad).to.equal('SERVER_CONFIG_INVALID');
    });
  });
});
