// Layer boundaries of DESIGN.md, written down once so nobody has to remember them.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const mainLayers = ['store', 'services', 'jobs', 'electron', 'server', 'cli'];
// Any relative path that reaches into one of the layers above contract/ and domain/.
const upperLayers = `^(\\.\\.?/)+(src-main/)?(${mainLayers.join('|')})(/|$)`;

const immediateTransactions = { selector: "CallExpression[callee.property.name='transaction']", message: 'Write through writeTransaction(db, fn) from store/transaction: a deferred transaction skips the busy timeout.' };
const unseeded = [
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Sync code and the simulation take the time from an injected clock, never new Date().' },
  { selector: "ImportSpecifier[imported.name='randomUUID']", message: 'Sync code and the simulation take ids from an injected generator.' },
  { selector: "ImportSpecifier[imported.name=/^(randomBytes|randomInt|randomFillSync|generateKeyPairSync)$/]", message: 'Sync code and the simulation draw from an injected, seeded generator.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'bin/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', fetch: 'readonly' } },
  },
  {
    // Only the Electron shell may touch Electron.
    files: ['src-main/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    ignores: ['src-main/electron/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src-main/electron may import electron.' }] }],
    },
  },
  {
    // DESIGN.md: every write transaction is immediate, or SQLite's busy timeout does not apply.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/store/transaction.ts'],
    rules: {
      'no-restricted-syntax': ['error', immediateTransactions],
    },
  },
  {
    // TEAM-SYNC §4: the sync code and its simulation take time, randomness and ids from the caller,
    // so one seed replays one run exactly.
    files: ['src-main/services/sync/**/*.ts', 'src-main/domain/sync/**/*.ts', 'test/sim/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Sync code and the simulation take the time from an injected clock.' },
        { object: 'Math', property: 'random', message: 'Sync code and the simulation draw from an injected, seeded generator.' },
        { object: 'crypto', property: 'randomUUID', message: 'Sync code and the simulation take ids from an injected generator.' },
        { object: 'performance', property: 'now', message: 'Sync code and the simulation take the time from an injected clock.' },
      ],
      'no-restricted-syntax': ['error', immediateTransactions, ...unseeded],
    },
  },
  {
    // Contract and domain are pure: no I/O, no runtime-specific layers.
    files: ['src-main/contract/**/*.ts', 'src-main/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process', 'better-sqlite3', 'http', 'node:http', 'net', 'node:net'].map((name) => ({ name, message: 'contract/ and domain/ do no I/O.' })),
          patterns: [{ regex: upperLayers, message: 'contract/ and domain/ may not import store, services, jobs, electron, server or cli.' }],
        },
      ],
    },
  },
  {
    // Worker threads start from their own small bundle: the contract's schemas (zod) and the rules'
    // YAML parser stay in the main thread, which validates what it hands over.
    files: ['src-main/jobs/**/*.ts'],
    ignores: ['src-main/jobs/runInWorker.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Only src-main/electron may import electron.' },
            { name: 'zod', message: 'Jobs get input the main thread has validated.' },
            { name: 'yaml', message: 'Jobs get rules the main thread has parsed.' },
          ],
          patterns: [
            { regex: '/contract$', allowTypeImports: true, message: 'Jobs import contract types only; AppError comes from contract/envelope.' },
            { regex: '/domain/scans/secretRules$', allowTypeImports: true, message: 'Jobs compile rules with domain/secretRuleSet; parsing is the main thread\'s.' },
          ],
        },
      ],
    },
  },
  {
    // One way in: the CLI runs operations through the contract's dispatch (call/callLong in
    // cli/context.ts), like IPC and HTTP, so its input is validated once and the rules have one copy.
    files: ['src-main/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src-main/electron may import electron.' }],
          patterns: [
            // appVersion: the version `--version` prints, in a module of its own so printing it loads no service.
            { regex: '/services/(?!(dispatch|context|appVersion|resources|resourcesDir|playbooks/playbooks|hub/hubAdmin|hub/hubConnection)$)', message: 'The CLI calls operations through dispatch (call or callLong from ./context), never a service.' },
            // Locating the built console to serve is no operation.
            { regex: '/services/resources$', allowImportNames: ['findResourcesDir'], message: 'The CLI calls operations through dispatch; from services/resources it may only locate the resources folder.' },
            // `playbook validate` checks a file the responder has not installed: no database, no operation.
            { regex: '/services/playbooks/playbooks$', allowImportNames: ['readPlaybookFile', 'summarize', 'describeProblem'], message: 'The CLI calls operations through dispatch; from services/playbooks it may only check a playbook file.' },
            // `hub init` and `hub add-member` administer the hub's PostgreSQL, not this laptop: no database, no operation.
            { regex: '/services/hub/hubAdmin$', allowImportNames: ['initHub', 'addHubMember'], message: 'The CLI calls operations through dispatch; from services/hub/hubAdmin it may only set up a hub.' },
            { regex: '/services/hub/hubConnection$', allowImportNames: ['redactHubUrl', 'roleOfHubUrl', 'HubConnectionConfig'], message: 'The CLI calls operations through dispatch; from services/hub/hubConnection it may only read a hub URL.' },
            { regex: '/jobs/(?!(atomicFile|workerStart)$)', message: 'The CLI starts long work through its operation (callLong), which runs the job.' },
            // Booting a scan's workers while the command loads is no operation: the job still runs through callLong.
            { regex: '/jobs/workerStart$', allowImportNames: ['prestartWorkers'], message: 'The CLI starts long work through its operation; from jobs/workerStart it may only start workers ahead of it.' },
            // Writing the responder's own output file (a scan baseline) whole or not at all is no operation.
            { regex: '/jobs/atomicFile$', allowImportNames: ['writeFileAtomic', 'writeError'], message: 'The CLI starts long work through its operation; from jobs/atomicFile it may only write an output file.' },
            { regex: '/store/(?!dataDir$)', message: 'The CLI reads and writes through operations, never the store.' },
          ],
        },
      ],
    },
  },
  {
    // A plain `scan secrets` runs without the contract's schemas or a database (cli/scanSecretsFast.ts): it
    // scans as the operation does, with the same function, and hands anything else to the whole CLI.
    // test/integration/scanSecretsFast.test.ts holds its output to the whole CLI's, byte for byte.
    files: ['src-main/cli/scanSecretsFast.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src-main/electron may import electron.' }],
          patterns: [
            { regex: '/services/(?!(appVersion|resourcesDir|redaction/shippedRules|scans/secretScan)$)', message: 'A plain secret scan loads the scan itself and nothing else of the services.' },
            { regex: '/jobs/(?!(atomicFile|workerStart|runInWorker)$)', message: 'A plain secret scan runs its job through services/scans/secretScan.' },
            { regex: '/store/', message: 'A plain secret scan opens no database.' },
          ],
        },
      ],
    },
  },
  {
    // The renderer talks to the world only through the Api; from src-main it may import contract types only
    // (and the pure rules it shares with the server: the urgency order, and how a time reads).
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer uses window.firebreak, never electron.' }],
          patterns: [
            { regex: '/src-main/contract(/|$)', allowTypeImports: true, message: 'The renderer imports contract types only (import type).' },
            // The urgency order is pure domain logic: the console places a pushed incident exactly where the server would.
            // Times and typed text likewise: the server's first screen writes them as the console does.
            { regex: '/src-main/(?!contract(/|$)|domain/incidents/urgency$|domain/(timeText|userText|incidents/dashboardList)$)', message: 'The renderer may not import main-process code.' },
            { group: ['node:*', 'fs', 'path', 'better-sqlite3'], message: 'The renderer never touches Node.' },
          ],
        },
      ],
    },
  },
);
