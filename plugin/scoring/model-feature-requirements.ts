// The features a model package declares, read from its model.json alone (no ONNX session is started): what the
// field mapping is checked against before any host data is read.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BeslutningsstotteError } from '../errors';
import { parseModelManifest } from './model-manifest';
import type { ModelPackageManifest } from './model-package-schema';

export interface ModelFeatureRequirement {
  readonly name: string;
  readonly kind: ModelPackageManifest['features'][number]['kind'];
}

export function modelFeatureRequirements(modelDir: string): { id: string; version: string; features: ModelFeatureRequirement[] } {
  const file = path.join(modelDir, 'model.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new BeslutningsstotteError('MODEL_PACKAGE_MISSING', { dir: modelDir, detail: 'model.json cannot be read' }, { cause });
  }
  const manifest = parseModelManifest(text, modelDir);
  return { id: manifest.id, version: manifest.version, features: manifest.features.map((f) => ({ name: f.name, kind: f.kind })) };
}
