// Launch tokens as the host signs them (RS256, ES256 with its public key configured) and as development signs
// them (HS256): what is accepted and what is refused, by code.
import { expect } from 'chai';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { createTokenVerifier, importHostPublicKey, mintDevelopmentToken, developmentKeyFrom } from '../../plugin/server/launch-token';
import { caught } from '../helpers/model-packages';

describe('launch tokens', () => {
  const audience = 'beslutningsstotte';
  const now = () => Math.floor(Date.now() / 1000);
  const claims = { role: 'caseworker', referral_id: '4711' };

  for (const alg of ['RS256', 'ES256'] as const) {
    it(`accepts a ${alg} token the host signs with the key configured, and refuses one signed by another key`, async () => {
      const host = await generateKeyPair(alg, { extractable: true });
      const stranger = await generateKeyPair(alg);
      const verify = createTokenVerifier({ audience, maxLifetimeSeconds: 600, hostKeys: [await importHostPublicKey(alg, await exportSPKI(host.publicKey))], developmentKey: null });
      const sign = (key: Parameters<SignJWT['sign']>[0]) => new SignJWT(claims).setProtectedHeader({ alg }).setSubject('sr-7').setAudience(audience).setIssuedAt(now()).setExpirationTime(now() + 120).setJti('launch-1').setIssuer('https://dubu.example').sign(key);
      expect(await verify(await sign(host.privateKey))).to.deep.include({ userId: 'sr-7', role: 'caseworker', referralId: '4711', childId: null, launchId: 'https://dubu.example\nlaunch-1' });
      expect((await caught(async () => verify(await sign(stranger.privateKey)))).code).to.equal('TOKEN_INVALID');
    });
  }

  it('refuses HS256 tokens when no development key is configured (production)', async () => {
    const host = await generateKeyPair('ES256', { extractable: true });
    const verify = createTokenVerifier({ audience, maxLifetimeSeconds: 600, hostKeys: [await importHostPublicKey('ES256', await exportSPKI(host.publicKey))], developmentKey: null });
    const key = new TextEncoder().encode('x'.repeat(40));
    const token = await mintDevelopmentToken(key, { userId: 'u', role: 'caseworker', referralId: '1', audience, lifetimeSeconds: 60 });
    expect((await caught(() => verify(token))).code).to.equal('TOKEN_INVALID');
  });

  it('refuses a token without a role from the list, without a case, without an expiry, or without a jti', async () => {
    const key = new TextEncoder().encode('k'.repeat(40));
    const verify = createTokenVerifier({ audience, maxLifetimeSeconds: 600, hostKeys: [], developmentKey: key });
    const base = () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setAudience(audience).setIssuedAt(now());
    const noRole = await new SignJWT({ referral_id: '1' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setAudience(audience).setIssuedAt(now()).setExpirationTime(now() + 60).setJti('j-2').sign(key);
    const badRole = await new SignJWT({ role: 'root', referral_id: '1' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setAudience(audience).setIssuedAt(now()).setExpirationTime(now() + 60).sign(key);
    const noCase = await new SignJWT({ role: 'caseworker' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setAudience(audience).setIssuedAt(now()).setExpirationTime(now() + 60).sign(key);
    const noExpiry = await base().setJti('j-1').sign(key);
    const noJti = await new SignJWT({ role: 'caseworker', referral_id: '1' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setAudience(audience).setIssuedAt(now()).setExpirationTime(now() + 60).sign(key);
    for (const token of [noRole, badRole, noCase, noExpiry, noJti]) expect((await caught(() => verify(token))).code).to.equal('TOKEN_INVALID');
  });

  it('mints development tokens only with a development key of at least 32 characters', async () => {
    expect((await caught(() => developmentKeyFrom({ BESLUTNINGSSTOTTE_DEV_SIGNING_KEY: 'short' }))).code).to.equal('SERVER_CONFIG_INVALID');
    expect(developmentKeyFrom({})).to.equal(null);
    expect((await caught(() => mintDevelopmentToken(null, { userId: 'u', role: 'caseworker', referralId: '1', audience, lifetimeSeconds: 60 }))).code).to.equal('DEVELOPMENT_KEY_MISSING');
  });
});
