// `npm run model:build`: regenerates the two demo model packages in models/demo-synthetic/ (logistic/ and
// boosted-trees/: model.onnx, model.json, MODEL_CARD.md) and their entries in models/approved-models.json,
// byte for byte the same on every run: synthetic referrals from a fixed seed → each labelled with the host-defined
// outcome (a placement of the child beginning within 12 months, the rule `validate` applies; too recent ones left
// out of training and figures) → split by family → train →
// export to ONNX → check ONNX against the JS predictions → cut-points and card figures from ONNX probabilities.
// `npm run model:check` (--check) builds the same in memory and fails if a committed file differs.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {
  ModelPackageSchema,
  type AgeBandSpec,
  type ExplanationSpec,
  type FeatureSpec,
  type ModelPackageManifest,
} from '../../../plugin/scoring/model-package-schema';
import { ensembleMargin, type TreeEnsemble } from '../../../plugin/scoring/tree-ensemble';
import { REFERRAL_FEATURE_NAMES } from '../../../plugin/synthetic/referral-features';
import { generateSyntheticPopulation } from '../../../plugin/synthetic/referral-generator';
import { readApprovedModels, upsertApproved, type ApprovedModel } from './approved-models';
import { fill, fillLocalized, loadDemoTexts, loadFeatureCatalogue, longDate, type DemoModelKind, type DemoTexts } from './demo-texts';
import { trainGradientBoosting, type GradientBoostingOptions } from './gradient-boosting';
import { logisticLogOdds, trainLogisticRegression, type LogisticModel } from './logistic-regression';
import { renderModelCardMarkdown } from './model-card-markdown';
import { ageBandCutPoints, evaluateOnValidation, type ValidationReport } from './model-evaluation';
import { logisticToOnnx, treeEnsembleToOnnx } from './onnx-export';
import { onnxPositiveProbabilities } from './onnx-probabilities';
import { stableJson } from './stable-json';
import {
  AGE_BANDS,
  labelByHostOutcome,
  rowOf,
  splitByFamily,
  toDataset,
  toFeatureRows,
  withKnownOutcome,
  type FeatureRows,
} from './training-data';

/** Everything that decides the output. Change one and the files change; nothing else may. */
export const BUILD_SETTINGS = {
  seed: 20261124,
  referralCount: 100_000,
  createdAt: '2026-12-01',
  // 1.1.0: trained on, and its card computed with, the host-defined outcome (1.0.0 used each referral's own draw).
  version: '1.1.0',
  logistic: { l2: 1 },
  trees: { trees: 150, maxDepth: 3, learningRate: 0.1, maxBins: 64, minChildRows: 20, l2: 1 },
} as const;

export const DEMO_PACKAGES: Record<DemoModelKind, { id: string; folder: string }> = {
  logistic: { id: 'demo-synthetic-logistic', folder: 'logistic' },
  trees: { id: 'demo-synthetic-boosted-trees', folder: 'boosted-trees' },
};

/** ONNX and the JS model must agree this closely on every validation and reference row. */
const ONNX_TOLERANCE = 1e-5;

const ONNX_DOC =
  'Synthetic demo model of the Beslutningsstøtte project: trained on generated data, not for use on real children.';

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

const started = Date.now();
function step(message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  console.log(`[${seconds} s] ${message}`);
}

function featureSpecs(reference: FeatureRows): FeatureSpec[] {
  const catalogue = loadFeatureCatalogue();
  const names = catalogue.map((f) => f.name);
  if (names.join() !== REFERRAL_FEATURE_NAMES.join()) {
    throw new Error('feature-catalogue.json does not list the generator features in their order');
  }
  return catalogue.map((f, j) => {
    let sum = 0;
    for (let i = 0; i < reference.rows; i++) sum += reference.x[i * reference.featureCount + j]!;
    return {
      name: f.name,
      label: f.label,
      kind: f.kind,
      ...(f.group !== undefined ? { group: f.group } : {}),
      ...(f.unit !== undefined ? { unit: f.unit } : {}),
      range: f.range,
      referenceValue: sum / reference.rows,
      ...(f.levels !== undefined ? { levels: f.levels } : {}),
    };
  });
}

