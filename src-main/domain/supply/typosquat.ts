import { z } from 'zod';
import { AppError, supplyEcosystems, type SupplyEcosystem } from '../../contract';
import { parseYamlUnderLimits } from '../userYaml';
import { packageKey } from './packageNames';

/** Per ecosystem, the names a look-alike would imitate (resources/supply/well-known.yaml). */
export type WellKnownPackages = Partial<Record<SupplyEcosystem, readonly string[]>>;

const packageName = z.string().trim().min(1, { message: 'must be a package name' }).max(214, { message: 'is longer than any package name (214 characters)' });
const wellKnownSchema = z.strictObject(Object.fromEntries(supplyEcosystems.map((ecosystem) => [ecosystem, z.array(packageName).optional()])) as Record<SupplyEcosystem, z.ZodOptional<z.ZodArray<typeof packageName>>>);

/** Parses and validates the well-known list; errors name the file and the place (`npm[12]`). */
export function parseWellKnownPackages(source: string, file: string): WellKnownPackages {
  const parsed = parseYamlUnderLimits(source);
  if (!parsed.ok) throw new AppError('invalid-input', `${file}${parsed.line ? ` line ${parsed.line}` : ''}: ${parsed.message}`);
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    throw new AppError('invalid-input', `${file}: must map ecosystems (${supplyEcosystems.join(', ')}) to lists of package names`);
  }
  const result = wellKnownSchema.safeParse(parsed.value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const place = issue.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('');
    const message = issue.code === 'unrecognized_keys' ? `unknown ecosystem ${issue.keys.map((key) => `'${key}'`).join(', ')} (expected ${supplyEcosystems.join(', ')})` : issue.message;
    throw new AppError('invalid-input', `${file}${place ? ` at ${place}` : ''}: ${message}`);
  }
  return result.data;
}

/** How two names are one edit apart, or null when they are not. */
type Edit = 'insert' | 'delete' | 'substitute' | 'transpose' | 'separator';

const separators = /[-_.]/;

/**
 * One Damerau edit (optimal string alignment) between `a` and `b`, in O(length): insert, delete,
 * substitute or swap two neighbours; a `-`/`_`/`.` swapped for another is reported as such.
 */
export function oneEdit(a: string, b: string): Edit | null {
  if (a === b) return null;
  const lengthGap = a.length - b.length;
  if (Math.abs(lengthGap) > 1) return null;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  if (lengthGap === 0) {
    if (middleA.length === 1) return separators.test(middleA) && separators.test(middleB) ? 'separator' : 'substitute';
    if (middleA.length === 2 && middleA[0] === middleB[1] && middleA[1] === middleB[0]) return 'transpose';
    return null;
  }
  if (middleA.length + middleB.length === 1) return lengthGap > 0 ? 'insert' : 'delete';
  return null;
}

// Short names sit one edit from dozens of honest packages (`ms`, `qs`, `pg`, `ws`): too noisy to judge.
const shortestJudged = 5;

function splitScope(name: string): { scope: string | null; bare: string } {
  const match = /^@([^/]+)\/(.+)$/.exec(name);
  return match ? { scope: match[1]!, bare: match[2]! } : { scope: null, bare: name };
}

interface Candidate {
  name: string;
  key: string;
  origin: 'well-known' | 'dependency';
  order: number;
}

function* variants(key: string): Generator<string> {
  yield key;
  for (let index = 0; index < key.length; index += 1) yield key.slice(0, index) + key.slice(index + 1);
}

export interface TyposquatTargets {
  ecosystem: SupplyEcosystem;
  /** Well-known names of the ecosystem. */
  wellKnown: readonly string[];
  /** Names the baseline lockfile already held (established dependencies). */
  established: readonly string[];
}

export interface TyposquatFinding {
  like: string;
  /** The sentence for the responder: "one edit from 'lodash' (well-known)". */
  reason: string;
}

const withoutSeparators = (key: string) => key.replace(/[-_.]/g, '');

/**
 * Against a name the baseline merely had (nothing says it is more used than the added one), only
 * the slips of a hand typing that name count: a swapped pair, a doubled or dropped letter, another
 * separator. Honest neighbours in one tree differ by a whole letter (`core-data`, `core-date`) or a
 * joining hyphen (`datequery`, `date-query`); against a well-known name those still count.
 */
