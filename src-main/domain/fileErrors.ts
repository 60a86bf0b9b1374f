import type { ErrorCode } from '../contract/envelope';

/** File-system failures a responder's own input causes (a path that is a folder, missing, not allowed…). */
const fileProblems: Record<string, { code: ErrorCode; says: string }> = {
  ENOENT: { code: 'not-found', says: 'no such file or folder' },
  ENOTDIR: { code: 'invalid-input', says: 'a part of the path is not a folder' },
  EISDIR: { code: 'invalid-input', says: 'this is a folder, not a file' },
  EEXIST: { code: 'conflict', says: 'something already exists at' },
  ENAMETOOLONG: { code: 'invalid-input', says: 'the path or a name in it is too long' },
  ELOOP: { code: 'invalid-input', says: 'the path goes round a loop of symbolic links' },
  EACCES: { code: 'forbidden', says: 'permission denied' },
  EPERM: { code: 'forbidden', says: 'the operation is not permitted' },
  EROFS: { code: 'forbidden', says: 'the file system is read-only' },
  EXDEV: { code: 'invalid-input', says: 'the operation cannot cross file systems' },
  ENOSPC: { code: 'io-error', says: 'the disk is full: nothing was written. Free some space and try again' },
  EDQUOT: { code: 'io-error', says: 'the disk quota is used up: nothing was written. Free some space and try again' },
};

/**
 * What a Node file-system error means for the responder, with the path it names: a 4xx (or a full
 * disk), never `internal`. Null for anything else. Node's own message is not shown: it reads like a
 * crash ("EEXIST: file already exists, mkdir …") and says nothing about what to do.
 */
export function describeFileError(error: unknown): { code: ErrorCode; message: string } | null {
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  const problem = typeof code === 'string' ? fileProblems[code] : undefined;
  if (!problem) return null;
  if (code === 'ENOSPC' || code === 'EDQUOT') return { code: problem.code, message: `${problem.says}.` };
  return { code: problem.code, message: typeof path === 'string' ? `${problem.says}: ${path}` : `${problem.says} (${code})` };
}

/** The words alone for a file-system error code ("no such file or folder"), or null for a code not known here. */
export function fileErrorWords(code: unknown): { code: ErrorCode; says: string } | null {
  return typeof code === 'string' ? (fileProblems[code] ?? null) : null;
}
