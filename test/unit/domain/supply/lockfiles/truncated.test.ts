import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src-main/contract';
import { parseLockfile } from '../../../../../src-main/domain/supply/lockfiles/parseLockfile';
import { fixtureRoot } from './lockfileFixtures';

const fixtures = readdirSync(fixtureRoot).flatMap((folder) => readdirSync(join(fixtureRoot, folder)).filter((name) => name !== 'package.json').map((name) => join(fixtureRoot, folder, name)));

describe('every reader on a lockfile cut short anywhere', () => {
  it.each(fixtures.map((file) => [file.slice(fixtureRoot.length + 1), file]))('%s: reads what is there or says where it broke, never crashes', (_label, file) => {
    const text = readFileSync(file, 'utf8');
    // 40 cut points spread over the file, so every section (header, entries, graph) is cut somewhere.
    for (let step = 1; step < 40; step += 1) {
      const cut = text.slice(0, Math.floor((text.length * step) / 40));
      try {
        const lock = parseLockfile(file, cut);
        for (const entry of lock.packages) expect(typeof entry.version).toBe('string');
      } catch (error) {
        expect(error, `cut at ${cut.length}: ${(error as Error).message}`).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('invalid-input');
        expect((error as AppError).message.startsWith(`${file}: `)).toBe(true);
      }
    }
  });
});
