import path from 'node:path';
import type { Command } from 'commander';
import type { AttackCatalogue, AttackImportResult, AttackSearchResult, Technique } from '../contract';
import { call, callLong } from './context';
import { report, type OutputMode } from './output';
import { table } from './table';
import { visibleText as shown } from './visibleText';

type Finish = (code: number) => void;

const idPattern = /^T\d{4}(\.\d{3})?$/i;
const noCatalogue = 'no catalogue imported: import one with firebreak attack import FILE';

const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

function describeCatalogue(catalogue: AttackCatalogue): string {
  return `ATT&CK ${catalogue.version ? `v${catalogue.version}` : '(version unknown)'}, ${count(catalogue.techniques, 'technique')} from ${shown(catalogue.source)}`;
}

export function formatAttackImport(result: AttackImportResult): string {
  return `Imported ${describeCatalogue(result.catalogue)}; ${count(result.skipped, 'other object')} skipped (revoked, duplicate or not a technique).`;
}

/** Bundle text may hold control or bidi characters: shown as themselves, never driving the terminal. */
function row(technique: Technique): string[] {
  return [technique.id, `${shown(technique.name)}${technique.deprecated ? ' (deprecated)' : ''}`, technique.tactics.map(shown).join(', ') || '-'];
}

export function formatAttackSearch(text: string, result: AttackSearchResult): string {
  if (!result.catalogue) return idPattern.test(text.trim()) ? `${noCatalogue}; the id is accepted by format.` : `${noCatalogue}.`;
  if (!result.techniques.length) return `No technique matches ${JSON.stringify(shown(text))} in ${describeCatalogue(result.catalogue)}.`;
  return `${table(['ID', 'NAME', 'TACTICS'], result.techniques.map(row))}\n${count(result.techniques.length, 'technique')} · ${describeCatalogue(result.catalogue)}`;
}

export function registerAttackCommands(program: Command, mode: () => OutputMode, finish: Finish): void {
  const attack = program.command('attack').description('the MITRE ATT&CK technique catalogue, imported from a STIX bundle file (nothing is fetched)');

  attack
    .command('import <bundle>')
    .description('import the technique catalogue from an ATT&CK STIX 2.0/2.1 bundle (enterprise-attack.json, mobile-attack.json or ics-attack.json); replaces the catalogue held, or changes nothing when the bundle is malformed')
    .action(async (bundle: string) => {
      // Made absolute here: the operation refuses relative paths (over HTTP they would mean the server's folder).
      const envelope = await callLong<AttackImportResult>('attack.import', { path: path.resolve(bundle) });
      finish(report(mode(), envelope, formatAttackImport));
    });

  attack
    .command('search <text>')
    .description('find techniques by id (T1059 lists its sub-techniques too) or by words of their name')
    .option('--limit <n>', 'at most this many techniques (1-200, default 20)')
    .action((text: string, options: { limit?: string }) => {
      const limit = options.limit === undefined ? undefined : /^\d+$/.test(options.limit) ? Number(options.limit) : options.limit;
      const envelope = call<AttackSearchResult>('attack.search', { text, limit });
      finish(report(mode(), envelope, (result) => formatAttackSearch(text, result)));
    });
}