function maxDifference(onnx: Float32Array, data: FeatureRows, predict: (row: Float32Array) => number): number {
  let worst = 0;
  for (let i = 0; i < data.rows; i++) worst = Math.max(worst, Math.abs(onnx[i]! - predict(rowOf(data, i))));
  return worst;
}

interface PackageInput {
  kind: DemoModelKind;
  onnxBytes: Uint8Array;
  explanation: ExplanationSpec;
  cutPoints: number[][];
  report: ValidationReport;
  features: FeatureSpec[];
  cardValues: Record<string, string | number | { da: string; en: string }>;
  texts: DemoTexts;
}

function manifestOf(p: PackageInput): ModelPackageManifest {
  const { texts, report } = p;
  const bands: AgeBandSpec[] = AGE_BANDS.map((band, b) => ({
    id: band.id,
    label: texts.ageBands[band.id]!,
    ...(band.unborn ? { unborn: true } : { minAgeYears: band.minAgeYears, maxAgeYears: band.maxAgeYears }),
    cutPoints: p.cutPoints[b]!,
    outcomesByScore: report.outcomesByScore[b]!,
  }));
  const cardValues = { ...p.cardValues, algorithm: fillLocalized(texts.models[p.kind].algorithm, p.cardValues) };
  return {
    schemaVersion: 1,
    id: DEMO_PACKAGES[p.kind].id,
    name: texts.models[p.kind].name,
    version: BUILD_SETTINGS.version,
    createdAt: BUILD_SETTINGS.createdAt,
    onnx: {
      file: 'model.onnx',
      sha256: sha256(p.onnxBytes),
      inputName: 'input',
      probabilityOutput: 'probabilities',
      probabilityFormat: 'tensor',
      positiveClass: 1,
    },
    features: p.features,
    explanation: p.explanation,
    scoreScale: { ageFeature: 'age_years', unbornFeature: 'unborn', bands },
    modelCard: {
      syntheticDataWarning: texts.card.syntheticDataWarning,
      intendedUse: texts.card.intendedUse,
      intendedUsers: texts.card.intendedUsers,
      outOfScope: texts.card.outOfScope,
      outcome: texts.card.outcome,
      trainingData: fillLocalized(texts.card.trainingData, cardValues),
      evaluationData: fillLocalized(texts.card.evaluationData, cardValues),
      metrics: {
        // A plain string in the package format: the Danish text (MODEL_CARD.md fills the same template per language).
        evaluatedOn: fill(texts.markdown.da.evaluatedOnValue!, p.cardValues, 'da'),
        auc: report.auc,
        baseRate: report.baseRate,
        calibrationByDecile: report.calibrationByDecile,
      },
      fairness: { note: texts.card.fairnessNote, byAgeBand: report.byAgeBand, bySex: report.bySex },
      limitations: texts.card.limitations,
      contact: texts.card.contact,
    },
  };
}

function validateManifest(manifest: ModelPackageManifest): void {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(ModelPackageSchema);
  if (!validate(JSON.parse(stableJson(manifest)))) {
    throw new Error(`model.json for ${manifest.id} does not match the schema: ${ajv.errorsText(validate.errors)}`);
  }
}

/** A file the build produces, by path. */
interface BuildOutput {
  path: string;
  bytes: Uint8Array | string;
}

function packageFiles(dir: URL, onnxBytes: Uint8Array, manifest: ModelPackageManifest, texts: DemoTexts): { files: BuildOutput[]; approval: ApprovedModel } {
  const manifestText = stableJson(manifest);
  const modelCard = renderModelCardMarkdown(manifest, texts.markdown);
  const file = (name: string) => fileURLToPath(new URL(name, dir));
  return {
    files: [
      { path: file('model.onnx'), bytes: onnxBytes },
      { path: file('model.json'), bytes: manifestText },
      { path: file('MODEL_CARD.md'), bytes: modelCard },
    ],
    // The approval covers every file of the package: model.onnx and model.json by their own hashes, the rest by name.
    approval: {
      id: manifest.id,
      version: manifest.version,
      onnxSha256: sha256(onnxBytes),
      manifestSha256: sha256(manifestText),
      files: { 'MODEL_CARD.md': sha256(modelCard) },
    },
  };
}

