// Loads a model package folder into a ready scorer's parts: reads the sealed folder whole (./model-package-files),
// checks model.json, verifies model.onnx against its sha256 and every file against the approval list, prepares
// the graph for onnxruntime, builds the exact explainer (declared tree covers checked for consistency) and proves
// at load time that the explainer reproduces onnxruntime's output. The bytes hashed are the bytes run.
import path from 'node:path';
import { ModelPackageError } from '../errors';
import type { AdditiveExplainer } from './additive-explainer';
import type { AgeBandScale } from './age-band-score';
import { createFeatureLayout, packFeatures, type FeatureLayout } from './feature-vector';
import { createLinearExplainer } from './linear-explainer';
import { assertApproved, type ApprovalList, type PackageIdentity } from './model-approval';
import { parseModelManifest } from './model-manifest';
import { packageFile, readPackageFolder, type PackageFolder } from './model-package-files';
import type { LocalizedTextSpec, ModelPackageManifest } from './model-package-schema';
import { additiveSpaceOf, readLinearModel, readTreeEnsemble } from './onnx-classifier-parameters';
import { prepareOnnxModel, type PreparedOnnxModel } from './onnx-graph';
import { rawMarginsFromRuntime } from './onnx-raw-margin';
import { createOnnxRuntimeModel, type OnnxRuntimeModel, type RuntimeOptions } from './onnx-runtime-model';
import { assertCoversConsistent, estimateCovers } from './tree-covers';
import { createTreeShapExplainer } from './tree-shap';

export interface LoadedModelPackage {
  readonly dir: string;
  readonly manifest: ModelPackageManifest;
  readonly identity: PackageIdentity;
  readonly layout: FeatureLayout;
  readonly scale: AgeBandScale;
  readonly runtime: OnnxRuntimeModel;
  /** The graph as prepared for onnxruntime (ZipMap removed), kept for verification and benchmarks. */
  readonly prepared: PreparedOnnxModel;
  /** Null when the package cannot be explained exactly; `explanationUnavailable` then says why. */
  readonly explainer: AdditiveExplainer | null;
  readonly explanationUnavailable: LocalizedTextSpec | null;
}

export interface LoadOptions extends RuntimeOptions {
  readonly approvals: ApprovalList;
}

/** The two files every package has; the approval names them by their own hashes, the rest under `files`. */
const CORE_FILES = new Set(['model.json', 'model.onnx']);

type ExplainerOutcome = { explainer: AdditiveExplainer } | { unavailable: LocalizedTextSpec };

function unavailable(da: string, en: string): ExplainerOutcome {
  return { unavailable: { da, en } };
}

function readReferenceRows(folder: PackageFolder, file: string, layout: FeatureLayout): Float64Array[] {
  const dir = folder.dir;
  let parsed: unknown;
  try {
    parsed = JSON.parse(packageFile(folder, file).bytes.toString('utf8'));
  } catch (cause) {
    if (cause instanceof ModelPackageError) throw cause;
    throw new ModelPackageError('MODEL_PACKAGE_INVALID', { dir, detail: `${file} is not valid JSON` }, { cause });
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new ModelPackageError('MODEL_PACKAGE_INVALID', { dir, detail: `${file} must be a non-empty JSON array of rows` });
  }
  return parsed.map((record, i) => {
    const row = new Float64Array(layout.features.length);
    const problems = packFeatures(layout, record as Record<string, unknown>, row);
    if (problems.length > 0) {
      throw new ModelPackageError('MODEL_PACKAGE_INVALID', { dir, detail: `${file} row ${i}: ${problems[0]!.message}` });
    }
    return row;
  });
}

function buildExplainer(folder: PackageFolder, manifest: ModelPackageManifest, prepared: PreparedOnnxModel, layout: FeatureLayout): ExplainerOutcome {
  const spec = manifest.explanation;
  if (spec.method === 'none') return { unavailable: spec.unavailableReason! };
  const classifier = prepared.classifier;
  if (!classifier || !prepared.classifierReadsInput) {
    return unavailable(
      'Modellen har forarbejdningstrin før selve klassifikationen, så bidragene kan ikke beregnes eksakt.',
      'The model transforms its inputs before the classifier, so contributions cannot be computed exactly.',
    );
  }
  const expectedOp = spec.method === 'linear' ? 'LinearClassifier' : 'TreeEnsembleClassifier';
  if (classifier.opType !== expectedOp) {
    throw new ModelPackageError('MODEL_CONTRACT', { detail: `model.json says "${spec.method}", but the graph's classifier is a ${classifier.opType}` });
  }
  const space = additiveSpaceOf(classifier);
  if (space !== spec.additiveSpace) {
    throw new ModelPackageError('MODEL_CONTRACT', { detail: `model.json says the additive space is ${spec.additiveSpace}, the graph's post-transform gives ${space}` });
  }
  const featureCount = layout.features.length;
  if (spec.method === 'linear') {
    const linear = readLinearModel(classifier, featureCount, prepared.positiveClassIndex);
    return { explainer: createLinearExplainer(linear, manifest.features.map((f) => f.referenceValue), space) };
  }
  if (spec.covers) {
    const ensemble = readTreeEnsemble(classifier, featureCount, prepared.positiveClassIndex, spec.covers);
    assertCoversConsistent(ensemble, manifest.id);
    return { explainer: createTreeShapExplainer(ensemble, space) };
  }
  if (spec.referenceSample) {
    const ensemble = readTreeEnsemble(classifier, featureCount, prepared.positiveClassIndex);
    return { explainer: createTreeShapExplainer(estimateCovers(ensemble, readReferenceRows(folder, spec.referenceSample, layout)), space) };
  }
  return unavailable(
    'Modelpakken mangler oplysninger om træernes dækning (node covers eller et referenceudsnit), så bidragene kan ikke beregnes eksakt.',
    'The package has neither node covers nor a reference sample, so tree contributions cannot be computed exactly.',
  );
}

