// Picks, from a running demo host's seeded data, a recent referral that scores and whose child has earlier
// referrals, so the panel shows its timeline and several records behind its lines.
import type { RunningDemoHost } from '../../plugin/demo-host/start-demo-host';

export async function scoredReferralWithEarlier(demo: RunningDemoHost, options: { minEarlier: number; among: number }): Promise<string | null> {
  const rows: Array<{ id: number; n: number }> = await demo.plugin.hostDb('underretning as u')
    .select({ id: 'u.underretning_id' })
    .select(demo.plugin.hostDb.raw('(select count(*) from underretning v where v.barn_id = u.barn_id and v.modtaget_tid < u.modtaget_tid) as n'))
    .orderBy('u.modtaget_tid', 'desc')
    .limit(options.among);
  for (const r of rows.filter((row) => row.n >= options.minEarlier)) {
    const found = await demo.plugin.ctx.data.referralWithHistory(String(r.id));
    if (found && found.referral.missing.length === 0) return String(r.id);
  }
  return null;
}
