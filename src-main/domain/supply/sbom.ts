import { AppError, type Lockfile, type SbomDiff } from '../../contract';

/** A CycloneDX 1.5 JSON document (as a plain object, ready for JSON.stringify) of a lockfile's packages. */
export function sbomFromLockfile(_lockfile: Lockfile, _now: Date): Record<string, unknown> {
  throw new AppError('invalid-input', 'SBOM generation is not built yet');
}

/** Compares two parsed CycloneDX JSON documents; `names` label them in errors (the files). Throws AppError on a document that is not CycloneDX JSON. */
export function diffSboms(_before: unknown, _after: unknown, _names: { before: string; after: string }): SbomDiff {
  throw new AppError('invalid-input', 'SBOM comparison is not built yet');
}
