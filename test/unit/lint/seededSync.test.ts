import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

const unseeded = "import { randomUUID } from 'node:crypto';\nexport const probe = () => [Date.now(), Math.random(), new Date(), randomUUID(), crypto.randomUUID()];\n";

// ESLint loads typescript-eslint on first use: slow on a busy machine.
describe('sync code and its simulation', { timeout: 30_000 }, () => {
  it('may not read the clock, unseeded randomness or random ids: one seed must replay one run', async () => {
    for (const file of ['src-main/services/sync/x.ts', 'src-main/domain/sync/x.ts', 'test/sim/x.ts']) {
      const found = await violations(file, unseeded);
      expect(found).toHaveLength(5);
      expect(found.join('\n')).toMatch(/Date\.now[\s\S]*Math\.random[\s\S]*never new Date\(\)/);
    }
  });

  it('still refuses a bare transaction there, and leaves other code alone', async () => {
    expect(await violations('src-main/services/sync/x.ts', "import type { Database } from 'better-sqlite3';\nexport const write = (db: Database) => db.transaction(() => 1)();\n")).toEqual([
      expect.stringMatching(/writeTransaction/),
    ]);
    expect(await violations('src-main/services/incidents/x.ts', unseeded)).toEqual([]);
    expect(await violations('src-main/domain/sync/x.ts', 'export const at = (ms: number) => new Date(ms).toISOString();\n')).toEqual([]);
  });
});