/** The files on disk that differ from what the build produced (or are missing). */
function differingFiles(outputs: readonly BuildOutput[]): string[] {
  return outputs
    .filter((o) => !existsSync(o.path) || !readFileSync(o.path).equals(Buffer.from(o.bytes)))
    .map((o) => o.path);
}

const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;

/** Builds both packages; with `check`, compares them with the files on disk instead of writing. */
async function main(check: boolean): Promise<void> {
  const settings = BUILD_SETTINGS;
  const texts = loadDemoTexts();

  step(`generating ${settings.referralCount} synthetic referrals (seed ${settings.seed})`);
  const population = generateSyntheticPopulation({ seed: settings.seed, referralCount: settings.referralCount });
  const referrals = population.studyReferrals;
  const labels = labelByHostOutcome(population);
  const labelled = labels.labelled;
  const placed = labelled.filter((l) => l.placed).length;
  const drawnPlaced = labelled.filter((l) => l.referral.placedWithin12Months).length;
  step(
    `  ${referrals.length} referrals about ${new Set(referrals.map((r) => r.childId)).size} children in ` +
      `${new Set(referrals.map((r) => r.familyId)).size} families; ${labels.tooRecent} too recent for a 12-month outcome; ` +
      `of the other ${labelled.length}, placed within 12 months: ${pct(placed / labelled.length)} ` +
      `(each referral's own draw from the stated model: ${pct(drawnPlaced / labelled.length)})`,
  );

  // Families are split over every study referral (the assignment does not depend on outcomes); training and the
  // card's figures use the rows with a known outcome, the score scale every reference row.
  const splits = splitByFamily(referrals, settings.seed);
  const train = toDataset(withKnownOutcome(splits.train, labels));
  const validation = toDataset(withKnownOutcome(splits.validation, labels));
  const reference = toFeatureRows(splits.reference);
  step(`split by family: train ${train.rows}, validation ${validation.rows} (known outcomes), reference ${reference.rows}`);
  const features = featureSpecs(reference);

  step('training the L2-regularised logistic regression (Newton)');
  const logistic: LogisticModel = trainLogisticRegression(train.x, train.y, train.rows, train.featureCount, settings.logistic);
  step(`  intercept ${logistic.intercept.toFixed(4)}`);

  step(`training ${settings.trees.trees} boosted trees (depth ${settings.trees.maxDepth}, learning rate ${settings.trees.learningRate})`);
  const treeOptions: GradientBoostingOptions = {
    ...settings.trees,
    onTree: (t, loss) => {
      if ((t + 1) % 25 === 0) step(`  tree ${t + 1}: training log-loss ${loss.toFixed(5)}`);
    },
  };
  const ensemble: TreeEnsemble = trainGradientBoosting(train.x, train.y, train.rows, train.featureCount, treeOptions);

  const models: Array<{ kind: DemoModelKind; onnxBytes: Uint8Array; predict: (row: Float32Array) => number; explanation: ExplanationSpec }> = [
    {
      kind: 'logistic',
      onnxBytes: logisticToOnnx(logistic, ONNX_DOC),
      predict: (row) => sigmoid(logisticLogOdds(logistic, row)),
      explanation: { method: 'linear', additiveSpace: 'log-odds' },
    },
    {
      kind: 'trees',
      onnxBytes: treeEnsembleToOnnx(ensemble, ONNX_DOC),
      predict: (row) => sigmoid(ensembleMargin(ensemble, row)),
      explanation: { method: 'tree', additiveSpace: 'log-odds', covers: ensemble.trees.map((t) => Array.from(t.cover)) },
    },
  ];

  const cardValues: Record<string, string | number | { da: string; en: string }> = {
    referrals: referrals.length,
    children: new Set(referrals.map((r) => r.childId)).size,
    families: new Set(referrals.map((r) => r.familyId)).size,
    windowStart: longDate(population.windowStart),
    windowEnd: longDate('2023-12-31'),
    labelledReferrals: labelled.length,
    lastLabelledDate: longDate(labelled.reduce((last, l) => (l.referral.date > last ? l.referral.date : last), '')),
    tooRecent: labels.tooRecent,
    seed: String(settings.seed),
    placedPercent: Math.round((placed / labelled.length) * 1000) / 10,
    trainRows: train.rows,
    validationRows: validation.rows,
    referenceRows: reference.rows,
    featureCount: REFERRAL_FEATURE_NAMES.length,
    l2: settings.logistic.l2,
    trees: settings.trees.trees,
    maxDepth: settings.trees.maxDepth,
    learningRate: settings.trees.learningRate,
    maxBins: settings.trees.maxBins,
  };

  const root = new URL('../', import.meta.url);
  const approvedEntries: ApprovedModel[] = [];
  const outputs: BuildOutput[] = [];
  const summary: Array<{ kind: DemoModelKind; report: ValidationReport }> = [];
  for (const model of models) {
    step(`${model.kind}: exported to ONNX (${model.onnxBytes.length} bytes); scoring validation and reference rows with onnxruntime`);
    const pValidation = await onnxPositiveProbabilities(model.onnxBytes, validation.x, validation.rows, validation.featureCount);
    const pReference = await onnxPositiveProbabilities(model.onnxBytes, reference.x, reference.rows, reference.featureCount);
    const worst = Math.max(maxDifference(pValidation, validation, model.predict), maxDifference(pReference, reference, model.predict));
    if (!(worst <= ONNX_TOLERANCE)) throw new Error(`${model.kind}: ONNX and JS probabilities differ by ${worst}`);
    step(`  ONNX matches the JS predictions (largest difference ${worst.toExponential(2)})`);

    const cutPoints = ageBandCutPoints(pReference, reference);
    const report = evaluateOnValidation(pValidation, validation, cutPoints);
    const manifest = manifestOf({ kind: model.kind, onnxBytes: model.onnxBytes, explanation: model.explanation, cutPoints, report, features, cardValues, texts });
    validateManifest(manifest);
    const folder = new URL(`${DEMO_PACKAGES[model.kind].folder}/`, root);
    const built = packageFiles(folder, model.onnxBytes, manifest, texts);
    outputs.push(...built.files);
    approvedEntries.push(built.approval);
    step(`  built ${fileURLToPath(folder)} (AUC ${report.auc.toFixed(4)})`);
    summary.push({ kind: model.kind, report });
  }

  const approvedPath = fileURLToPath(new URL('../approved-models.json', root));
  outputs.push({ path: approvedPath, bytes: stableJson(upsertApproved(readApprovedModels(approvedPath), approvedEntries)) });

  if (check) {
    const differing = differingFiles(outputs);
    if (differing.length > 0) {
      console.error(`These files differ from what the build produces (run npm run model:build):\n  ${differing.join('\n  ')}`);
      process.exitCode = 1;
    } else {
      step(`all ${outputs.length} files are what the build produces`);
    }
  } else {
    for (const o of outputs) {
      mkdirSync(dirname(o.path), { recursive: true });
      writeFileSync(o.path, o.bytes);
    }
    const repoRoot = fileURLToPath(new URL('../../', root));
    for (const o of outputs) step(`  wrote ${relative(repoRoot, o.path)}`);
  }

  console.log('\nSummary (validation split, probabilities from ONNX)');
  console.log(`  overall base rate (all ${labelled.length} referrals with a known outcome): ${pct(placed / labelled.length)}`);
  for (const { kind, report } of summary) {
    console.log(
      `  ${kind.padEnd(8)} AUC ${report.auc.toFixed(4)}  base rate ${pct(report.baseRate)}  ` +
        `placed in score 10: ${pct(report.placedRateInScore10)}  placed in overall top decile: ${pct(report.placedRateInTopDecile)}`,
    );
  }
  console.log('  base rate by age band (validation): ' + summary[0]!.report.byAgeBand.map((g) => `${g.group} ${pct(g.observedRate)}`).join(', '));
  console.log(`  build time ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.includes('--check')).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
