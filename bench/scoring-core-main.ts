// Runs the scoring core benchmark on its own: `npx tsx bench/scoring-core-main.ts`.
import { runScoringCoreBench } from './scoring-core-bench';

await runScoringCoreBench();
