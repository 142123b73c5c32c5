// The filing's delivery state in words (pure): every outbox reason the worker, the retry policy and the plan write
// becomes a cause a caseworker can act on, the words never carry the technical reason, and each state reads in
// Danish and English.
import { expect } from 'chai';
import { buildFilingDeliveryView, failureOf, type FilingDeliveryRecord } from '../../plugin/follow-up/filing-delivery-view';
import { decide } from '../../plugin/delivery/retry-policy';
import type { DeliveryKind } from '../../plugin/delivery/delivery-outcome';
import { loadReportMessages, reportFormat } from '../../plugin/follow-up/report-locale';

const messages = loadReportMessages();
const view = (rows: FilingDeliveryRecord[], lang: 'da' | 'en' = 'da') => buildFilingDeliveryView({ configured: true, deliveries: rows }, lang, messages[lang], reportFormat(lang, messages[lang]));
const row = (over: Partial<FilingDeliveryRecord>): FilingDeliveryRecord => ({ deliveryId: '7', kind: 'mail', status: 'pending', attempts: 0, deliveredAt: null, lastError: null, ...over });

/** The reason the retry policy itself writes when Graph answers `status` (this attempt already refreshed its token). */
const policyReason = (kind: DeliveryKind, status: number, code: string) => {
  const now = new Date('2026-01-15T08:00:00Z');
  const d = decide({ ok: false, failure: 'http', status, code, message: 'Graph said no', retryAfterSeconds: null }, { kind, attempts: 1, firstAttemptAt: now, now, tokenRefreshed: true, random: 0.5 });
  if (d.action !== 'fail') throw new Error(`expected the policy to fail, it said ${d.action}`);
  return d.reason;
};

describe('filing delivery view', () => {
  it('reads the reasons the retry policy writes as causes, naming the missing permission', () => {
    expect(failureOf(policyReason('mail', 403, 'ErrorAccessDenied'))).to.deep.equal({ cause: 'permission', permission: 'Mail.Send' });
    expect(failureOf(policyReason('upload', 403, 'accessDenied'))).to.deep.equal({ cause: 'permission', permission: 'Files.ReadWrite.All / Sites.Selected' });
    expect(failureOf(policyReason('calendar', 403, 'ErrorAccessDenied'))).to.deep.equal({ cause: 'permission', permission: 'Calendars.ReadWrite' });
    expect(failureOf(policyReason('mail', 401, 'InvalidAuthenticationToken')).cause).to.equal('sign-in');
    expect(failureOf(policyReason('upload', 404, 'itemNotFound')).cause).to.equal('not-found');
    expect(failureOf(policyReason('mail', 400, 'ErrorInvalidRecipients')).cause).to.equal('other');
  });

  it('reads the other reasons the outbox is written with as causes', () => {
    expect(failureOf('403 (ErrorAccessDenied): the application lacks the permission Mail.Send (grant it and give admin consent); Access is denied')).to.deep.equal({ cause: 'permission', permission: 'Mail.Send' });
    expect(failureOf('401: x; a fresh token did not help: check tenantId')).to.deep.equal({ cause: 'sign-in', permission: null });
    expect(failureOf('404 (itemNotFound): not found (check the mailbox, drive or folder in the delivery configuration); x')).to.deep.equal({ cause: 'not-found', permission: null });
    expect(failureOf('the filing has no mail address for the responsible caseworker (mail.recipient "caseworker-address")').cause).to.equal('no-address');
    expect(failureOf('no delivery configuration for the municipality "0101"').cause).to.equal('not-configured');
    expect(failureOf('gave up after 24 hours of attempts; last: 503: Service Unavailable').cause).to.equal('gave-up');
    expect(failureOf('Error: socket hang up at TLSSocket.onend (node:_tls_wrap:1)').cause).to.equal('other');
    expect(failureOf(null).cause).to.equal('other');
  });

  it('words every state, orders mail, SharePoint, calendar, and never shows the reason itself', () => {
    const secret = '403 (ErrorAccessDenied): the application lacks the permission Calendars.ReadWrite; token eyJhbGciOi';
    const v = view([
      row({ deliveryId: '3', kind: 'calendar', status: 'failed', lastError: secret }),
      row({ deliveryId: '2', kind: 'upload', status: 'in-progress', attempts: 1 }),
      row({ deliveryId: '1', kind: 'mail', status: 'pending', attempts: 2, lastError: '503: busy' }),
    ]);
    expect(v.deliveries.map((d) => d.kind)).to.deep.equal(['mail', 'upload', 'calendar']);
    expect(v.deliveries.map((d) => d.text)).to.deep.equal([
      'Venter på et nyt forsøg (det første lykkedes ikke).',
      'Sendes nu.',
      'Kunne ikke leveres. Kontakt kommunens IT: programmet mangler tilladelsen Calendars.ReadWrite i Microsoft 365.',
    ]);
    expect(JSON.stringify(v)).to.not.contain('eyJ').and.not.contain('ErrorAccessDenied');
    expect(view([row({ status: 'cancelled' })], 'en').deliveries[0]!.text).to.equal('Cancelled: it will not be sent.');
    expect(view([row({ status: 'delivered', deliveredAt: '2026-01-15T08:05:00.000Z' })]).deliveries[0]!.text).to.equal('Leveret 15. januar 2026 kl. 09.05.');
  });

  it('says when nothing is delivered: not set up, or no delivery written for the filing', () => {
    const none = buildFilingDeliveryView({ configured: false }, 'da', messages.da, reportFormat('da', messages.da));
    expect(none).to.include({ configured: false });
    expect(none.note).to.contain('Rapporten er kun journaliseret.');
    expect(view([row({ status: 'failed', lastError: '403: forbidden' })]).deliveries[0]!.text).to.equal('Kunne ikke leveres. Kontakt kommunens IT: programmet mangler en tilladelse i Microsoft 365.');
    expect(view([]).note).to.contain('Der blev ikke sat nogen levering i gang');
  });
});
