// A caller's X-Request-Id is kept only when it is a plain id that holds nothing shaped like a CPR number;
// otherwise the server makes its own. Over real HTTP on loopback: a CPR-shaped id never reaches the response,
// the log or the audit trail, on a shown panel, a refusal, an error or an unknown address.
import { expect } from 'chai';
import type { LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import { acceptedRequestId } from '../../plugin/server/request-logger';
import { loadDemoModel, scorableReferralIds, startTestPluginServer, type TestPluginServer } from './helpers/test-plugin-server';

const CPR_SHAPED_IDS = ['0101901234', '010190-1234', 'req-0101901234', 'dubu-010190-1234-x', 'aa010190-1234-4abc-8def-0123456789ab', '3112999999abcdef'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids from the caller (server, loopback HTTP)', function () {
  let model: LoadedModelPackage;
  let server: TestPluginServer;
  let referralId: string;

  before(async () => {
    model = await loadDemoModel();
    server = await startTestPluginServer({ model });
    referralId = (await scorableReferralIds(server.hostDb, 1))[0]!;
  });
  after(async () => {
    await server.close();
    await model.runtime.release();
  });

  it('keeps a plain id from the host (UUID or letters, digits and hyphens), in the response, the log and the audit', async () => {
    for (const id of ['dubu-req-0001', '6f1c2a7e-3b7d-4c55-9a0e-2f1b8c9d0e1f', 'ABCDEFGH12345']) {
      const res = await fetch(`${server.url}/panel/referrals/${referralId}`, { headers: { authorization: `Bearer ${await server.token(referralId)}`, 'x-request-id': id } });
      expect(res.headers.get('x-request-id')).to.equal(id);
      expect((await server.pluginDb('bs_audit_event').where('request_id', id)).length).to.be.greaterThan(0);
    }
  });

  it('never lets a CPR-shaped id into the response, the log or the audit trail; the server makes its own', async () => {
    const token = await server.token(referralId);
    const requests: Array<{ path: string; headers: Record<string, string> }> = [
      { path: `/panel/referrals/${referralId}`, headers: { authorization: `Bearer ${token}` } },
      { path: `/panel/referrals/${referralId}/fragment`, headers: { authorization: 'Bearer not-a-token' } },
      { path: `/api/v1/referrals/${referralId}/panel?lang=xx`, headers: { authorization: `Bearer ${token}` } },
      { path: '/api/v1/nothing-here', headers: {} },
    ];
    for (const id of CPR_SHAPED_IDS) {
      for (const r of requests) {
        const res = await fetch(`${server.url}${r.path}`, { headers: { ...r.headers, 'x-request-id': id } });
        expect(res.headers.get('x-request-id'), `${id} ${r.path}`).to.match(UUID);
        expect(await res.text()).to.not.contain(id);
      }
    }
    const everything = JSON.stringify(await server.pluginDb('bs_audit_event').select('*')) + server.logLines.join('\n');
    for (const id of CPR_SHAPED_IDS) expect(everything).to.not.contain(id);
    for (const digits of ['0101901234', '010190-1234']) expect(everything).to.not.contain(digits);
  });

  it('refuses ids with other characters, too short or too long', () => {
    for (const id of ['a b <c>', 'abc', 'x'.repeat(65), 'req_0001.abc', 'Anders%20And', 'id\u00e6\u00f8\u00e5id', '']) expect(acceptedRequestId(id), id).to.equal(null);
    expect(acceptedRequestId(undefined)).to.equal(null);
  });
});
