import type { Command } from 'commander';
import type { VerifyAllResult } from '../contract';
import { call, invalid } from './context';
import { formatVerify } from './formatIncident';
import { report, type OutputMode } from './output';

function formatAll(result: VerifyAllResult): string {
  const summary = `${result.checked} incident(s) checked: ${result.broken === 0 ? 'all intact' : `${result.broken} broken`}${result.orphaned ? `, ${result.orphaned} orphaned` : ''}`;
  const broken = result.incidents.filter((incident) => !incident.intact).map(formatVerify);
  return [...broken, summary].join('\n');
}

/** `firebreak verify --all`: every incident and every orphan, through the same operation as the console. */
export function registerVerifyCommand(program: Command, mode: () => OutputMode, finish: (code: number) => void): void {
  program
    .command('verify')
    .description('verify every incident\'s hash chain and stored records, and find orphaned events; exits 1 when anything is broken')
    .option('--all', 'check every incident and every orphan (required: use `incident verify <id>` for one)')
    .action((options: { all?: boolean }) => {
      if (!options.all) {
        finish(report(mode(), invalid('say --all to verify every incident, or use `firebreak incident verify <id>` for one'), () => ''));
        return;
      }
      finish(report(mode(), call<VerifyAllResult>('verify.all', {}), formatAll, (value) => !value.intact));
    });
}
