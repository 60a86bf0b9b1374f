import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

// ESLint loads typescript-eslint on first use: slow on a busy machine.
describe('write transactions', { timeout: 30_000 }, () => {
  it('refuse a bare db.transaction() anywhere in the main process: it would skip the busy timeout', async () => {
    const bare = "import type { Database } from 'better-sqlite3';\nexport const write = (db: Database) => db.transaction(() => 1)();\n";
    expect(await violations('src-main/services/x.ts', bare)).toEqual([expect.stringMatching(/no-restricted-syntax: Write through writeTransaction/)]);
    expect(await violations('src-main/store/x.ts', bare.replace('()();', '().immediate();'))).toEqual([expect.stringMatching(/writeTransaction/)]);
  });

  it('accept writeTransaction, the one place that opens a transaction', async () => {
    const wrapped = "import type { Database } from 'better-sqlite3';\nimport { writeTransaction } from '../store/transaction';\nexport const write = (db: Database) => writeTransaction(db, () => 1);\n";
    expect(await violations('src-main/services/x.ts', wrapped)).toEqual([]);
  });
});