/** The explainers check the trees they are given; what they find wrong is the package's contract broken. */
function explainerOrContractError(build: () => ExplainerOutcome): ExplainerOutcome {
  try {
    return build();
  } catch (error) {
    if (error instanceof ModelPackageError) throw error;
    throw new ModelPackageError('MODEL_CONTRACT', { detail: (error as Error).message }, { cause: error });
  }
}

/** Rows that exercise every feature: the reference point, and each feature moved to the ends of its range. */
function probeRows(manifest: ModelPackageManifest): Float32Array {
  const features = manifest.features;
  const width = features.length;
  const reference = features.map((f) => f.referenceValue);
  const rows: number[][] = [reference];
  features.forEach((f, j) => {
    for (const v of [f.range.min, f.range.max]) {
      const row = [...reference];
      row[j] = v;
      rows.push(row);
    }
  });
  const matrix = new Float32Array(rows.length * width);
  rows.forEach((row, i) => matrix.set(row, i * width));
  return matrix;
}

/** Refuses a package whose explanation does not reproduce onnxruntime's own additive output. */
async function assertExplainerMatchesRuntime(explainer: AdditiveExplainer, prepared: PreparedOnnxModel, manifest: ModelPackageManifest): Promise<void> {
  const matrix = probeRows(manifest);
  const width = manifest.features.length;
  const rows = matrix.length / width;
  const margins = await rawMarginsFromRuntime(prepared, width, matrix, rows);
  const out = new Float64Array(width);
  for (let i = 0; i < rows; i++) {
    const explained = explainer.explain(matrix.subarray(i * width, (i + 1) * width), out);
    const runtime = margins[i]!;
    if (Math.abs(explained - runtime) > 1e-4 * Math.max(1, Math.abs(runtime))) {
      throw new ModelPackageError('MODEL_CONTRACT', {
        detail: `the ${explainer.method} explanation gives ${explained.toFixed(6)} where onnxruntime gives ${runtime.toFixed(6)} (${explainer.space}, probe row ${i})`,
      });
    }
  }
}

export async function loadModelPackage(dir: string, options: LoadOptions): Promise<LoadedModelPackage> {
  const folder = readPackageFolder(dir);
  const manifestFile = packageFile(folder, 'model.json');
  const onnxFile = packageFile(folder, 'model.onnx');
  const manifest = parseModelManifest(manifestFile.bytes.toString('utf8'), dir);
  // Every file model.json names must lie inside the folder (refused before anything is read by that name).
  if (manifest.explanation.referenceSample !== undefined) packageFile(folder, manifest.explanation.referenceSample);

  const onnxBytes = onnxFile.bytes;
  const onnxSha256 = onnxFile.sha256;
  if (onnxSha256 !== manifest.onnx.sha256) {
    throw new ModelPackageError('MODEL_INTEGRITY', { file: path.join(dir, 'model.onnx'), expected: manifest.onnx.sha256, actual: onnxSha256 });
  }
  const identity: PackageIdentity = { id: manifest.id, version: manifest.version, onnxSha256, manifestSha256: manifestFile.sha256 };
  const otherFiles = new Map([...folder.files.values()].filter((f) => !CORE_FILES.has(f.name)).map((f) => [f.name, f.sha256] as const));
  assertApproved(options.approvals, identity, otherFiles);

  const scaleSpec = manifest.scoreScale;
  const layout = createFeatureLayout(manifest.id, manifest.features, scaleSpec.ageFeature);
  const scale: AgeBandScale = {
    modelId: manifest.id,
    bands: scaleSpec.bands,
    ageFeature: scaleSpec.ageFeature ?? '',
    ageColumn: layout.ageColumn,
    unbornColumn: scaleSpec.unbornFeature ? (layout.index.get(scaleSpec.unbornFeature) ?? -1) : -1,
  };

  const prepared = prepareOnnxModel(onnxBytes, manifest.onnx, manifest.features.length);
  const runtime = await createOnnxRuntimeModel(prepared, manifest.features.length, options);
  try {
    const outcome = explainerOrContractError(() => buildExplainer(folder, manifest, prepared, layout));
    const explainer = 'explainer' in outcome ? outcome.explainer : null;
    if (explainer) await assertExplainerMatchesRuntime(explainer, prepared, manifest);
    return {
      dir,
      manifest,
      identity,
      layout,
      scale,
      runtime,
      prepared,
      explainer,
      explanationUnavailable: 'unavailable' in outcome ? outcome.unavailable : null,
    };
  } catch (error) {
    await runtime.release();
    throw error;
  }
}
