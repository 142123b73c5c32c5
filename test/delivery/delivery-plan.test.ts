// What a filing becomes in the outbox, by the municipality's configuration (pure), and the configuration's checks.
import { expect } from 'chai';
import { deliveryFor, resolveDeliveryConfig } from '../../plugin/delivery/delivery-config';
import { caseFolder, planDeliveries } from '../../plugin/delivery/delivery-plan';
import { CLIENT, TENANT, deliveryConfigFor, filedReport } from '../helpers/delivery-fixtures';

describe('the delivery plan of a filing', () => {
  it('mode both: a mail to the caseworker and an upload to the case folder, and the reminder at the next due date', () => {
    const m = deliveryConfigFor().municipalities[0]!;
    const plan = planDeliveries(filedReport(), m);
    expect(plan.deliveries.map((d) => [d.kind, d.problem])).to.deep.equal([['mail', null], ['upload', null]]);
    expect(plan.deliveries[1]!.payload).to.include({ folder: 'Opfølgning/27.00.00-G01-123-26', driveId: 'b!drive-0123' });
    expect(plan.calendar).to.deep.equal({ childId: 'C-100', caseworkerAddress: 'sagsbehandler@kommune.example.dk', dueOn: '2027-04-30' });
  });

  it('puts no personal data in the mail unless allowed: the default subject, a link, and the case number only when includeCaseNumber', () => {
    const plain = planDeliveries(filedReport(), deliveryConfigFor().municipalities[0]!).deliveries[0]!.payload as { subject: string; body: string };
    expect(plain.subject).to.equal('En opfølgningsrapport er klar');
    expect(plain.body).to.contain('https://dubu.example.dk/sag/27.00.00-G01-123-26').and.not.contain('C-100');
    const withCase = deliveryConfigFor({ mail: { sender: 'a@b.dk', includeCaseNumber: true } }).municipalities[0]!;
    expect((planDeliveries(filedReport(), withCase).deliveries[0]!.payload as { subject: string }).subject).to.contain('27.00.00-G01-123-26');
  });

  it('a delivery that cannot be made is a failed row with the reason, not a guess: no address, no case number for the folder', () => {
    const plan = planDeliveries(filedReport({ caseworker: { id: 'sb1', address: null }, caseNumber: null }), deliveryConfigFor().municipalities[0]!);
    expect(plan.deliveries.map((d) => d.kind)).to.deep.equal(['mail', 'upload']);
    expect(plan.deliveries[0]!.problem).to.contain('no mail address');
    expect(plan.deliveries[1]!.problem).to.contain('{caseNumber}');
    expect(plan.calendar).to.equal(null);
    expect(plan.calendarProblem).to.contain('no mail address');
  });

  it('the caseworker-id rule completes a user id with the configured domain', () => {
    const m = deliveryConfigFor({ mail: { sender: 'a@b.dk', recipient: 'caseworker-id', recipientDomain: 'kommune.dk' } }).municipalities[0]!;
    expect((planDeliveries(filedReport({ caseworker: { id: 'abc', address: null } }), m).deliveries[0]!.payload as { recipient: string }).recipient).to.equal('abc@kommune.dk');
  });

  it('a folder template never leaves the library: unsafe characters in values are replaced, empty segments dropped', () => {
    expect(caseFolder(filedReport({ caseNumber: '../x:y' }), 'Sager/{caseNumber}/{year}')).to.deep.equal({ folder: 'Sager/..-x-y/2026' });
    expect(caseFolder(filedReport({ caseNumber: '..' }), '{caseNumber}')).to.have.property('problem');
  });
});

describe('the delivery configuration', () => {
  const base = { municipality: '0101', tenantId: TENANT, clientId: CLIENT, credential: { secretEnv: 'X_SECRET' }, mode: 'mail', mail: { sender: 'a@b.dk' } };

  it('takes a valid configuration with defaults and picks a municipality, then "*"', () => {
    const c = resolveDeliveryConfig({ municipalities: [base, { ...base, municipality: '*', mode: 'upload', mail: undefined, upload: { driveId: 'd', folderTemplate: '{childId}' } }] });
    expect(c.graphBaseUrl).to.equal('https://graph.microsoft.com');
    expect(deliveryFor(c, '0101')!.mode).to.equal('mail');
    expect(deliveryFor(c, '0999')!.mode).to.equal('upload');
    expect(deliveryFor(resolveDeliveryConfig({ municipalities: [base] }), '0999')).to.equal(null);
  });

  it('refuses a secret written into the file, a mode without its settings, and a placeholder that would put personal data in the mail', () => {
    const refused = (m: Record<string, unknown>) => () => resolveDeliveryConfig({ municipalities: [{ ...base, ...m }] });
    expect(refused({ credential: { secret: 'abc' } })).to.throw(/may not be in the configuration/).with.property('code', 'DELIVERY_CONFIG_INVALID');
    expect(refused({ credential: { secret: 'abc-secret-value' } })).to.not.throw(/abc-secret-value/);
    expect(refused({ mode: 'both' })).to.throw(/upload settings/);
    expect(refused({ mail: { sender: 'a@b.dk', subject: 'Rapport for {childName}' } })).to.throw(/\{childName\} is not allowed/);
    expect(refused({ tenantId: 'contoso' })).to.throw(/tenantId/);
  });
});
