import type { LockPackage, SupplyEcosystem } from '../../../contract';
import { ecosystemOrder } from '../osv/versionOrder';
import { packageKey } from '../packageNames';

export interface PackageFacts {
  resolved?: string | null;
  integrity?: string | null;
  installScript?: boolean | null;
  dev?: boolean | null;
}

interface Node {
  name: string;
  version: string;
  resolved: string | null;
  integrity: string | null;
  installScript: boolean | null;
  dev: boolean | null;
  direct: boolean;
  /** Reached from a non-dev direct dependency; used only when the lockfile does not say what is dev. */
  prodReachable: boolean;
  children: Set<string>;
}

const maxPaths = 5;

/**
 * Packages and who depends on whom, collected while a lockfile is read, then turned into the
 * contract's sorted `LockPackage[]`. Copies of one name and version fetched from the same place
 * with the same checksum (npm's nested node_modules, pnpm's peer variants) become one package:
 * direct if any copy is, dev only if every copy is. A copy from elsewhere or with another checksum
 * stays its own package with its own paths: merged, its URL and checksum would be hidden from
 * drift checks and the SBOM behind the first copy's.
 */
export class PackageGraph {
  private readonly nodes = new Map<string, Node>();
  private readonly devRoots = new Set<string>();

  constructor(readonly ecosystem: SupplyEcosystem) {}

  /** Records a package (again, merging facts when resolved and integrity match) and returns its id for `depend`. */
  add(name: string, version: string, facts: PackageFacts = {}): string {
    const id = [packageKey(this.ecosystem, name), version, facts.resolved ?? '', facts.integrity ?? ''].join('\u0000');
    const node = this.nodes.get(id);
    if (!node) {
      this.nodes.set(id, {
        name,
        version,
        resolved: facts.resolved ?? null,
        integrity: facts.integrity ?? null,
        installScript: facts.installScript ?? null,
        dev: facts.dev ?? null,
        direct: false,
        prodReachable: false,
        children: new Set(),
      });
      return id;
    }
    if (facts.installScript === true || (facts.installScript === false && node.installScript === null)) node.installScript = facts.installScript;
    node.dev = mergeDev(node.dev, facts.dev ?? null);
    return id;
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  /** `from` null: the project itself depends on it, so it is direct. `dev` marks a project dependency as development-only. */
  depend(from: string | null, to: string, dev = false): void {
    const target = this.nodes.get(to);
    if (!target) return;
    if (from === null) {
      target.direct = true;
      if (dev) this.devRoots.add(to);
      else target.prodReachable = true;
      return;
    }
    const source = this.nodes.get(from);
    if (source && from !== to) source.children.add(to);
  }

  /**
   * The packages, sorted, with paths from a direct dependency: one breadth-first walk from all
   * direct packages at once, each package keeping its first five chains (so shortest first and
   * never a walk per package). `inferDev` fills `dev` for lockfiles that do not record it but
   * whose project dependencies say which are dev (pnpm 9): dev when no production root reaches it.
   */
  packages(options: { inferDev?: boolean } = {}): LockPackage[] {
    const paths = this.walkPaths();
    if (options.inferDev) this.markProdReachable();
    const result: LockPackage[] = [];
    for (const [id, node] of this.nodes) {
      let dev = node.dev;
      if (options.inferDev && dev === null && (node.direct || paths.has(id))) dev = !node.prodReachable;
      result.push({
        ecosystem: this.ecosystem,
        name: node.name,
        version: node.version,
        direct: node.direct,
        paths: (paths.get(id) ?? []).map((chain) => chain.map((step) => this.nodes.get(step)!.name)),
        resolved: node.resolved,
        integrity: node.integrity,
        installScript: node.installScript,
        dev,
      });
    }
    return result.sort((a, b) => compareLockPackages(a, b));
  }

  private walkPaths(): Map<string, string[][]> {
    const paths = new Map<string, string[][]>();
    // Each round extends only the chains a package gained in the previous round.
    let frontier = new Map<string, string[][]>();
    for (const [id, node] of this.nodes) {
      if (!node.direct) continue;
      paths.set(id, [[id]]);
      frontier.set(id, [[id]]);
    }
    while (frontier.size) {
      const next = new Map<string, string[][]>();
      for (const [id, chains] of frontier) {
        for (const child of this.nodes.get(id)!.children) {
          const held = paths.get(child) ?? [];
          if (held.length >= maxPaths) continue;
          for (const chain of chains) {
            if (held.length >= maxPaths) break;
            if (chain.includes(child)) continue;
            const extended = [...chain, child];
            held.push(extended);
            const gained = next.get(child);
            if (gained) gained.push(extended);
            else next.set(child, [extended]);
          }
          if (held.length) paths.set(child, held);
        }
      }
      frontier = next;
    }
    return paths;
  }

  private markProdReachable(): void {
    const queue = [...this.nodes.entries()].filter(([, node]) => node.prodReachable).map(([id]) => id);
    for (let at = 0; at < queue.length; at += 1) {
      for (const child of this.nodes.get(queue[at]!)!.children) {
        const node = this.nodes.get(child)!;
        if (node.prodReachable) continue;
        node.prodReachable = true;
        queue.push(child);
      }
    }
  }
}

function mergeDev(held: boolean | null, more: boolean | null): boolean | null {
  if (held === false || more === false) return false;
  if (held === null || more === null) return null;
  return true;
}

export function compareLockPackages(a: LockPackage, b: LockPackage): number {
  if (a.ecosystem !== b.ecosystem) return a.ecosystem < b.ecosystem ? -1 : 1;
  // By matching key first, so `Django` sorts among the d's of a requirements file.
  const left = packageKey(a.ecosystem, a.name);
  const right = packageKey(b.ecosystem, b.name);
  if (left !== right) return left < right ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  // Copies of one version by where they came from, so the order never depends on the lockfile's.
  return compareVersions(a.ecosystem, a.version, b.version) || compareText(a.resolved ?? '', b.resolved ?? '') || compareText(a.integrity ?? '', b.integrity ?? '');
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The ecosystem's own order where both versions parse, else plain text order, so sorting never throws. */
export function compareVersions(ecosystem: SupplyEcosystem, a: string, b: string): number {
  return ecosystemOrder(ecosystem)(a, b) ?? compareText(a, b);
}
