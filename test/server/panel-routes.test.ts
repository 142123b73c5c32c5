// The risk panel's routes over real HTTP on loopback: launch tokens, the fragment, page, print and JSON views,
// the audit written before the response, and the states that are not a score.
import { expect } from 'chai';
import Handlebars from 'handlebars';
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import type { PanelJson } from '../../plugin/panel/panel-json';
import { PanelJsonSchema } from '../../plugin/panel/panel-json';
import type { ReferralSnapshot } from '../../plugin/panel/referral-data-source';
import type { LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import { validateAgainst } from '../../plugin/schema-validator';
import { AuditRepository } from '../../plugin/storage/audit-repository';
import { launchInBrowser, loadDemoModel, startTestPluginServer, viewFieldOf, HOST_ORIGINS, TEST_AUDIENCE, type TestPluginServer } from './helpers/test-plugin-server';

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('the risk panel routes (server, loopback HTTP)', function () {
  let model: LoadedModelPackage;
  let server: TestPluginServer;
  let scored: string; // a referral that gets a score
  let withHistory: string; // a referral whose child has earlier referrals
  let other: string;

  before(async () => {
    model = await loadDemoModel();
    server = await startTestPluginServer({ model });
    const rows: Array<{ id: number; barn: number }> = await server.hostDb('underretning').select({ id: 'underretning_id', barn: 'barn_id' }).orderBy('modtaget_tid', 'desc').limit(200);
    const counts = new Map<number, number>();
    for (const r of await server.hostDb('underretning').select({ barn: 'barn_id' })) counts.set(r.barn, (counts.get(r.barn) ?? 0) + 1);
    for (const r of rows) {
      const token = await server.token(String(r.id));
      const res = await fetch(`${server.url}/api/v1/referrals/${r.id}/panel`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as PanelJson;
      if (!body.panel.score) continue;
      if (scored === undefined) scored = String(r.id);
      else if (other === undefined) other = String(r.id);
      if (withHistory === undefined && (counts.get(r.barn) ?? 0) >= 3) withHistory = String(r.id);
      if (scored && other && withHistory) break;
    }
    expect(scored, 'a seeded referral that scores').to.be.a('string');
    expect(withHistory, 'a seeded referral with earlier referrals').to.be.a('string');
  });
  after(async () => {
    await server.close();
    await model.runtime.release();
  });

  describe('launch tokens', () => {
    const caseLeaks = (text: string) => /bs-score|bs-data-table|Trak scoren|Risikoscore \d/.test(text);

    it('answers 401 TOKEN_MISSING without a token, and shows nothing about the case', async () => {
      for (const path of [`/panel/referrals/${scored}`, `/panel/referrals/${scored}/fragment`, `/panel/referrals/${scored}/print`]) {
        const res = await get(`${server.url}${path}`);
        expect(res.status, path).to.equal(401);
        expect(caseLeaks(res.text), path).to.equal(false);
        expect(res.text).to.contain('TOKEN_MISSING');
      }
      const api = await get(`${server.url}/api/v1/referrals/${scored}/panel`);
      expect(api.status).to.equal(401);
      expect(JSON.parse(api.text)).to.include({ code: 'TOKEN_MISSING' });
      expect(api.text).to.not.contain('score');
    });

    it('answers 401 TOKEN_INVALID for a token signed with another key, for another audience, or unsigned', async () => {
      const otherKey = new TextEncoder().encode(randomBytes(32).toString('hex'));
      const wrongKey = await server.token(scored, { key: otherKey });
      const wrongAudience = await server.token(scored, { audience: 'another-plugin' });
      const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'caseworker', referral_id: scored, aud: TEST_AUDIENCE, iat: 1, exp: 9999999999 })).toString('base64url')}.`;
      for (const token of [wrongKey, wrongAudience, unsigned, 'not-a-jwt']) {
        const res = await get(`${server.url}/api/v1/referrals/${scored}/panel`, { authorization: `Bearer ${token}` });
        expect(res.status).to.equal(401);
        expect(JSON.parse(res.text).code).to.equal('TOKEN_INVALID');
      }
    });

    it('answers 401 TOKEN_EXPIRED for an expired token, and TOKEN_INVALID for one that lives too long', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = await new SignJWT({ role: 'caseworker', referral_id: scored }).setProtectedHeader({ alg: 'HS256' }).setSubject('sr-1').setAudience(TEST_AUDIENCE).setIssuedAt(now - 900).setExpirationTime(now - 600).setJti('expired-1').sign(server.key);
      const tooLong = await new SignJWT({ role: 'caseworker', referral_id: scored }).setProtectedHeader({ alg: 'HS256' }).setSubject('sr-1').setAudience(TEST_AUDIENCE).setIssuedAt(now).setExpirationTime(now + 86400).setJti('too-long-1').sign(server.key);
      expect(JSON.parse((await get(`${server.url}/api/v1/referrals/${scored}/panel`, { authorization: `Bearer ${expired}` })).text).code).to.equal('TOKEN_EXPIRED');
      expect(JSON.parse((await get(`${server.url}/api/v1/referrals/${scored}/panel`, { authorization: `Bearer ${tooLong}` })).text).code).to.equal('TOKEN_INVALID');
    });

    it('never opens another case with a token for one case (403 TOKEN_WRONG_CASE, audited as refused)', async () => {
      const token = await server.token(scored, { userId: 'sr-curious' });
      const res = await get(`${server.url}/panel/referrals/${other}?token=${token}`);
      expect(res.status).to.equal(403);
      expect(caseLeaks(res.text)).to.equal(false);
      const trail = await new AuditRepository(server.pluginDb).forReferral(other);
      expect(trail.some((r) => r.outcome === 'refused' && r.code === 'TOKEN_WRONG_CASE' && r.userId === 'sr-curious')).to.equal(true);
    });
  });

  describe('the panel views', () => {
    it('serves the fragment with the score on the 1–10 scale, the factors, the data overview, the model and the caution', async () => {
      const token = await server.token(scored);
      const res = await get(`${server.url}/panel/referrals/${scored}/fragment`, { authorization: `Bearer ${token}` });
      expect(res.status).to.equal(200);
      expect(res.text).to.match(/^<section class="bs-panel" lang="da"/);
      expect(res.text).to.match(/data-score="([1-9]|10)"/);
      expect(res.text).to.match(/role="img" aria-label="Risikoscore \d+ på en skala fra 1 til 10"/);
      expect(res.text.match(/class="bs-cell( bs-cell-current)?"/g)).to.have.length(10);
      expect(res.text).to.contain('Trak scoren op').and.contain('Trak scoren ned');
      expect(res.text).to.match(/aria-label="Relativ vægt \d+ %"/);
      expect(res.text).to.contain('Underretningens kilde</th>');
      expect(res.text).to.contain('ikke en afgørelse og ikke en anbefaling');
      expect(res.text).to.contain(`href="${server.url}/model-card?lang&#x3D;da"`);
      expect(res.text).to.contain(`action="${server.url}/panel/referrals/${scored}/flags?lang&#x3D;da"`);
      expect(res.text).to.not.match(/<script/i);
    });

    it('serves a full page for an iframe, with a CSP whose frame-ancestors are only the configured host origins and only the plugin\'s own script file', async () => {
      const token = await server.token(scored);
      const res = await launchInBrowser(server.url, `/panel/referrals/${scored}?lang=en`, token);
      expect(res.status).to.equal(200);
      expect(res.text).to.match(/^<!doctype html>\n<html lang="en" data-host-origins="[^"]*">/);
      expect(res.text).to.contain('Risk score');
      expect(res.text.match(/<script[^>]*>/g)).to.deep.equal(['<script src="/assets/panel-frame.js" defer>']);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).to.contain(`frame-ancestors ${HOST_ORIGINS.join(' ')}`);
      expect(csp).to.contain("default-src 'none'");
      expect(csp).to.contain("script-src 'self'");
      const script = await get(`${server.url}/assets/panel-frame.js`);
      expect(script.status).to.equal(200);
      expect(script.text).to.contain("'beslutningsstotte:panel-height'");
      expect(csp).to.not.contain('unsafe-inline');
      expect(res.headers.get('x-frame-options')).to.equal(null);
      expect(res.headers.get('cache-control')).to.equal('no-store');
    });

    it('shows earlier scores for the child’s previous referrals as a timeline', async () => {
      const token = await server.token(withHistory);
      const res = await get(`${server.url}/api/v1/referrals/${withHistory}/panel`, { authorization: `Bearer ${token}` });
      const body = JSON.parse(res.text) as PanelJson;
      expect(body.panel.history.length).to.be.greaterThan(1);
      expect(body.panel.history.at(-1)).to.include({ current: true, score: body.panel.score!.value });
    });

    it('answers the JSON API with a CDS Hooks card and the same content as the HTML panel', async () => {
      const token = await server.token(scored);
      const res = await get(`${server.url}/api/v1/referrals/${scored}/panel`, { authorization: `Bearer ${token}` });
      expect(res.status).to.equal(200);
      const body = JSON.parse(res.text) as PanelJson;
      expect(validateAgainst(PanelJsonSchema, body).ok).to.equal(true);
      const card = body.cards[0]!;
      expect(card.summary.length).to.be.at.most(140);
      expect(card.indicator).to.equal('info');
      expect(card.source.url).to.contain('/model-card');
      expect(body.panel.data).to.have.length(model.manifest.features.length - 6 - 1 + 1 + 1 - 1);
      expect(body.panel.data.find((d) => d.input === 'referral_source')).to.have.property('label', 'Underretningens kilde');
      const weights = body.panel.factors.map((f) => f.weightPercent);
      expect(Math.max(...weights)).to.equal(100);
      const html = await get(`${server.url}/panel/referrals/${scored}/fragment`, { authorization: `Bearer ${await server.token(scored)}` });
      // The HTML keeps number ranges on one line with a word joiner after the dash; the text is otherwise the same.
      const shown = html.text.replaceAll('\u2060', '');
      for (const f of body.panel.factors) expect(shown).to.contain(Handlebars.escapeExpression(f.text));
    });

    it('serves a print view in plain language for the family', async () => {
      const token = await server.token(scored);
      const res = await launchInBrowser(server.url, `/panel/referrals/${scored}/print`, token);
      expect(res.status).to.equal(200);
      expect(res.text).to.contain('Brev til familien om risikoscoren').and.contain('Scoren er ikke en afgørelse');
      expect(res.text).to.not.contain('<form');
    });
  });

  describe('audit', () => {
    it('writes the audit record before the response: user, role, referral, model, score, shown', async () => {
      const token = await server.token(scored, { userId: 'sr-audit', role: 'supervisor' });
      const res = await get(`${server.url}/api/v1/referrals/${scored}/panel`, { authorization: `Bearer ${token}` });
      const body = JSON.parse(res.text) as PanelJson;
      const trail = await new AuditRepository(server.pluginDb).forReferral(scored);
      const record = trail.find((r) => r.requestId === res.headers.get('x-request-id'));
      expect(record).to.include({ userId: 'sr-audit', userRole: 'supervisor', referralId: scored, modelId: model.identity.id, modelVersion: model.identity.version, score: body.panel.score!.value, outcome: 'shown', view: 'json' });
      expect(Date.parse(record!.occurredAt)).to.be.closeTo(Date.now(), 10_000);
    });

    it('refuses the panel (503 AUDIT_UNAVAILABLE, no score) when the audit record cannot be written', async () => {
      const failing = await startTestPluginServer({
        model,
        audit: (real) => Object.assign(Object.create(real), { write: async () => Promise.reject(new Error('SQLITE_FULL: database or disk is full /var/secret')) }),
      });
      try {
        const token = await failing.token(scored);
        const res = await launchInBrowser(failing.url, `/panel/referrals/${scored}`, token);
        expect(res.status).to.equal(503);
        expect(res.text).to.contain('AUDIT_UNAVAILABLE');
        expect(res.text).to.not.contain('bs-score').and.not.contain('SQLITE').and.not.contain('/var/secret');
      } finally {
        await failing.close();
      }
    });
  });

  describe('states that are not a score', () => {
    const snapshot = (over: Partial<ReferralSnapshot>): ReferralSnapshot => ({
      referralId: 'R-1',
      receivedAt: '2024-03-01 10:00:00',
      features: Object.fromEntries(model.manifest.features.map((f) => [f.name, f.kind === 'category' ? 0 : f.range.min])),
      missing: [],
      provenance: null,
      ...over,
    });

    async function withData(data: (real: import('../../plugin/panel/referral-data-source').ReferralDataSource) => import('../../plugin/panel/referral-data-source').ReferralDataSource, m: LoadedModelPackage | null = model) {
      const s = await startTestPluginServer({ model: m, data });
      const token = await s.token('R-1');
      const html = await launchInBrowser(s.url, '/panel/referrals/R-1', token);
      const json = await get(`${s.url}/api/v1/referrals/R-1/panel`, { authorization: `Bearer ${await s.token('R-1')}` });
      const trail = await new AuditRepository(s.pluginDb).forReferral('R-1');
      await s.close();
      return { html, json: JSON.parse(json.text) as PanelJson, jsonStatus: json.status, trail };
    }

    it('not enough data: lists which inputs are missing and what to do (200, audited as no-score)', async () => {
      const features = { ...snapshot({}).features };
      delete features.severity;
      delete features.parent_age_at_birth;
      const r = await withData(() => ({ referralWithHistory: async () => ({ referral: snapshot({ features, missing: ['severity', 'parent_age_at_birth'] }), earlier: [] }) }));
      expect(r.html.status).to.equal(200);
      expect(r.html.text).to.contain('data-code="FEATURE_MISSING"').and.contain('Ingen score: der mangler oplysninger');
      expect(r.json.panel.state!.items).to.have.length(2);
      expect(r.json.panel.data.find((d) => d.input === 'severity')).to.include({ missing: true, value: null });
      expect(r.trail[0]).to.include({ outcome: 'no-score', code: 'FEATURE_MISSING', score: null });
    });

    it('18 or older at the referral: outside the model’s age range, in words, never scored (AGE_ADULT_AT_REFERRAL)', async () => {
      const r = await withData(() => ({ referralWithHistory: async () => ({ referral: snapshot({ features: { ...snapshot({}).features, age_years: 19 } }), earlier: [] }) }));
      expect(r.html.status).to.equal(200);
      expect(r.json.panel.state!.code).to.equal('AGE_ADULT_AT_REFERRAL');
      expect(r.json.panel.score).to.equal(null);
      expect(r.html.text).to.contain('uden for modellens aldersområde').and.contain('fyldt 18 år');
      expect(r.trail[0]).to.include({ outcome: 'no-score', code: 'AGE_ADULT_AT_REFERRAL', score: null });
    });

    it('18 or older by the host’s record, even with an age feature a model would take: not scored', async () => {
      const referral = snapshot({ age: { state: 'adult' }, features: { ...snapshot({}).features, age_years: 17.5 } });
      const r = await withData(() => ({ referralWithHistory: async () => ({ referral, earlier: [] }) }));
      expect(r.json.panel.state!.code).to.equal('AGE_ADULT_AT_REFERRAL');
    });

    it('a born child without a usable CPR number: the age is unknown, said in words, not taken for unborn (AGE_UNKNOWN)', async () => {
      const features = { ...snapshot({}).features };
      delete features.age_years;
      delete features.unborn;
      const referral = snapshot({ age: { state: 'unknown' }, features, missing: ['age_years', 'unborn'] });
      const r = await withData(() => ({ referralWithHistory: async () => ({ referral, earlier: [] }) }));
      expect(r.html.status).to.equal(200);
      expect(r.json.panel.state!.code).to.equal('AGE_UNKNOWN');
      expect(r.html.text).to.contain('barnets alder kendes ikke');
      expect(r.trail[0]).to.include({ outcome: 'no-score', code: 'AGE_UNKNOWN', score: null });
    });

    it('an age outside the declared range of the age feature: a clear state naming the input, never clamped', async () => {
      const r = await withData(() => ({ referralWithHistory: async () => ({ referral: snapshot({ features: { ...snapshot({}).features, age_years: -0.5 } }), earlier: [] }) }));
      expect(r.json.panel.state!.code).to.equal('FEATURE_MISSING');
      expect(r.json.panel.state!.items.join(' ')).to.contain('uden for det område, modellen er lavet til');
    });

    it('model unavailable: 503 with what it means, and the server keeps serving', async () => {
      const r = await withData((real) => real, null);
      expect(r.html.status).to.equal(503);
      expect(r.json.panel.state!.code).to.equal('MODEL_UNAVAILABLE');
      expect(r.html.text).to.contain('modellen er ikke tilgængelig');
    });

    it('database unreachable: 503 DATABASE_UNAVAILABLE without the driver’s message', async () => {
      const failing = async () => Promise.reject(Object.assign(new Error('SQLITE_CANTOPEN: unable to open /srv/dubu/cpr-010203-1234.db'), { code: 'SQLITE_CANTOPEN' }));
      const r = await withData(() => ({ referralWithHistory: failing }));
      expect(r.html.status).to.equal(503);
      expect(r.json.panel.state!.code).to.equal('DATABASE_UNAVAILABLE');
      expect(r.html.text).to.not.contain('SQLITE').and.not.contain('cpr-');
      expect(JSON.stringify(r.json)).to.not.contain('SQLITE');
    });

    it('a referral the host does not have: 404 REFERRAL_NOT_FOUND', async () => {
      const r = await withData(() => ({ referralWithHistory: async () => null }));
      expect(r.html.status).to.equal(404);
      expect(r.json.panel.state!.code).to.equal('REFERRAL_NOT_FOUND');
    });

    it('an unexpected error is INTERNAL_ERROR with a request id, never a stack', async () => {
      const s = await startTestPluginServer({ model, data: () => ({ referralWithHistory: async () => ({ referral: snapshot({}), earlier: [] }) }) });
      try {
        (s.ctx as { templates: unknown }).templates = { ...s.ctx.templates, fragment: () => { throw new TypeError('boom at /srv/secret.ts:12'); } };
        const token = await s.token('R-1');
        const res = await get(`${s.url}/panel/referrals/R-1/fragment`, { authorization: `Bearer ${token}`, accept: 'application/json' });
        expect(res.status).to.equal(500);
        const body = JSON.parse(res.text);
        expect(body.code).to.equal('INTERNAL_ERROR');
        expect(res.text).to.not.contain('boom').and.not.contain('secret');
      } finally {
        await s.close();
      }
    });
  });

  describe('flags on data lines', () => {
    it('stores a flag posted from the page and shows the line as flagged', async () => {
      const opened = await launchInBrowser(server.url, `/panel/referrals/${scored}`, await server.token(scored, { userId: 'sr-flag' }));
      const form = new URLSearchParams({ view: viewFieldOf(opened.text), input: 'prior_referrals_12m', comment: 'Én af underretningerne er en fejlregistrering' });
      const res = await fetch(`${server.url}/panel/referrals/${scored}/flags?lang=da`, { method: 'POST', body: form, redirect: 'manual' });
      expect(res.status).to.equal(303);
      expect(res.headers.get('location')).to.equal(`/panel/referrals/${scored}?lang=da&flagged=1#bs-flag-saved`);
      const page = await get(`${server.url}${res.headers.get('location')}`, { cookie: opened.cookie });
      expect(page.status).to.equal(200);
      expect(page.text).to.contain('Markeringen er gemt.');
      expect(page.text).to.match(/class="bs-data-row bs-flagged" data-input="prior_referrals_12m"/);
      expect(page.text).to.contain('Markeret som forkert af sr-flag');
      expect(page.text).to.contain('Én af underretningerne er en fejlregistrering');
    });

    it('takes flags through the JSON API, refuses unknown lines and foreign tokens', async () => {
      // One launch token per call: a token opens one view (here, one answer).
      const post = async (body: unknown, t?: string) => fetch(`${server.url}/api/v1/referrals/${scored}/flags`, { method: 'POST', headers: { authorization: `Bearer ${t ?? (await server.token(scored))}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect((await post({ input: 'household_moves_3y', comment: 'Familien er ikke flyttet' })).status).to.equal(201);
      const unknown = await post({ input: 'ethnicity', comment: 'x' });
      expect(unknown.status).to.equal(400);
      expect(((await unknown.json()) as { code: string }).code).to.equal('REQUEST_INVALID');
      expect((await post({ input: 'household_moves_3y' })).status).to.equal(400);
      expect((await post({ input: 'household_moves_3y', comment: 'x' }, await server.token(other))).status).to.equal(403);
    });
  });

  describe('requests that do not fit', () => {
    it('answers a malformed referral id with 400 REQUEST_INVALID before any token or data is looked at', async () => {
      const res = await get(`${server.url}/api/v1/referrals/${encodeURIComponent("1' OR '1'='1")}/panel`);
      expect(res.status).to.equal(400);
      expect(JSON.parse(res.text).code).to.equal('REQUEST_INVALID');
    });

    it('answers an unknown address with 404 ROUTE_NOT_FOUND, and keeps a plain request id from the host', async () => {
      const res = await get(`${server.url}/api/v1/nothing-here`, { 'x-request-id': 'dubu-req-0001' });
      expect(res.status).to.equal(404);
      expect(JSON.parse(res.text)).to.deep.equal({ code: 'ROUTE_NOT_FOUND', message: 'There is nothing at this address.', requestId: 'dubu-req-0001' });
      const odd = await get(`${server.url}/api/v1/nothing-here`, { 'x-request-id': 'a b <c>' });
      expect(odd.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    });

    it('refuses a flag body that is not JSON (400) or too large (413), without echoing it', async () => {
      const token = await server.token(scored);
      const bad = await fetch(`${server.url}/api/v1/referrals/${scored}/flags`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"input": <script>' });
      expect(bad.status).to.equal(400);
      expect(await bad.text()).to.not.contain('<script>');
      const large = await fetch(`${server.url}/api/v1/referrals/${scored}/flags`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ input: 'severity', comment: 'x'.repeat(50_000) }) });
      expect(large.status).to.equal(413);
      expect(((await large.json()) as { code: string }).code).to.equal('REQUEST_TOO_LARGE');
    });
  });

  describe('the log', () => {
    it('carries request ids, timings and codes, never the token, scores, comments or the query', async () => {
      const token = await server.token(scored);
      await get(`${server.url}/panel/referrals/${scored}?token=${encodeURIComponent(token)}`);
      await get(`${server.url}/panel/referrals/${scored}`);
      const lines = server.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const requests = lines.filter((l) => l.msg === 'request');
      expect(requests.length).to.be.greaterThan(3);
      for (const l of requests) {
        expect(l).to.have.property('reqId').that.is.a('string');
        expect(l).to.have.property('ms').that.is.a('number');
        expect(l).to.have.property('route');
      }
      expect(requests.some((l) => l.code === 'TOKEN_MISSING' && l.status === 401)).to.equal(true);
      const all = server.logLines.join('\n');
      expect(all).to.not.contain(token.slice(0, 20));
      expect(all).to.not.contain('token=');
      expect(all).to.not.match(/"score"/);
      expect(all).to.not.contain('fejlregistrering');
    });
  });
});
