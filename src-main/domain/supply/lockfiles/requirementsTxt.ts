import type { LockPackage } from '../../../contract';
import { PackageGraph } from './packageGraph';

/**
 * requirements.txt, pinned lines only (`name==1.0`, `name===1.0`, extras and markers allowed):
 * ranges pin nothing, so they are not packages a lockfile vouches for. Options (`-r`, `-e`,
 * `--index-url`), URLs and comments are skipped. Every pinned line is something the project asked
 * for, so all are direct; the file records no graph.
 */
export function parseRequirements(_file: string, text: string): LockPackage[] {
  const graph = new PackageGraph('PyPI');
  for (const line of logicalLines(text)) {
    if (line.startsWith('-')) continue;
    const hashes = [...line.matchAll(/--hash[=\s]+(\S+)/g)].map((match) => match[1]!);
    const requirement = line.replace(/\s--?[a-z][\w-]*(?:[=\s]+\S+)?/gi, '').split(';')[0]!.trim();
    const pinned = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*===?\s*([^\s,*]+)$/.exec(requirement);
    if (!pinned) continue;
    const id = graph.add(pinned[1]!, pinned[2]!, { integrity: hashes[0] ?? null, resolved: null });
    graph.depend(null, id);
  }
  return graph.packages();
}

/** Lines with `\` continuations joined and `#` comments (at a line start or after a space) removed. */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '');
    if (/\\\s*$/.test(line)) {
      pending += `${line.replace(/\\\s*$/, '')} `;
      continue;
    }
    const whole = (pending + line).trim();
    pending = '';
    if (whole) lines.push(whole);
  }
  if (pending.trim()) lines.push(pending.trim());
  return lines;
}
