import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

async function firstViolation(filePath: string, code: string): Promise<string | undefined> {
  return (await violations(filePath, code))[0];
}

// ESLint loads typescript-eslint on first use: slow on a busy machine.
describe('layer rules', { timeout: 30_000 }, () => {
  it('let only src-main/electron import electron', async () => {
    expect(await violations('src-main/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([expect.stringMatching(/no-restricted-imports: .*Only src-main\/electron may import electron\.$/)]);
    expect(await violations('src-main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });

  it('keep domain and contract free of I/O and of the layers above them', async () => {
    expect(await violations('src-main/domain/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toEqual([expect.stringMatching(/contract\/ and domain\/ do no I\/O\.$/)]);
    expect(await firstViolation('src-main/domain/x.ts', "import { openDatabase } from '../store/database';\nexport const a = openDatabase;\n")).toMatch(/may not import store/);
  });

  it('let the renderer import contract types only, and nothing else of src-main', async () => {
    expect(await violations('src-renderer/x.ts', "import type { Incident } from '../src-main/contract';\nexport type A = Incident;\n")).toEqual([]);
    expect(await firstViolation('src-renderer/x.ts', "import { operations } from '../src-main/contract';\nexport const a = operations;\n")).toMatch(/contract types only/);
    expect(await firstViolation('src-renderer/x.ts', "import { dispatch } from '../src-main/services/dispatch';\nexport const a = dispatch;\n")).toMatch(/may not import main-process code/);
    expect(await firstViolation('src-renderer/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toMatch(/never touches Node/);
    // The urgency order is shared so a pushed incident lands where the server would list it; nothing else of domain.
    expect(await violations('src-renderer/x.ts', "import { compareUrgency } from '../src-main/domain/incidents/urgency';\nexport const a = compareUrgency;\n")).toEqual([]);
    expect(await firstViolation('src-renderer/x.ts', "import { slaSnapshot } from '../src-main/domain/incidents/sla';\nexport const a = slaSnapshot;\n")).toMatch(/may not import main-process code/);
  });
});
