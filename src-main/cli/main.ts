import { Command, CommanderError } from 'commander';
import type { SeverityScheme, Settings } from '../contract';
import { appVersion } from '../services/appVersion';
import { call, closeContext, invalid, loadCommandModules, redactMessage } from './context';
import { registerActionCommands } from './actionCommands';
import { registerChecklistCommands } from './checklistCommands';
import { registerContactCommands } from './contactCommands';
import { registerDrillCommands } from './drillCommands';
import { registerEvidenceCommands } from './evidenceCommands';
import { registerHubCommands } from './hubCommands';
import { registerIncidentCommands } from './incidentCommands';
import { registerIocCommands } from './iocCommands';
import { registerAssetCommands } from './assetCommands';
import { registerAttackCommands } from './attackCommands';
import { registerTimelineCommands } from './timelineCommands';
import { registerClockCommands } from './clockCommands';
import { exitCodes, guardStdout, report, stdoutFailed } from './output';
import { table } from './table';
import { registerRotationCommands } from './rotationCommands';
import { registerReportCommands } from './reportCommands';
import { prestartScanWorkers, registerScanCommands } from './scanCommands';
import { registerServeCommand } from './serveCommand';
import { registerSupplyCommands } from './supplyCommands';
import { registerTemplateCommands } from './templateCommands';
import { registerVaultCommands } from './vaultCommands';
import { registerVariableCommands } from './variableCommands';
import { registerVerifyCommand } from './verifyCommand';
import { visibleText } from './visibleText';

prestartScanWorkers(process.argv.slice(2));
const jsonMode = process.argv.includes('--json');
const mode = () => ({ json: jsonMode });
guardStdout();

function finish(code: number): void {
  closeContext();
  process.exitCode = stdoutFailed() ? exitCodes.error : code;
}

// What commander writes on stderr (usage errors, help after an error) echoes argv: it is redacted, and
// redaction loads with the command modules, so it waits for them; commander ends the run right after.
const usageOutput: string[] = [];

async function writeUsageOutput(): Promise<void> {
  if (usageOutput.length === 0) return;
  await loadCommandModules();
  // Per line: an argv echo may carry escapes or bidi controls; the usage text's own line breaks stay.
  for (const text of usageOutput.splice(0)) process.stderr.write(redactMessage(text).split('\n').map(visibleText).join('\n'));
}

const program = new Command('firebreak')
  .description('Firebreak: the offline incident-response console')
  .version(appVersion)
  .option('--json', 'print exactly one JSON envelope on stdout')
  .exitOverride()
  .configureOutput({
    // In JSON mode usage errors become the envelope; nothing else may reach stdout. They echo argv
    // (an unknown command, a bad option value), so they are redacted like everything else.
    writeErr: (text) => {
      if (!jsonMode) usageOutput.push(text);
    },
  });

// Commands run with the contract, the services and the database driver, loaded only now: `--version`,
// `--help` and usage errors start without them.
program.hook('preAction', () => loadCommandModules());
// The build writes V8's code cache from a `--version` run (bin/firebreak.js): loading the modules then
// puts their compiled start-up code in it, for the commands that need them.
if (process.env.FIREBREAK_CODE_CACHE === 'write') void loadCommandModules();

registerIncidentCommands(program, mode, finish);
registerChecklistCommands(program, mode, finish);
registerVariableCommands(program, mode, finish);
registerContactCommands(program, mode, finish);
registerEvidenceCommands(program, mode, finish);
registerScanCommands(program, mode, finish);
registerSupplyCommands(program, mode, finish);
registerRotationCommands(program, mode, finish);
registerActionCommands(program, mode, finish);
registerServeCommand(program, mode, finish);
registerVerifyCommand(program, mode, finish);
registerVaultCommands(program, mode, finish);
registerReportCommands(program, mode, finish);
registerTemplateCommands(program, mode, finish);
registerHubCommands(program, mode, finish);
registerDrillCommands(program, mode, finish);
registerIocCommands(program, mode, finish);
registerAssetCommands(program, mode, finish);
registerAttackCommands(program, mode, finish);
registerTimelineCommands(program, mode, finish);
registerClockCommands(program, mode, finish);

const severity = program.command('severity').description('severity schemes');
severity
  .command('schemes')
  .description('list the severity schemes and their response times')
  .action(() => {
    const envelope = call<{ schemes: SeverityScheme[]; activeSchemeId: string }>('severity.schemes', {});
    finish(
      report(mode(), envelope, ({ schemes, activeSchemeId }) =>
        schemes
          .map((scheme) => `${scheme.id === activeSchemeId ? '* ' : '  '}${scheme.id}: ${scheme.name}\n${table(['', 'LEVEL', 'LABEL', 'RESPOND WITHIN (MIN)'], scheme.levels.map((level) => ['', level.id, level.label, String(level.responseMinutes)]))}`)
          .join('\n\n'),
      ),
    );
  });

program
  .command('settings')
  .description('show or change settings')
  .option('--responder <name>', 'the name recorded on your events (default: OS user)')
  .option('--scheme <id>', 'the severity scheme for new incidents')
  .action((options: { responder?: string; scheme?: string }) => {
    const changing = options.responder !== undefined || options.scheme !== undefined;
    const envelope = changing
      ? call<Settings>('settings.update', { responderName: options.responder, activeSchemeId: options.scheme })
      : call<Settings>('settings.get', {});
    finish(report(mode(), envelope, (value) => `Responder: ${value.responderName || '(OS user)'}\nSeverity scheme: ${value.activeSchemeId}`));
  });

async function failed(error: unknown): Promise<void> {
  await writeUsageOutput();
  if (error instanceof CommanderError && (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help')) {
    process.exitCode = exitCodes.done;
    return;
  }
  await loadCommandModules();
  if (error instanceof CommanderError) {
    // The usage error is on stderr already in human mode.
    if (jsonMode) report(mode(), invalid(error.message.replace(/^error: /, '')), () => '');
    process.exitCode = exitCodes.error;
    return;
  }
  process.stderr.write(`firebreak: ${visibleText(redactMessage((error as Error).message))}\n`);
  process.exitCode = exitCodes.error;
}

program
  .parseAsync(process.argv)
  .then(writeUsageOutput)
  .catch(failed)
  .catch((error: unknown) => {
    // Only a broken installation gets here (the command modules did not load): nothing to redact yet.
    process.stderr.write(`firebreak: ${visibleText((error as Error).message)}\n`);
    process.exitCode = exitCodes.error;
  });
