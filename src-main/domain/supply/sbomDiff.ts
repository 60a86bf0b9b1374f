import { AppError, type SbomComponentChange, type SbomDiff } from '../../contract';
import { changeKind, naturalOrder, pairVersions } from './lockDiff';

/** CycloneDX versions with a JSON format (1.0 and 1.1 were XML only). */
const jsonSpecVersions = ['1.2', '1.3', '1.4', '1.5', '1.6'];

interface Component {
  /** purl without version, qualifiers or subpath; else `group/name`. */
  id: string;
  version: string;
  hashes: Map<string, string>;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * `pkg:npm/%40babel/core@7.23.0?x=y#sub` → `pkg:npm/%40babel/core`. The `repository_url` qualifier
 * stays (`pkg:npm/left-pad?repository_url=https://npm.example`): a component fetched from another
 * registry is another component, whatever its version.
 */
function purlWithoutVersion(purl: string): string {
  const bare = purl.replace(/[?#].*$/, '');
  const at = bare.lastIndexOf('@');
  // An `@` before the last `/` is an npm scope (`pkg:npm/@scope/name`), not the version.
  const id = at > bare.lastIndexOf('/') ? bare.slice(0, at) : bare;
  const query = /\?([^#]*)/.exec(purl)?.[1] ?? '';
  const repository = new URLSearchParams(query).get('repository_url');
  return repository ? `${id}?repository_url=${repository.replace(/\/+$/, '')}` : id;
}

/** What a hash comparison reports for an algorithm a component no longer lists. */
const droppedHash = '(none)';

function readComponents(document: unknown, name: string): Component[] {
  if (!isObject(document)) throw new AppError('invalid-input', `${name}: not a CycloneDX JSON document (expected a JSON object)`);
  if (document.bomFormat !== 'CycloneDX') {
    const what = typeof document.spdxVersion === 'string' ? `an SPDX document (${document.spdxVersion}), not CycloneDX` : 'not a CycloneDX JSON document (no "bomFormat": "CycloneDX")';
    throw new AppError('invalid-input', `${name}: ${what}`);
  }
  if (typeof document.specVersion !== 'string' || !jsonSpecVersions.includes(document.specVersion)) {
    throw new AppError('invalid-input', `${name}: CycloneDX specVersion ${JSON.stringify(document.specVersion ?? null)} is not supported (JSON documents of ${jsonSpecVersions[0]} to ${jsonSpecVersions.at(-1)} are)`);
  }
  const found: Component[] = [];
  // Components nest (an assembly's parts): walked without recursion, whatever the depth.
  const pending: { list: unknown; at: string }[] = [{ list: document.components ?? [], at: 'components' }];
  while (pending.length > 0) {
    const { list, at } = pending.pop()!;
    if (!Array.isArray(list)) throw new AppError('invalid-input', `${name}: ${at} must be a list of components`);
    list.forEach((component: unknown, index) => {
      const place = `${at}[${index}]`;
      if (!isObject(component) || typeof component.name !== 'string' || component.name === '') throw new AppError('invalid-input', `${name}: ${place} must be a component with a name`);
      const purl = typeof component.purl === 'string' && component.purl.startsWith('pkg:') ? component.purl : null;
      const group = typeof component.group === 'string' && component.group !== '' ? `${component.group}/` : '';
      const hashes = new Map<string, string>();
      if (component.hashes !== undefined) {
        if (!Array.isArray(component.hashes)) throw new AppError('invalid-input', `${name}: ${place}.hashes must be a list`);
        component.hashes.forEach((hash: unknown, hashIndex) => {
          if (!isObject(hash) || typeof hash.alg !== 'string' || typeof hash.content !== 'string') throw new AppError('invalid-input', `${name}: ${place}.hashes[${hashIndex}] must have "alg" and "content"`);
          hashes.set(hash.alg, hash.content.toLowerCase());
        });
      }
      found.push({ id: purl ? purlWithoutVersion(purl) : `${group}${component.name}`, version: typeof component.version === 'string' ? component.version : '', hashes });
      if (component.components !== undefined) pending.push({ list: component.components, at: `${place}.components` });
    });
  }
  return found;
}

/** Components by id and version; every entry of a version is kept (a second one may carry other hashes). */
function byId(components: Component[]): Map<string, Map<string, Component[]>> {
  const grouped = new Map<string, Map<string, Component[]>>();
  for (const component of components) {
    const versions = grouped.get(component.id) ?? new Map<string, Component[]>();
    versions.set(component.version, [...(versions.get(component.version) ?? []), component]);
    grouped.set(component.id, versions);
  }
  return grouped;
}

/**
 * The hash differences of one entry against the baseline's entries of its version: none when some
 * baseline entry agrees on every hash it lists (and the entry drops none of them).
 */
function hashDifferences(previous: readonly Component[], component: Component): { algorithm: string; before: string; after: string }[] {
  let best: { algorithm: string; before: string; after: string }[] | null = null;
  for (const prior of previous) {
    const found: { algorithm: string; before: string; after: string }[] = [];
    // A lockfile upgrade drops npm's old SHA-1 beside the SHA-512 it keeps: only an entry left with
    // none of the baseline's algorithms has had its hashes taken away.
    const keepsSome = [...prior.hashes.keys()].some((algorithm) => component.hashes.has(algorithm));
    for (const [algorithm, before] of prior.hashes) {
      const after = component.hashes.get(algorithm);
      if (after === undefined ? !keepsSome : after !== before) found.push({ algorithm, before, after: after ?? droppedHash });
    }
    if (best === null || found.length < best.length) best = found;
  }
  return best ?? [];
}

/** Compares two parsed CycloneDX JSON documents; `names` label them in errors (the files). Throws AppError on a document that is not CycloneDX JSON. */
export function diffSboms(before: unknown, after: unknown, names: { before: string; after: string }): SbomDiff {
  const old = byId(readComponents(before, names.before));
  const now = byId(readComponents(after, names.after));
  const changes: SbomComponentChange[] = [];
  const hashMismatches: SbomDiff['hashMismatches'] = [];
  for (const id of new Set([...old.keys(), ...now.keys()])) {
    const was = old.get(id) ?? new Map<string, Component[]>();
    const is = now.get(id) ?? new Map<string, Component[]>();
    const gone = [...was.keys()].filter((version) => !is.has(version));
    const come = [...is.keys()].filter((version) => !was.has(version));
    for (const pair of pairVersions(gone, come)) changes.push({ kind: changeKind(pair), name: id, ...pair });
    for (const [version, components] of is) {
      const previous = was.get(version);
      if (!previous) continue;
      const reported = new Set<string>();
      for (const component of components) {
        for (const difference of hashDifferences(previous, component)) {
          const key = `${difference.algorithm}\u0000${difference.before}\u0000${difference.after}`;
          if (reported.has(key)) continue;
          reported.add(key);
          hashMismatches.push({ name: id, version, ...difference });
        }
      }
    }
  }
  changes.sort((a, b) => a.name.localeCompare(b.name) || naturalOrder(a.from ?? a.to ?? '', b.from ?? b.to ?? ''));
  hashMismatches.sort((a, b) => a.name.localeCompare(b.name) || naturalOrder(a.version, b.version) || a.algorithm.localeCompare(b.algorithm));
  return { changes, hashMismatches };
}
