// `beslutningsstotte doctor graph`: after the delivery configuration is written, checks that each
// municipality's application gets a token with the permissions it needs and reaches its mailbox and library;
// each failure says which setting or permission fixes it. Exit code 1 when a check fails.
import { requireDeliveryConfig } from '../graph/delivery-config-file';
import { checkGraph } from '../graph/graph-doctor';
import type { CliIo } from './cli-io';

export async function runDoctorGraphCommand(options: { deliveryConfig?: string }, io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = requireDeliveryConfig(options.deliveryConfig);
  const checks = await checkGraph(config, { env });
  for (const c of checks) io.out(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.municipality}  ${c.check}: ${c.detail}`);
  const failed = checks.filter((c) => !c.ok).length;
  io.out(failed === 0 ? 'Graph delivery is ready.' : `${failed} check(s) failed; fix them and run \`beslutningsstotte doctor graph\` again.`);
  return failed === 0 ? 0 : 1;
}
