// The panel's data source on the host database: a referral with the child's earlier referrals in one
// extraction (the SQL is the adapters'; see test/adapters for it compiled for SQL Server).
import { expect } from 'chai';
import { createHostReferralSource } from '../../plugin/panel/host-referral-source';
import { referenceMapping } from '../helpers/reference-mapping';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';

describe('the panel data source on the host database', () => {
  it('gives a referral with provenance and the same child\'s earlier referrals, oldest first, none later', async () => {
    const { file } = await sharedSeededDatabase();
    const db = openSqlite(file);
    try {
      const rows = (await db('underretning').select({ barn: 'barn_id' }).count({ n: '*' }).groupBy('barn_id').having(db.raw('count(*) >= 3')).limit(1)) as unknown as Array<{ barn: number }>;
      const referrals: Array<{ id: number; at: string }> = await db('underretning').where('barn_id', rows[0]!.barn).orderBy('modtaget_tid').select({ id: 'underretning_id', at: 'modtaget_tid' });
      const middle = referrals[1]!;
      const found = await createHostReferralSource(db, referenceMapping()).referralWithHistory(String(middle.id));
      expect(found!.referral.referralId).to.equal(String(middle.id));
      expect(found!.referral.provenance).to.be.an('array').that.is.not.empty;
      expect(found!.earlier.map((r) => r.referralId)).to.deep.equal([String(referrals[0]!.id)]);
      expect(await createHostReferralSource(db, referenceMapping()).referralWithHistory('987654321')).to.equal(null);
    } finally {
      await db.destroy();
    }
  });
});
