/** Longer targets are refused before any parsing: the console's own URLs are a few dozen characters. */
export const maxTargetLength = 8 * 1024;

export type Target = { ok: true; pathname: string; query: URLSearchParams } | { ok: false; status: 400 | 414; message: string };

/**
 * Splits a request target without `new URL()`, which throws on shapes like `//` or `/%` that any
 * web page can make a browser send. The path stays percent-encoded; only its validity is checked here.
 */
export function parseTarget(raw: string | undefined): Target {
  const target = raw ?? '';
  if (target.length > maxTargetLength) return { ok: false, status: 414, message: `the request URL is longer than ${maxTargetLength} characters` };
  if (!target.startsWith('/')) return { ok: false, status: 400, message: 'the request target must be a path starting with /' };
  const queryStart = target.indexOf('?');
  const pathname = queryStart < 0 ? target : target.slice(0, queryStart);
  const search = queryStart < 0 ? '' : target.slice(queryStart + 1);
  try {
    const decoded = decodeURIComponent(pathname);
    if (decoded.includes('\0')) return { ok: false, status: 400, message: 'the request path contains a NUL character' };
  } catch {
    return { ok: false, status: 400, message: 'the request path has malformed percent-encoding' };
  }
  // URLSearchParams never throws: a malformed escape stays as written.
  return { ok: true, pathname, query: new URLSearchParams(search.split('#')[0]) };
}
