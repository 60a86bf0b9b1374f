import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanTree, fileClaims } from '../../../src-main/jobs/secrets/secretTreeScan';
import { loadSecretRules } from '../../../src-main/services/scans/secretRulesFile';
import { repoRoot } from '../../support/consoleServer';

// Real source code that holds no live credential: compilers, bundlers, a linter, a UI library, a
// validation library's tests and SQLite's C sources (about 50 MB, all present after `npm ci`). The
// generic rules see thousands of names like nextToken, visitorKeys or ssrExportAllKey here, with
// expressions, types and marker strings for values: none of them is a secret.
const folders = ['typescript/lib', 'react-dom/cjs', 'vite/dist/node', 'eslint/lib', 'zod/src', 'better-sqlite3/deps'];
const rules = loadSecretRules(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml'));

// What is still reported, each for a reason a reviewer would accept:
const expected = [
  // MDN's example of a URL with a user name and password (https://anonymous:flabada@developer…),
  // copied into zod's tests. A password written into a URL is reported whoever wrote it.
  'basic-auth-url zod/src/v4/classic/tests/string.test.ts',
];

describe('scanning the sources of well-known packages', () => {
  it('reports only the credentials-in-URLs they really hold, nothing from the generic rules', async () => {
    const found: string[] = [];
    for (const folder of folders) {
      const root = path.join(repoRoot, 'node_modules', folder);
      expect(fs.existsSync(root), root).toBe(true);
      const { findings } = await scanTree({ root, rules, honourGitignore: false, maxFileBytes: 64 * 1024 * 1024, lane: 0, claims: fileClaims(1) }, new AbortController().signal, () => {});
      for (const finding of findings) found.push(`${finding.rule} ${path.posix.join(folder, finding.file)}`);
    }
    expect(found.sort()).toEqual(expected);
  }, 30_000);
});
