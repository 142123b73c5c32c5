// `npm run bench`: every benchmark of the product, printed beside the limits in BENCHMARKS.md. Nothing is asserted.
import { runScoringCoreBench } from './scoring-core-bench';

console.log('Beslutningsstøtte benchmarks (one process, one onnxruntime thread; figures vary run to run)');
console.log('\n## Scoring core');
await runScoringCoreBench();
