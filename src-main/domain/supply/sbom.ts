import { createHash } from 'node:crypto';
// The library's sub-paths, not its index: the index also loads its XML and validation plug-ins,
// whose optional dependencies are not installed and which the bundler cannot resolve.
import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import * as Serialize from '@cyclonedx/cyclonedx-library/Serialize';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import type { Lockfile, LockPackage, SupplyEcosystem } from '../../contract';
import { packageKey } from './packageNames';

export { diffSboms } from './sbomDiff';

// purl types (https://github.com/package-url/purl-spec) by OSV ecosystem.
const purlTypes: Record<SupplyEcosystem, string> = { npm: 'npm', 'crates.io': 'cargo', Go: 'golang', PyPI: 'pypi' };

const encodeSegment = (segment: string) => encodeURIComponent(segment);

/** The package's purl: `pkg:npm/%40babel/core@7.23.0`, `pkg:golang/github.com/pkg/errors@v0.9.1`, `pkg:pypi/python-dateutil@2.8.2`. */
export function purlOf(pkg: Pick<LockPackage, 'ecosystem' | 'name' | 'version'>): string {
  // PyPI's purl name is the PEP 503 normalised one; the others keep the name as written.
  const name = pkg.ecosystem === 'PyPI' ? packageKey('PyPI', pkg.name) : pkg.name;
  return `pkg:${purlTypes[pkg.ecosystem]}/${name.split('/').map(encodeSegment).join('/')}@${encodeSegment(pkg.version)}`;
}

const algorithms: Record<string, { name: Enums.HashAlgorithm; hexLength: number }> = {
  sha1: { name: Enums.HashAlgorithm['SHA-1'], hexLength: 40 },
  sha256: { name: Enums.HashAlgorithm['SHA-256'], hexLength: 64 },
  sha384: { name: Enums.HashAlgorithm['SHA-384'], hexLength: 96 },
  sha512: { name: Enums.HashAlgorithm['SHA-512'], hexLength: 128 },
};

/**
 * The lockfile's checksums as CycloneDX wants them (lowercase hex): npm's SRI `sha512-<base64>`
 * (several, space-separated), `sha256:<hex>` (Poetry, pip hashes), Cargo's bare hex SHA-256. Go's
 * `h1:` is a hash of a module's file tree, not of a file: CycloneDX has no algorithm for it.
 */
export function hashesOf(integrity: string | null, ecosystem: SupplyEcosystem): [Enums.HashAlgorithm, string][] {
  const hashes = new Map<Enums.HashAlgorithm, string>();
  for (const part of (integrity ?? '').split(/\s+/).filter(Boolean)) {
    const match = /^(sha\d+)[-:=](.+)$/i.exec(part);
    const algorithm = match ? algorithms[match[1]!.toLowerCase()] : ecosystem === 'crates.io' ? algorithms.sha256 : undefined;
    if (!algorithm) continue;
    const value = match ? match[2]! : part;
    const hex = new RegExp(`^[0-9a-f]{${algorithm.hexLength}}$`, 'i').test(value) ? value.toLowerCase() : Buffer.from(value, 'base64').toString('hex');
    if (hex.length === algorithm.hexLength) hashes.set(algorithm.name, hex);
  }
  return [...hashes];
}

// Query parameters that carry a credential: tokens, keys, signatures of pre-signed URLs.
const credentialParameter = /token|key|secret|pass|auth|sig|credential|session|jwt|^code$|^x-amz-|^x-goog-/i;

/**
 * A URL fit for a document handed to customers and vendors: no user name, password or credential
 * query parameter (a private registry's URL often carries a deploy token). Non-URLs pass unchanged.
 */
export function withoutCredentials(url: string): string {
  // `git+ssh://git@host/…` and `https://user:token@host/…`: the userinfo goes.
  const stripped = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
  const query = /^([^?#]*)\?([^#]*)(#.*)?$/.exec(stripped);
  if (!query) return stripped;
  const kept = query[2]!.split('&').filter((pair) => pair !== '' && !credentialParameter.test(decodeURIComponentSafe(pair.split('=')[0]!)));
  return `${query[1]!}${kept.length ? `?${kept.join('&')}` : ''}${query[3] ?? ''}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A v5-shaped UUID from the components: the same lockfile gives the same serial number. */
function serialNumber(lockfile: Lockfile): string {
  const lines = lockfile.packages.map((pkg) => `${purlOf(pkg)} ${pkg.integrity ?? ''} ${pkg.resolved ? withoutCredentials(pkg.resolved) : ''}\n`).sort();
  const bytes = createHash('sha256').update(lines.join('')).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function componentOf(pkg: LockPackage, purl: string, bomRef: string): Models.Component {
  // CycloneDX puts an npm scope in `group`, as the npm tooling does.
  const scoped = pkg.ecosystem === 'npm' ? /^(@[^/]+)\/(.+)$/.exec(pkg.name) : null;
  const component = new Models.Component(Enums.ComponentType.Library, scoped ? scoped[2]! : pkg.name, {
    version: pkg.version,
    purl,
    bomRef,
    ...(scoped ? { group: scoped[1]! } : {}),
    ...(pkg.dev === null ? {} : { scope: pkg.dev ? Enums.ComponentScope.Optional : Enums.ComponentScope.Required }),
  });
  for (const [algorithm, hex] of hashesOf(pkg.integrity, pkg.ecosystem)) component.hashes.set(algorithm, hex);
  if (pkg.resolved && /^[a-z][a-z0-9+.-]*:/i.test(pkg.resolved)) component.externalReferences.add(new Models.ExternalReference(withoutCredentials(pkg.resolved), Enums.ExternalReferenceType.Distribution));
  return component;
}

/** A CycloneDX 1.5 JSON document (as a plain object, ready for JSON.stringify) of a lockfile's packages. */
export function sbomFromLockfile(lockfile: Lockfile, now: Date): Record<string, unknown> {
  const bom = new Models.Bom();
  bom.serialNumber = serialNumber(lockfile);
  bom.metadata.timestamp = now;
  const seen = new Set<string>();
  const refs = new Set<string>();
  for (const pkg of lockfile.packages) {
    const purl = purlOf(pkg);
    const source = pkg.resolved ? withoutCredentials(pkg.resolved) : '';
    // Two spellings of one PyPI name (`Flask`, `flask`) are one component; a second copy from
    // another place or with another checksum (npm nests one, Cargo keeps one per source) is another.
    const copy = `${purl}\u0000${source}\u0000${pkg.integrity ?? ''}`;
    if (seen.has(copy)) continue;
    const first = !refs.has(purl);
    seen.add(copy);
    // The purl spec's `download_url` qualifier tells the second copy's origin in its purl too.
    const qualified = first || !source ? purl : `${purl}?download_url=${encodeURIComponent(source)}`;
    let bomRef = qualified;
    for (let index = 2; refs.has(bomRef); index += 1) bomRef = `${qualified}#copy-${index}`;
    refs.add(purl).add(bomRef);
    bom.components.add(componentOf(pkg, qualified, bomRef));
  }
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot5));
  return JSON.parse(serializer.serialize(bom, { sortLists: true })) as Record<string, unknown>;
}
