// Builds the main-process bundles (esbuild) and the renderer (vite) into dist/.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2]; // 'main' or 'renderer' to build one half
const started = Date.now();

// zod exports every language's error messages (z.locales: a quarter of the CLI bundle, parsed on
// every start). Only English is ever used (zod configures it itself); the namespace keeps just it.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (args.importer.includes(`${path.sep}zod${path.sep}`) ? { path: 'zod-locales', namespace: 'zod-english-only' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({ contents: "export { default as en } from 'zod/v4/locales/en.js';", resolveDir: root }));
  },
};

// tinyglobby's ES build (which an `import` resolves to) loads fdir's, and that one calls
// createRequire(import.meta.url): in a CommonJS bundle import.meta is empty and the CLI dies at
// start. Its CommonJS build has the same API and needs no import.meta.
const tinyglobbyCommonJs = {
  name: 'tinyglobby-commonjs',
  setup(build) {
    build.onResolve({ filter: /^tinyglobby$/ }, () => ({ path: path.join(root, 'node_modules', 'tinyglobby', 'dist', 'index.cjs') }));
  },
};

// A plain secret scan's bundle (cli/scanSecretsFast.ts) runs only the tree scan on its own thread: the
// other jobs jobs/jobRunners.ts can load (evidence, logs, supply, with their YAML and schema libraries)
// are left out. Asked for anyway, one fails like any job, and the scan goes to the whole CLI.
const secretScanJobsOnly = {
  name: 'secret-scan-jobs-only',
  setup(build) {
    build.onResolve({ filter: /^\.\/(evidence\/evidenceCollector|logs\/logScanJob|supply\/integrityHash)$/ }, (args) => (args.importer.endsWith(`jobs${path.sep}jobRunners.ts`) ? { path: args.path, namespace: 'secret-scan-jobs-only' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'secret-scan-jobs-only' }, (args) => ({ contents: `throw new Error(${JSON.stringify(`${args.path} is not in the secret scan's bundle`)});`, loader: 'js' }));
  },
};

/** Runs app code at build time: `contents` (TypeScript importing from src-main) bundled in memory and loaded. */
async function bundledExports(contents) {
  const bundled = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'warning',
    plugins: [zodEnglishOnly],
  });
  const loaded = { exports: {} };
  new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(loaded, loaded.exports, createRequire(import.meta.url));
  return loaded.exports;
}

// What compiling the shipped secret rules learns of their regexes (domain/scans/secretRuleAnalysis.ts),
// made here once rather than in every scan worker: the rules validated as at run time (defaults
// filled in), then analysed, by the very code the app runs.
async function shippedSecretRuleAnalysis(value) {
  const loaded = await bundledExports("export { rulesFromValue } from './src-main/domain/scans/secretRules';\nexport { analyseRules } from './src-main/domain/scans/secretRuleAnalysis';");
  const rules = loaded.rulesFromValue(value);
  if (!rules.ok) throw new Error(`resources/rules/secrets.yaml: ${rules.message}`);
  return { rules: { specs: rules.specs, globalAllow: rules.globalAllow }, analysis: loaded.analyseRules(rules.specs) };
}

// The shipped severity schemes as the console reads them (validated, defaults filled in), keyed by the
// SHA-256 of their file: `firebreak serve` draws the dashboard's first screen before zod is even loaded.
async function shippedSeveritySchemes() {
  const { loadSeveritySchemes } = await bundledExports("export { loadSeveritySchemes } from './src-main/services/resources';");
  const file = path.join(root, 'resources', 'severity-schemes.json');
  return { sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex'), ...loadSeveritySchemes(path.dirname(file)) };
}

const shippedRules = only === 'renderer' ? null : shippedSecretRules();
const shippedAnalysed = shippedRules ? await shippedSecretRuleAnalysis(shippedRules.value) : null;
const shippedSchemes = only === 'renderer' ? null : await shippedSeveritySchemes();

const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Every command and the console read this bundle at start: a quarter smaller is a quarter less to
  // read and hash. Names are kept, so stack traces in the log stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  // Native modules and Electron are resolved at run time, never bundled.
  // xmlbuilder2: an optional plug-in of the CycloneDX library (XML output, unused) that it loads in a
  // try/catch; left external, its absence is the library's own "not available", not a build error.
  external: ['better-sqlite3', 'keytar', 'electron', 'xmlbuilder2'],
  logLevel: 'warning',
  absWorkingDir: root,
  plugins: [zodEnglishOnly, tinyglobbyCommonJs],
  // The shipped secret rules, read from their YAML and validated here (parsing YAML costs a CLI command
  // a quarter second, validating tens of milliseconds); nothing parsed in the data dir is trusted.
  define: {
    __FIREBREAK_SHIPPED_SECRET_RULES__: JSON.stringify(shippedRules && { sha256: shippedRules.sha256, rules: shippedAnalysed.rules }),
    __FIREBREAK_SHIPPED_SECRET_RULE_ANALYSIS__: JSON.stringify(shippedAnalysed?.analysis),
    __FIREBREAK_SHIPPED_YAML__: JSON.stringify(shippedYaml()),
    __FIREBREAK_SHIPPED_SEVERITY_SCHEMES__: JSON.stringify(shippedSchemes),
  },
};

function shippedSecretRules() {
  const source = fs.readFileSync(path.join(root, 'resources', 'rules', 'secrets.yaml'));
  return { sha256: createHash('sha256').update(source).digest('hex'), value: parseYaml(source.toString('utf8'), { uniqueKeys: true }) };
}

// The shipped playbooks, escalation matrix, log rules, live response profiles and drill scenarios, read from their YAML here and keyed by the SHA-256 of
// their bytes: the console's first playbook list or escalation check skips the YAML parse (more than a
// second on a loaded laptop) for a file whose bytes are exactly these, and still validates the value.
function shippedYaml() {
  const files = [
    ...fs.readdirSync(path.join(root, 'resources', 'playbooks')).filter((name) => name.endsWith('.yaml')).map((name) => path.join(root, 'resources', 'playbooks', name)),
    path.join(root, 'resources', 'escalation.yaml'),
    // The log rules, read by every log scan (services/logs/logScan.ts).
    path.join(root, 'resources', 'rules', 'logs.yaml'),
    // Live response profiles, read the same way (services/evidence/liveProfiles.ts).
    ...fs.readdirSync(path.join(root, 'resources', 'collectors')).filter((name) => name.endsWith('.yaml')).map((name) => path.join(root, 'resources', 'collectors', name)),
    // Drill scenarios, read on every drill list and start (services/drills/drillScenarios.ts).
    ...fs.readdirSync(path.join(root, 'resources', 'drills')).filter((name) => name.endsWith('.yaml')).map((name) => path.join(root, 'resources', 'drills', name)),
  ];
  const table = {};
  for (const file of files) {
    const source = fs.readFileSync(file);
    table[createHash('sha256').update(source).digest('hex')] = parseYaml(source.toString('utf8'), { uniqueKeys: true });
  }
  return table;
}

if (only !== 'renderer') {
  await Promise.all([
    build({ ...nodeBundle, entryPoints: ['src-main/cli/main.ts'], outfile: 'dist/main/cli/main.js' }),
    // `firebreak serve` starts from its own small bundle and loads the console's services from theirs.
    build({ ...nodeBundle, entryPoints: ['src-main/cli/serveFast.ts'], outfile: 'dist/main/cli/serve.js' }),
    // So does a plain `firebreak scan secrets PATH`: no schemas, YAML parser or database driver to load.
    build({ ...nodeBundle, entryPoints: ['src-main/cli/scanSecretsFast.ts'], outfile: 'dist/main/cli/scanSecrets.js', plugins: [...nodeBundle.plugins, secretScanJobsOnly] }),
    build({ ...nodeBundle, entryPoints: ['src-main/server/server.ts'], outfile: 'dist/main/server/console.js' }),
    build({ ...nodeBundle, entryPoints: ['src-main/electron/main.ts'], outfile: 'dist/main/electron/main.js' }),
    // Long jobs run in worker threads from their own bundle (found beside the CLI and Electron bundles).
    build({ ...nodeBundle, entryPoints: ['src-main/jobs/worker.ts'], outfile: 'dist/main/jobs/worker.js' }),
    // What a worker starts from: it loads worker.js with V8's code cache.
    build({ ...nodeBundle, entryPoints: ['src-main/jobs/workerLoader.ts'], outfile: 'dist/main/jobs/workerLoader.js' }),
    // The loader bin/firebreak.js starts the CLI's bundle with (the same one the workers' loader holds).
    build({ ...nodeBundle, entryPoints: ['src-main/jobs/codeCache.ts'], outfile: 'dist/main/codeCache.js' }),
    // Each keychain call runs in a child process that can be killed if the keychain hangs.
    build({ ...nodeBundle, entryPoints: ['src-main/services/vault/keychainChild.ts'], outfile: 'dist/main/vault/keychainChild.js' }),
    // Sandboxed preloads may only require('electron'): everything else is bundled in.
    build({ ...nodeBundle, entryPoints: ['src-main/electron/preload.ts'], outfile: 'dist/main/electron/preload.js', platform: 'browser', target: 'chrome130' }),
  ]);
  // The shipped rules' keyword automaton, read by every thread that scans with them instead of being
  // built there (jobs/secrets/keywordTablesFile.ts); written before the warm-up runs below use it.
  const keywordTables = await bundledExports(
    "export { keywordEntriesOf } from './src-main/domain/scans/secretRuleSet';\nexport { automatonTables } from './src-main/domain/scans/keywordAutomaton';\nexport { keywordEntriesKey, tablesToBytes } from './src-main/domain/scans/keywordTables';",
  );
  const keywordEntries = keywordTables.keywordEntriesOf(shippedAnalysed.rules);
  fs.writeFileSync(path.join(root, 'dist', 'main', 'jobs', 'secret-keywords.bin'), keywordTables.tablesToBytes(keywordTables.automatonTables(keywordEntries), keywordTables.keywordEntriesKey(keywordEntries)));
  // V8's code cache for the CLI bundle (bin/firebreak.js reads it): a run that loads the bundle writes it.
  const cached = spawnSync(process.execPath, [path.join(root, 'bin', 'firebreak.js'), '--version'], { env: { ...process.env, FIREBREAK_CODE_CACHE: 'write' }, encoding: 'utf8' });
  if (cached.status !== 0) console.warn(`firebreak: no code cache for the CLI (it still runs, compiling at each start): ${cached.stderr.trim()}`);
  await warmServeCodeCache();
  // The secret scan's, written by a scan of resources/ (the functions it ran are then in the cache).
  const scanCached = spawnSync(process.execPath, [path.join(root, 'bin', 'firebreak.js'), 'scan', 'secrets', path.join(root, 'resources'), '--json'], { env: { ...process.env, FIREBREAK_CODE_CACHE: 'write' }, encoding: 'utf8' });
  if (scanCached.status !== 0 && scanCached.status !== 1) console.warn(`firebreak: no code cache for the secret scan (it still runs, compiling at each start): ${scanCached.stderr.trim()}`);
  // The same for the job workers' bundle, written by a worker that ran a secret scan of resources/
  // (what most workers run): the functions it compiled are in the cache too.
  fs.rmSync(path.join(root, 'dist', 'main', 'jobs', 'worker.js.codecache'), { force: true });
  const warmUp = `
    const { Worker } = require('node:worker_threads');
    const input = { root: ${JSON.stringify(path.join(root, 'resources'))}, rules: ${JSON.stringify(shippedAnalysed.rules)}, honourGitignore: true, maxFileBytes: 1 << 20, lane: 0, claims: new Int32Array(new SharedArrayBuffer(8)) };
    new Worker(${JSON.stringify(path.join(root, 'dist', 'main', 'jobs', 'workerLoader.js'))}, { workerData: { job: 'secrets.tree', input } })
      .on('message', (message) => { if (message.type === 'failed') { console.error(message.message); process.exitCode = 1; } })
      .on('error', (error) => { console.error(error.message); process.exitCode = 1; });`;
  // The script on standard input: the rules are longer than a command-line argument may be.
  const workerCached = spawnSync(process.execPath, ['-'], { input: warmUp, env: { ...process.env, FIREBREAK_CODE_CACHE: 'write' }, encoding: 'utf8' });
  if (workerCached.status !== 0) console.warn(`firebreak: no code cache for the job workers (they still run, compiling at each start): ${workerCached.error?.message ?? workerCached.stderr.trim()}`);
}
/**
 * The code caches of `firebreak serve`'s two bundles, written by a serve that answered one incident list
 * (its compiled functions are then in the cache) in a throw-away data folder, then stopped.
 */
async function warmServeCodeCache() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-build-'));
  const token = randomBytes(32).toString('base64url');
  const child = spawn(process.execPath, [path.join(root, 'bin', 'firebreak.js'), 'serve', '--no-open', '--json'], {
    env: { ...process.env, FIREBREAK_CODE_CACHE: 'write', FIREBREAK_DATA_DIR: dataDir, FIREBREAK_SERVE_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const line = await new Promise((resolve, reject) => {
      readline.createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const { port } = JSON.parse(line).value;
    const answer = await fetch(`http://127.0.0.1:${port}/api/op/incident.list`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"scope":"open","limit":1000}' });
    if (!answer.ok) throw new Error(`the incident list answered ${answer.status}`);
  } catch (error) {
    console.warn(`firebreak: no code cache for serve (it still runs, compiling at each start): ${error.message}`);
  } finally {
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (only !== 'main') {
  await viteBuild({ configFile: path.join(root, 'vite.config.mts'), logLevel: 'warn' });
}
fs.writeFileSync(path.join(root, 'dist', 'build-info.json'), JSON.stringify({ builtAt: new Date().toISOString() }));
console.log(`firebreak: built in ${Date.now() - started} ms`);
