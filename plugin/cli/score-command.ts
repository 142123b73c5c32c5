// `beslutningsstotte score --model DIR --input FILE`: one JSON line per scored referral on stdout; refused
// referrals on stderr with their code. Exit 0 when all were scored, 1 when any was refused.
import { loadModelPackage } from '../scoring/model-package-loader';
import { readApprovalList } from '../scoring/model-approval';
import { scoreBatch } from '../scoring/referral-scorer';
import { readReferralInput } from './referral-input-file';
import type { CliIo } from './cli-io';

export interface ScoreCommandOptions {
  readonly model: string;
  readonly input: string;
  readonly approved: string;
  readonly format?: 'json' | 'csv';
  readonly explain: boolean;
}

/** Scores in chunks so a file of any size keeps memory bounded. */
const CHUNK = 10_000;

export async function runScoreCommand(options: ScoreCommandOptions, io: CliIo): Promise<number> {
  const model = await loadModelPackage(options.model, { approvals: readApprovalList(options.approved) });
  try {
    const inputs = readReferralInput(options.input, options.format);
    let refused = 0;
    for (let start = 0; start < inputs.length; start += CHUNK) {
      const chunk = inputs.slice(start, start + CHUNK);
      const outcomes = await scoreBatch(model, chunk, { explain: options.explain });
      const lines: string[] = [];
      outcomes.forEach((outcome, k) => {
        if (outcome.ok) {
          const { explanationUnavailable, ...result } = outcome.result;
          lines.push(JSON.stringify(explanationUnavailable ? { ...result, explanationUnavailable } : result));
          return;
        }
        refused++;
        const label = outcome.id ?? `#${start + k + 1}`;
        for (const error of outcome.errors) io.err(`${error.code} referral ${label}: ${error.message}`);
      });
      if (lines.length > 0) io.out(lines.join('\n'));
    }
    if (refused > 0) io.err(`${refused} of ${inputs.length} referrals were not scored.`);
    return refused > 0 ? 1 : 0;
  } finally {
    await model.runtime.release();
  }
}
