// The administrator's list of approved models. A package is used only when its id, version and the sha256 of
// both model.onnx and model.json appear here together: a package that checks itself cannot be trusted alone.
import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { ModelPackageError } from '../errors';
import { validateAgainst } from '../schema-validator';

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });

export const ApprovedModelsSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    approved: Type.Array(
      Type.Object(
        { id: Type.String(), version: Type.String(), onnxSha256: Sha256, manifestSha256: Sha256, note: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export interface ApprovalList {
  readonly source: string;
  readonly entries: Static<typeof ApprovedModelsSchema>['approved'];
}

export function readApprovalList(file: string): ApprovalList {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new ModelPackageError('MODEL_PACKAGE_MISSING', { dir: file, detail: 'the list of approved models could not be read' }, { cause });
  }
  const result = validateAgainst(ApprovedModelsSchema, parsed);
  if (!result.ok) {
    throw new ModelPackageError('MODEL_PACKAGE_INVALID', { dir: file, detail: result.problems.join('; ') });
  }
  return { source: file, entries: result.value.approved };
}

export interface PackageIdentity {
  readonly id: string;
  readonly version: string;
  readonly onnxSha256: string;
  readonly manifestSha256: string;
}

export function assertApproved(list: ApprovalList, pkg: PackageIdentity): void {
  const match = list.entries.some(
    (e) => e.id === pkg.id && e.version === pkg.version && e.onnxSha256 === pkg.onnxSha256 && e.manifestSha256 === pkg.manifestSha256,
  );
  if (!match) {
    throw new ModelPackageError('MODEL_UNKNOWN', {
      modelId: pkg.id,
      version: pkg.version,
      sha256: pkg.onnxSha256,
      trustFile: list.source,
    });
  }
}
