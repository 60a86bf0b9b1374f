import fs from 'node:fs';
import path from 'node:path';
import type { EvidencePreflight, RootCheck } from '../../contract';
import { fileErrorWords } from '../../domain/fileErrors';

/** The Node error as a responder reads it: "no such file or folder", never `ENOENT`. */
function words(error: unknown, fallback: string): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  return fileErrorWords(code)?.says ?? (code ? `${fallback} (${code})` : fallback);
}

type Kind = RootCheck['kind'];
const kindOf = (stats: fs.Stats): Kind => (stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : stats.isSymbolicLink() ? 'symlink' : 'other');

/** Opens what will be read (a folder's listing, a file's first byte) without reading it: EACCES shows here, not mid-collection. */
function canOpen(target: string, kind: Kind): string | null {
  try {
    if (kind === 'directory') fs.opendirSync(target).closeSync();
    else if (kind === 'file') fs.closeSync(fs.openSync(target, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK));
    return null;
  } catch (error) {
    const said = words(error, 'cannot be opened');
    return kind === 'directory' ? `the folder cannot be read: ${said}` : `the file cannot be read: ${said}`;
  }
}

/**
 * Checks one root as collection would meet it. With `followSymlinks` a root that is a link is
 * resolved (a loop or a dangling link cannot be collected); without, the link itself is evidence.
 */
export function checkRoot(root: string, followSymlinks: boolean): RootCheck {
  const resolved = path.resolve(root);
  const result = (fields: Partial<RootCheck>): RootCheck => ({ path: root, resolved, ready: true, kind: null, problem: null, note: null, ...fields });
  let stats: fs.Stats;
  try {
    stats = fs.lstatSync(resolved);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // EACCES on lstat means a folder on the way cannot be searched, not the root itself.
    return result({ ready: false, problem: code === 'EACCES' ? 'permission denied: a folder on the way cannot be opened' : words(error, 'cannot be looked at') });
  }
  let kind = kindOf(stats);
  let target = resolved;
  if (kind === 'symlink') {
    if (!followSymlinks) return result({ kind, note: 'a symbolic link: the link itself is recorded, not what it points to (follow symlinks to collect the target)' });
    try {
      target = fs.realpathSync(resolved);
      kind = kindOf(fs.statSync(target));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return result({ kind: 'symlink', ready: false, problem: code === 'ENOENT' ? 'a symbolic link to something that does not exist' : `a symbolic link that cannot be followed: ${words(error, 'cannot be resolved')}` });
    }
  }
  if (kind === 'other') return result({ kind, note: 'not a file or folder (a pipe, socket or device): recorded, not archived' });
  const problem = canOpen(target, kind);
  return problem ? result({ kind, ready: false, problem }) : result({ kind });
}

/** Why the archive cannot be written at `output` (it exists, or its folder cannot take it); null when it can. */
export function checkOutput(output: string): string | null {
  const resolved = path.resolve(output);
  for (const file of [resolved, `${resolved}.manifest.json`, `${resolved}.sha256`]) {
    if (fs.existsSync(file)) return `${file} already exists: choose another name (evidence is never overwritten)`;
  }
  // The nearest folder that exists is where the archive's folders would be made.
  let folder = path.dirname(resolved);
  while (!fs.existsSync(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  try {
    if (!fs.statSync(folder).isDirectory()) return `${folder} is not a folder: the archive cannot be saved under it`;
    fs.accessSync(folder, fs.constants.W_OK);
    return null;
  } catch (error) {
    return `the archive cannot be saved in ${folder}: ${words(error, 'not writable')}`;
  }
}

export function preflight(roots: readonly string[], output: string | undefined, followSymlinks: boolean): EvidencePreflight {
  const checks = roots.map((root) => checkRoot(root, followSymlinks));
  return {
    roots: checks,
    unavailable: checks.filter((check) => !check.ready).map((check) => ({ path: check.resolved, reason: check.problem ?? 'cannot be collected' })),
    outputProblem: output === undefined ? null : checkOutput(output),
  };
}
