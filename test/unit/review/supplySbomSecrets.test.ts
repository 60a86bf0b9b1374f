import { describe, expect, it } from 'vitest';
import { parseLockfile } from '../../../src-main/domain/supply/lockfiles/parseLockfile';
import { sbomFromLockfile } from '../../../src-main/domain/supply/sbom';

// A private registry's URL in a lockfile often carries a deploy token; an SBOM is a document
// handed to customers and vendors, so the credential must not travel with it.
const lock = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'app', version: '1.0.0', dependencies: { 'left-pad': '^1.3.0' } },
    'node_modules/left-pad': {
      version: '1.3.0',
      resolved: 'https://deploy:npm_SECRETTOKEN1234567890abcdef@npm.corp.example/left-pad/-/left-pad-1.3.0.tgz',
      integrity: 'sha512-bbbb',
    },
  },
});

describe('SBOM of a lockfile with credentials in resolved URLs', () => {
  it('keeps the package and its registry host but not the user name or token', () => {
    const sbom = JSON.stringify(sbomFromLockfile(parseLockfile('/tmp/app/package-lock.json', lock), new Date('2026-01-01T00:00:00Z')));
    expect(sbom).toContain('left-pad');
    expect(sbom).not.toContain('npm_SECRETTOKEN1234567890abcdef');
    expect(sbom).not.toContain('deploy:');
  });
});