function typoOfDependency(name: string, target: string, edit: Edit): boolean {
  if (edit === 'substitute') return false;
  return edit === 'separator' || withoutSeparators(name) !== withoutSeparators(target);
}

/** A prepared index of the names an added package is compared with. */
export class TyposquatIndex {
  private readonly wellKnownKeys: Set<string>;
  private readonly knownScopes: Set<string>;
  private readonly unscopedWellKnown: Set<string>;
  /**
   * Every name under itself and each of its one-character deletions (symmetric deletion): two names
   * one edit apart share at least one entry, so a lookup costs the name's length, not the list's.
   */
  private readonly byVariant = new Map<string, Candidate[]>();
  private count = 0;

  constructor(private readonly targets: TyposquatTargets) {
    const key = (name: string) => packageKey(targets.ecosystem, name);
    this.wellKnownKeys = new Set(targets.wellKnown.map(key));
    this.knownScopes = new Set([...targets.wellKnown, ...targets.established].flatMap((name) => splitScope(name).scope ?? []));
    this.unscopedWellKnown = new Set(targets.wellKnown.filter((name) => splitScope(name).scope === null).map(key));
    const seen = new Set<string>();
    const add = (name: string, origin: 'well-known' | 'dependency') => {
      const nameKey = key(name);
      if (seen.has(nameKey) || nameKey.length < shortestJudged) return;
      seen.add(nameKey);
      const candidate: Candidate = { name, key: nameKey, origin, order: this.count++ };
      for (const variant of variants(nameKey)) {
        const list = this.byVariant.get(variant);
        if (list) list.push(candidate);
        else this.byVariant.set(variant, [candidate]);
      }
    };
    for (const name of targets.wellKnown) add(name, 'well-known');
    for (const name of targets.established) add(name, 'dependency');
  }

  /** Why an added name looks like another, or null. A name that is itself well-known never does. */
  check(name: string): TyposquatFinding | null {
    const nameKey = packageKey(this.targets.ecosystem, name);
    if (this.wellKnownKeys.has(nameKey)) return null;
    // A misspelt scope is named as such: clearer than "one edit from '@types/node'".
    const scoped = this.scopeConfusion(name);
    if (scoped) return scoped;
    if (nameKey.length < shortestJudged) return null;
    // Well-known names were indexed first: they win over a lockfile's own names.
    let best: { candidate: Candidate; edit: NonNullable<ReturnType<typeof oneEdit>> } | null = null;
    for (const variant of variants(nameKey)) {
      for (const candidate of this.byVariant.get(variant) ?? []) {
        if (best && candidate.order >= best.candidate.order) continue;
        const edit = oneEdit(nameKey, candidate.key);
        if (edit && (candidate.origin === 'well-known' || typoOfDependency(nameKey, candidate.key, edit))) best = { candidate, edit };
      }
    }
    if (best) {
      const origin = best.candidate.origin === 'well-known' ? 'well-known' : 'a dependency the baseline already had';
      const detail = best.edit === 'separator' ? ', only a separator differs' : '';
      return { like: best.candidate.name, reason: `one edit from '${best.candidate.name}' (${origin})${detail}` };
    }
    return null;
  }

  /** `@typs/node` for `@types/node`, or a well-known unscoped name under a scope nobody used (`@evil/lodash`). */
  private scopeConfusion(name: string): TyposquatFinding | null {
    if (this.targets.ecosystem !== 'npm') return null;
    const { scope, bare } = splitScope(name);
    if (scope === null) return null;
    for (const known of this.knownScopes) {
      if (known.length < 3 || !oneEdit(scope, known)) continue;
      const imitated = `@${known}/${bare}`;
      if (this.wellKnownKeys.has(imitated)) return { like: imitated, reason: `scope '@${scope}' is one edit from '@${known}' of '${imitated}' (well-known)` };
      return { like: imitated, reason: `scope '@${scope}' is one edit from '@${known}', a scope already in use` };
    }
    if (!this.knownScopes.has(scope) && bare.length >= shortestJudged && this.unscopedWellKnown.has(bare)) {
      return { like: bare, reason: `'${name}' takes the name of '${bare}' (well-known) under the scope '@${scope}', which no known package uses` };
    }
    return null;
  }
}
