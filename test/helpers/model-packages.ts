// Builds model packages for tests: the committed fixtures, and altered copies in a temporary folder with an
// approval list that approves exactly what was written (so a test changes one thing at a time).
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readApprovalList, type ApprovalList } from '../../plugin/scoring/model-approval';
import type { ModelPackageManifest } from '../../plugin/scoring/model-package-schema';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURE_PACKAGES = path.join(REPO_ROOT, 'test', 'fixtures', 'model-packages');
export const ONNX_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'onnx');

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function fixturePackage(name: string): string {
  return path.join(FIXTURE_PACKAGES, name);
}

export function fixtureApprovals(): ApprovalList {
  return readApprovalList(path.join(FIXTURE_PACKAGES, 'approved-models.json'));
}

export function readManifest(dir: string): ModelPackageManifest {
  return JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as ModelPackageManifest;
}

export interface AlteredPackage {
  readonly dir: string;
  /** Approves the package as written (after the alteration). */
  readonly approvals: ApprovalList;
}

/**
 * Copies package `from` to a temporary folder, lets `alter` change model.json (and, through `dir`, any file),
 * re-records the ONNX sha256 unless `keepSha` is set, and approves the result.
 */
export function alteredPackage(
  from: string,
  alter: (manifest: ModelPackageManifest, dir: string) => void = () => {},
  options: { keepSha?: boolean; onnx?: Uint8Array } = {},
): AlteredPackage {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'beslutningsstotte-pkg-'));
  cpSync(from, dir, { recursive: true });
  if (options.onnx) writeFileSync(path.join(dir, 'model.onnx'), options.onnx);
  const manifest = readManifest(dir);
  alter(manifest, dir);
  if (!options.keepSha) manifest.onnx.sha256 = sha256(readFileSync(path.join(dir, 'model.onnx')));
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(path.join(dir, 'model.json'), text);
  const entry = { id: manifest.id, version: manifest.version, onnxSha256: manifest.onnx.sha256, manifestSha256: sha256(Buffer.from(text)), files: otherFileHashes(dir) };
  return { dir, approvals: { source: 'test approvals', entries: [entry] } };
}

/** The sha256 of every file in a package folder but model.json and model.onnx, as the approval lists them. */
export function otherFileHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const name = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (name !== 'model.json' && name !== 'model.onnx') out[name] = sha256(readFileSync(path.join(dir, name)));
  }
  return out;
}

/** Calls `fn` and returns the error it throws or rejects with; fails the test when nothing is thrown. */
export async function caught(fn: () => unknown): Promise<Error & { code?: string; details?: Record<string, unknown> }> {
  try {
    await fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected an error, but none was thrown');
}
