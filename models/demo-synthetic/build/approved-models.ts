// Keeps models/approved-models.json, the administrator's list of model packages the product may load, in step
// with the demo models: an entry with the same id is replaced, every other entry is kept as it was.

import { existsSync, readFileSync } from 'node:fs';

export interface ApprovedModel {
  id: string;
  version: string;
  onnxSha256: string;
  manifestSha256: string;
  /** Every other file of the package (MODEL_CARD.md) and its sha256: the approval covers the package whole. */
  files?: Record<string, string>;
}

export interface ApprovedModels {
  approved: ApprovedModel[];
}

export function readApprovedModels(path: string): ApprovedModels {
  if (!existsSync(path)) return { approved: [] };
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ApprovedModels>;
  if (!Array.isArray(parsed.approved)) throw new Error(`${path} has no "approved" array`);
  return { ...parsed, approved: parsed.approved };
}

/** The list with `entries` in place of any entry of the same id; entries already there keep their position. */
export function upsertApproved(list: ApprovedModels, entries: readonly ApprovedModel[]): ApprovedModels {
  const approved = list.approved.map((existing) => {
    const replacement = entries.find((e) => e.id === existing.id);
    return replacement ? { ...replacement } : existing;
  });
  for (const entry of entries) {
    if (!approved.some((a) => a.id === entry.id)) approved.push({ ...entry });
  }
  return { ...list, approved };
}
