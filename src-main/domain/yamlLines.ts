import type { Document, LineCounter } from 'yaml';

/** The line of the deepest existing node on `path` (a missing key is reported at its parent). */
export function lineOf(doc: Document, lineCounter: LineCounter, path: (string | number)[]): number | null {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return null;
}
