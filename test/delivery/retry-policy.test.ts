// The pure decision after a Graph call: delivered, retry (backoff with jitter or Retry-After), one fresh token
// on 401, or failed with a reason that names what fixes it.
import { expect } from 'chai';
import fc from 'fast-check';
import { parseRetryAfter, type GraphOutcome } from '../../plugin/delivery/delivery-outcome';
import { backoffMs, decide, DEFAULT_RETRY_POLICY, type AttemptState } from '../../plugin/delivery/retry-policy';

const now = new Date('2026-11-30T10:00:00.000Z');
const state = (over: Partial<AttemptState> = {}): AttemptState => ({ kind: 'mail', attempts: 1, firstAttemptAt: now, now, tokenRefreshed: false, random: 0.5, ...over });
const http = (status: number, retryAfterSeconds: number | null = null, code: string | null = null): GraphOutcome => ({ ok: false, failure: 'http', status, code, message: 'm', retryAfterSeconds });

describe('the delivery retry policy', () => {
  it('marks delivered only on success, with what Graph returned', () => {
    expect(decide({ ok: true, resultId: 'AAMk1' }, state())).to.deep.equal({ action: 'delivered', resultId: 'AAMk1' });
  });

  it('retries 429, 503, 504, other 5xx and network errors; honours Retry-After, never earlier', () => {
    for (const status of [429, 500, 502, 503, 504]) expect(decide(http(status), state()).action, String(status)).to.equal('retry');
    expect(decide({ ok: false, failure: 'network', message: 'ECONNRESET' }, state()).action).to.equal('retry');
    const d = decide(http(429, 3600), state({ random: 0.99 }));
    expect(d.action).to.equal('retry');
    const wait = (d as { at: Date }).at.getTime() - now.getTime();
    expect(wait).to.be.at.least(3_600_000).and.at.most(3_600_000 * 1.1);
  });

  it('asks for one fresh token on 401, and fails the second 401 naming the settings', () => {
    expect(decide(http(401), state())).to.deep.equal({ action: 'refresh-token' });
    const d = decide(http(401), state({ tokenRefreshed: true }));
    expect(d.action).to.equal('fail');
    expect((d as { reason: string }).reason).to.contain('tenantId, clientId');
  });

  it('fails 400, 403 and 404 at once; a 403 names the permission of the kind of delivery', () => {
    expect(decide(http(400), state()).action).to.equal('fail');
    expect(decide(http(404), state()).action).to.equal('fail');
    const reason = (kind: AttemptState['kind']) => (decide(http(403, null, 'ErrorAccessDenied'), state({ kind })) as { reason: string }).reason;
    expect(reason('mail')).to.contain('Mail.Send');
    expect(reason('upload')).to.contain('Files.ReadWrite.All').and.contain('Sites.Selected');
    expect(reason('calendar')).to.contain('Calendars.ReadWrite');
  });

  it('gives up a row still failing after the give-up window, with the last reason', () => {
    const late = new Date(now.getTime() + DEFAULT_RETRY_POLICY.giveUpAfterMs);
    const d = decide(http(503), state({ now: late, attempts: 40 }));
    expect(d.action).to.equal('fail');
    expect((d as { reason: string }).reason).to.match(/gave up after 72 hours.*503/);
  });

  it('backs off exponentially with equal jitter, within half and the whole of the capped wait', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempts, random) => {
        const full = Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** (attempts - 1));
        const ms = backoffMs(attempts, random);
        return ms >= full / 2 - 1 && ms <= full + 1;
      }),
    );
    expect(backoffMs(1, 0)).to.equal(15_000);
    expect(backoffMs(3, 0.999_999)).to.be.closeTo(120_000, 1);
    expect(backoffMs(30, 0.5)).to.equal(Math.round(0.75 * DEFAULT_RETRY_POLICY.maxDelayMs));
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', now)).to.equal(120);
    expect(parseRetryAfter('Mon, 30 Nov 2026 10:02:00 GMT', now)).to.equal(120);
    expect(parseRetryAfter(null, now)).to.equal(null);
    expect(parseRetryAfter('soon', now)).to.equal(null);
  });
});
