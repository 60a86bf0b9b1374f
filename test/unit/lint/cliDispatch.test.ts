import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

const cliFile = 'src-main/cli/someCommands.ts';

// ESLint loads typescript-eslint on first use: slow on a busy machine.
describe('the CLI goes through dispatch', { timeout: 30_000 }, () => {
  it('refuses a command that calls a service directly', async () => {
    for (const [module, name] of [['../services/evidence/evidence', 'collect'], ['../services/evidence/quarantine', 'quarantineFile'], ['../services/evidence/evidenceRegister', 'addCustody'], ['../services/scans/scans', 'scanAndRecord'], ['../services/incidents/incidents', 'declareIncident']]) {
      expect(await violations(cliFile, `import { ${name} } from '${module}';\nexport const a = ${name};\n`), module).toEqual([expect.stringMatching(/no-restricted-imports: .*through dispatch \(call or callLong from \.\/context\), never a service\.$/)]);
    }
  });

  it('refuses the jobs and the store behind the operations', async () => {
    expect(await violations(cliFile, "import { collectEvidence } from '../jobs/evidence/evidenceCollector';\nexport const a = collectEvidence;\n")).toEqual([expect.stringMatching(/starts long work through its operation/)]);
    expect(await violations(cliFile, "import { openDatabase } from '../store/database';\nexport const a = openDatabase;\n")).toEqual([expect.stringMatching(/never the store/)]);
  });

  it('allows dispatch, the context, and the few helpers that are no operation', async () => {
    const allowed = [
      "import { dispatch, dispatchAsync, errorEnvelope } from '../services/dispatch';\nexport const a = [dispatch, dispatchAsync, errorEnvelope];\n",
      "import { appVersion, createServiceContext } from '../services/context';\nexport const a = [appVersion, createServiceContext];\n",
      "import { appVersion } from '../services/appVersion';\nexport const a = appVersion;\n",
      "import { resolveDataDir } from '../store/dataDir';\nexport const a = resolveDataDir;\n",
      "import { findResourcesDir } from '../services/resources';\nexport const a = findResourcesDir;\n",
      "import { readPlaybookFile, summarize } from '../services/playbooks/playbooks';\nexport const a = [readPlaybookFile, summarize];\n",
      "import { toSarif } from '../domain/scans/sarif';\nimport { call } from './context';\nexport const a = [toSarif, call];\n",
    ];
    for (const code of allowed) expect(await violations(cliFile, code), code).toEqual([]);
    expect(await violations(cliFile, "import { loadPlaybooks } from '../services/playbooks/playbooks';\nexport const a = loadPlaybooks;\n")).toEqual([expect.stringMatching(/may only check a playbook file/)]);
    expect(await violations(cliFile, "import { loadSeveritySchemes } from '../services/resources';\nexport const a = loadSeveritySchemes;\n")).toEqual([expect.stringMatching(/may only locate the resources folder/)]);
  });

  it('still keeps electron out of the CLI', async () => {
    expect(await violations(cliFile, "import { app } from 'electron';\nexport const a = app;\n")).toEqual([expect.stringMatching(/Only src-main\/electron may import electron\.$/)]);
  });

  it('holds for every CLI file as it is', async () => {
    const results = await eslint.lintFiles(['src-main/cli/**/*.ts']);
    expect(results.length).toBeGreaterThan(5);
    expect(results.flatMap((result) => result.messages.map((message) => `${result.filePath}: ${message.message}`))).toEqual([]);
  });
});
