// A model package is one sealed folder: every file it uses lies inside it, and every file in it is covered by
// the approval. This module reads the folder once, whole: each file's bytes and sha256, so the bytes that are
// checked are the bytes that are used. A path that leaves the folder (absolute, with "..", or through a symbolic
// link that leads out) is refused with MODEL_PACKAGE_PATH, never followed.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { ModelPackageError } from '../errors';

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface PackageFile {
  /** The path inside the package, with "/" between folders (as model.json and the approval name it). */
  readonly name: string;
  readonly bytes: Buffer;
  readonly sha256: string;
}

export interface PackageFolder {
  /** The folder's real path (symbolic links resolved). */
  readonly dir: string;
  /** Every file in the folder and its subfolders, by name. */
  readonly files: ReadonlyMap<string, PackageFile>;
}

/** Files so large they cannot be a model package's (guards against a link to a device or a huge file). */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

const inside = (root: string, real: string) => real === root || real.startsWith(root.endsWith(path.sep) ? root : `${root}${path.sep}`);

/**
 * Checks a file name that model.json gives (e.g. explanation.referenceSample): relative, no "..", no drive or
 * backslash tricks. Returns it normalised with "/". The file itself must then be one of the folder's files.
 */
export function packageFileName(dir: string, name: string): string {
  const refuse = (detail: string): never => {
    throw new ModelPackageError('MODEL_PACKAGE_PATH', { dir, file: name, detail });
  };
  if (name.length === 0) refuse('an empty path');
  if (path.isAbsolute(name) || path.win32.isAbsolute(name) || /^[A-Za-z]:/.test(name)) refuse('an absolute path');
  if (name.includes('\\')) refuse('a path with a backslash');
  const parts = name.split('/');
  if (parts.some((p) => p === '..')) refuse('a path with ".." in it');
  return parts.filter((p) => p !== '' && p !== '.').join('/');
}

/** Reads the whole package folder; refuses a symbolic link (or a folder reached through one) that leads out of it. */
export function readPackageFolder(dir: string): PackageFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ModelPackageError('MODEL_PACKAGE_MISSING', { dir, detail: 'the folder does not exist' });
  }
  const root = realpathSync(dir);
  const files = new Map<string, PackageFile>();
  const seen = new Set<string>();
  const walk = (folder: string, prefix: string) => {
    const real = realpathSync(folder);
    if (seen.has(real)) throw new ModelPackageError('MODEL_PACKAGE_PATH', { dir, file: prefix, detail: 'a symbolic link that loops back' });
    seen.add(real);
    for (const entry of readdirSync(folder).sort()) {
      const full = path.join(folder, entry);
      const name = prefix ? `${prefix}/${entry}` : entry;
      let target = full;
      if (lstatSync(full).isSymbolicLink()) {
        let real: string;
        try {
          real = realpathSync(full);
        } catch {
          throw new ModelPackageError('MODEL_PACKAGE_PATH', { dir, file: name, detail: 'a symbolic link that leads nowhere' });
        }
        if (!inside(root, real)) throw new ModelPackageError('MODEL_PACKAGE_PATH', { dir, file: name, detail: 'a symbolic link that leads out of the folder' });
        target = real;
      }
      const stat = statSync(target);
      if (stat.isDirectory()) {
        walk(full, name);
        continue;
      }
      if (!stat.isFile()) throw new ModelPackageError('MODEL_PACKAGE_PATH', { dir, file: name, detail: 'not a regular file' });
      if (stat.size > MAX_FILE_BYTES) throw new ModelPackageError('MODEL_PACKAGE_INVALID', { dir, detail: `${name} is larger than a model package file can be` });
      const bytes = readFileSync(target);
      files.set(name, { name, bytes, sha256: sha256(bytes) });
    }
  };
  walk(root, '');
  return { dir: root, files };
}

/** A file of the package by the name model.json gives, or MODEL_PACKAGE_MISSING. */
export function packageFile(folder: PackageFolder, name: string): PackageFile {
  const file = folder.files.get(packageFileName(folder.dir, name));
  if (!file) throw new ModelPackageError('MODEL_PACKAGE_MISSING', { dir: folder.dir, detail: `${name} is missing` });
  return file;
}
