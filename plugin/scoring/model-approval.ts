// The administrator's list of approved models. A package is used only when its id, version and the sha256 of
// both model.onnx and model.json appear here together: a package that checks itself cannot be trusted alone.
// Every other file in the package folder (a reference sample, the model card) is listed under `files` with its
// sha256: the approval covers the package whole, so editing or adding any file after approval refuses it.
import { Type, type Static } from '@sinclair/typebox';
import { ModelPackageError } from '../errors';
import { validateAgainst } from '../schema-validator';
import { readJsonFile } from '../json-file';

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });

export const ApprovedModelsSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    approved: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          version: Type.String(),
          onnxSha256: Sha256,
          manifestSha256: Sha256,
          files: Type.Optional(
            Type.Record(Type.String({ minLength: 1 }), Sha256, {
              description: 'Every other file in the package folder (path inside it, with "/") and its sha256. Omitted: the package holds model.json and model.onnx alone.',
            }),
          ),
          note: Type.Optional(Type.String()),
        },
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
  const parsed = readJsonFile(file, (detail, cause) => new ModelPackageError('MODEL_PACKAGE_MISSING', { dir: file, detail: `the list of approved models: ${detail}` }, { cause }));
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

/**
 * Refuses a package unless one entry approves its id, version, model.onnx and model.json, and lists exactly the
 * package's other files with their sha256 (`otherFiles`: path inside the package → sha256).
 */
export function assertApproved(list: ApprovalList, pkg: PackageIdentity, otherFiles: ReadonlyMap<string, string> = new Map()): void {
  const match = list.entries.find(
    (e) => e.id === pkg.id && e.version === pkg.version && e.onnxSha256 === pkg.onnxSha256 && e.manifestSha256 === pkg.manifestSha256,
  );
  if (match) {
    const approved = new Map(Object.entries(match.files ?? {}));
    const refuse = (file: string, detail: string): never => {
      throw new ModelPackageError('MODEL_FILE_NOT_APPROVED', { file, modelId: pkg.id, version: pkg.version, detail, trustFile: list.source });
    };
    for (const [file, sha] of [...otherFiles].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const expected = approved.get(file);
      if (expected === undefined) refuse(file, 'the approval does not list it');
      if (expected !== sha) refuse(file, `its sha256 is ${sha}, the approval says ${expected}`);
    }
    for (const file of [...approved.keys()].sort()) {
      if (!otherFiles.has(file)) refuse(file, 'the approval lists it, but the package does not hold it');
    }
    return;
  }
  throw new ModelPackageError('MODEL_UNKNOWN', {
    modelId: pkg.id,
    version: pkg.version,
    sha256: pkg.onnxSha256,
    trustFile: list.source,
  });
}
