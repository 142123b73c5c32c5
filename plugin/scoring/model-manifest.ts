// Reads model.json: the JSON Schema first, then the rules a schema cannot say (unique names, ascending
// cut-points, age bands that fit together, no protected attribute among the features).
import { ModelPackageError } from '../errors';
import { protectedAttributeIn, protectedAttributeInText } from '../protected-attributes';
import { validateAgainst } from '../schema-validator';
import { ModelPackageSchema, type ModelPackageManifest } from './model-package-schema';

function semanticProblems(m: ModelPackageManifest): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  m.features.forEach((f, i) => {
    const at = `/features/${i}`;
    if (names.has(f.name)) problems.push(`${at}/name: "${f.name}" appears twice`);
    names.add(f.name);
    if (f.range.min > f.range.max) problems.push(`${at}/range: min is above max`);
    if (f.referenceValue < f.range.min || f.referenceValue > f.range.max) problems.push(`${at}/referenceValue: outside the range`);
    if (f.kind === 'category' && !f.group) problems.push(`${at}/group: a category column must name its one-hot group`);
    if ((f.kind === 'binary' || f.kind === 'category') && (f.range.min !== 0 || f.range.max !== 1)) {
      problems.push(`${at}/range: a ${f.kind} feature has the range 0 to 1`);
    }
    if (f.levels) {
      if (f.kind !== 'continuous' && f.kind !== 'count') problems.push(`${at}/levels: only a continuous or count feature has levels`);
      f.levels.forEach((l, k) => {
        if (l.value < f.range.min || l.value > f.range.max) problems.push(`${at}/levels/${k}: ${l.value} is outside the range`);
        if (k > 0 && !(l.value > f.levels![k - 1]!.value)) problems.push(`${at}/levels/${k}: values must be ascending and distinct`);
      });
    }
  });

  const scale = m.scoreScale;
  const featureNamed = (name: string) => m.features.find((f) => f.name === name);
  if (scale.ageFeature) {
    const age = featureNamed(scale.ageFeature);
    if (!age) problems.push(`/scoreScale/ageFeature: "${scale.ageFeature}" is not a feature`);
    else if (age.kind !== 'continuous' && age.kind !== 'count') problems.push('/scoreScale/ageFeature: must be a continuous or count feature');
  } else if (scale.bands.length !== 1 || scale.bands[0]!.unborn) {
    problems.push('/scoreScale: without an ageFeature the model has exactly one band, for all ages');
  }
  if (scale.unbornFeature) {
    const unborn = featureNamed(scale.unbornFeature);
    if (!unborn || unborn.kind !== 'binary') problems.push(`/scoreScale/unbornFeature: "${scale.unbornFeature}" is not a binary feature`);
  }
  const unbornBands = scale.bands.filter((b) => b.unborn);
  if (unbornBands.length > 1) problems.push('/scoreScale/bands: more than one band for unborn children');
  if (unbornBands.length === 1 && !scale.unbornFeature) problems.push('/scoreScale/unbornFeature: needed when a band is for unborn children');

  const ranges = scale.bands
    .map((b, i) => ({ b, i }))
    .filter(({ b }) => !b.unborn)
    .map(({ b, i }) => ({ i, lo: b.minAgeYears ?? 0, hi: b.maxAgeYears ?? Number.POSITIVE_INFINITY }))
    .sort((a, b) => a.lo - b.lo);
  for (let k = 0; k < ranges.length; k++) {
    const r = ranges[k]!;
    if (r.lo >= r.hi) problems.push(`/scoreScale/bands/${r.i}: minAgeYears must be below maxAgeYears`);
    const next = ranges[k + 1];
    if (next && next.lo < r.hi) problems.push(`/scoreScale/bands/${next.i}: overlaps band ${r.i}`);
  }
  const withFigures = scale.bands.filter((b) => b.outcomesByScore).length;
  if (withFigures > 0 && withFigures < scale.bands.length) {
    problems.push('/scoreScale/bands: outcomesByScore is given for some bands but not all; give it for every band or none');
  }
  scale.bands.forEach((b, i) => {
    b.outcomesByScore?.forEach((o, k) => {
      const at = `/scoreScale/bands/${i}/outcomesByScore/${k}`;
      if (o.score !== k + 1) problems.push(`${at}/score: expected score ${k + 1} (scores 1 to 10 in order)`);
      if (o.placed > o.children) problems.push(`${at}/placed: more placed (${o.placed}) than children (${o.children})`);
    });
    for (let k = 1; k < b.cutPoints.length; k++) {
      if (b.cutPoints[k]! < b.cutPoints[k - 1]!) {
        problems.push(`/scoreScale/bands/${i}/cutPoints: not ascending at position ${k}`);
        break;
      }
    }
  });
  if (m.explanation.method === 'none' && !m.explanation.unavailableReason) {
    problems.push('/explanation/unavailableReason: say why a model has no explanation');
  }
  return problems;
}

/** Every feature's name and one-hot group (as names) and its labels in both languages (as text), by meaning. */
function assertNoProtectedAttribute(m: ModelPackageManifest): void {
  for (const f of m.features) {
    const attribute =
      protectedAttributeIn(f.name) ??
      protectedAttributeIn(f.group ?? '') ??
      protectedAttributeInText(f.label.da) ??
      protectedAttributeInText(f.label.en);
    if (attribute) throw new ModelPackageError('MODEL_PROTECTED_ATTRIBUTE', { feature: f.name, attribute });
  }
}

/** Parses and checks model.json; `dir` names the package in messages. */
export function parseModelManifest(text: string, dir: string): ModelPackageManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ModelPackageError('MODEL_PACKAGE_INVALID', { dir, detail: 'model.json is not valid JSON' }, { cause });
  }
  const result = validateAgainst(ModelPackageSchema, parsed);
  if (!result.ok) throw new ModelPackageError('MODEL_PACKAGE_INVALID', { dir, detail: result.problems.slice(0, 10).join('; ') });
  const manifest = result.value;
  assertNoProtectedAttribute(manifest);
  const problems = semanticProblems(manifest);
  if (problems.length > 0) throw new ModelPackageError('MODEL_PACKAGE_INVALID', { dir, detail: problems.join('; ') });
  return manifest;
}
