import type { Command } from 'commander';
import { assetKinds, assetStates, type Asset, type AssetList } from '../contract';
import { call, invalid } from './context';
import { report, type OutputMode } from './output';
import { table } from './table';
import { visibleText } from './visibleText';

type Finish = (code: number) => void;

const collect = (value: string, held: string[]) => [...held, value];
/** A name from another laptop's bundle may hold anything: shown as printable text. */
const shown = (value: string) => visibleText(value);

function describe(asset: Asset): string {
  const details = [asset.state, asset.owner ? `owner ${shown(asset.owner)}` : 'no owner', ...(asset.tags.length ? [`tags ${asset.tags.map(shown).join(', ')}`] : []), ...(asset.techniques.length ? [`techniques ${asset.techniques.join(', ')}`] : [])];
  return `${asset.id} ${asset.kind} ${shown(asset.name)} (${details.join(', ')})`;
}

/** What Contain and Recover still wait on: the line under the table. */
function waitingLine(list: AssetList): string {
  const contain = list.openForContain.length ? `Contain waits on ${list.openForContain.join(', ')} (suspected or compromised)` : 'Contain waits on no asset';
  const recover = list.openForRecover.length ? `Recover waits on ${list.openForRecover.join(', ')} (not restored)` : 'Recover waits on no asset';
  return `${contain}. ${recover}.`;
}

export function formatAssetList(list: AssetList, incidentId: string, state: string | undefined): string {
  if (list.assets.length === 0) {
    return state ? `No ${state} assets on ${incidentId}. ${waitingLine(list)}` : `No assets recorded on ${incidentId}. Add one with: firebreak asset add ${incidentId} host NAME --state compromised`;
  }
  const rows = list.assets.map((asset) => [asset.id, asset.kind, asset.state.toUpperCase(), shown(asset.owner) || '-', shown(asset.name)]);
  return `${list.assets.length} ${state ? `${state} ` : ''}asset(s) on ${incidentId}:\n${table(['ID', 'KIND', 'STATE', 'OWNER', 'NAME'], rows)}\n${waitingLine(list)}`;
}

export function registerAssetCommands(program: Command, mode: () => OutputMode, finish: Finish): void {
  const asset = program.command('asset').description(`affected assets of an incident (${assetKinds.join(', ')}) and their state: ${assetStates.join(' → ')}`);

  asset
    .command('add <id> <kind> <name>')
    .description(`record an affected asset; KIND is one of ${assetKinds.join(', ')}; prints its id (S1, S2…)`)
    .option('--state <state>', `its state now: ${assetStates.join(', ')} (default suspected)`)
    .option('--owner <name>', 'who owns or runs it')
    .option('--note <text>', 'a note')
    .option('--tag <tag>', 'a tag (repeatable)', collect, [])
    .option('--technique <id>', 'an ATT&CK technique id such as T1078 (repeatable)', collect, [])
    .action((id: string, kind: string, name: string, options: { state?: string; owner?: string; note?: string; tag: string[]; technique: string[] }) => {
      const envelope = call<Asset>('asset.add', { incidentId: id, kind, name, state: options.state, owner: options.owner, note: options.note, tags: options.tag, techniques: options.technique.map((t) => t.toUpperCase()) });
      finish(report(mode(), envelope, (added) => `Added ${describe(added)}`));
    });

  asset
    .command('list <id>')
    .description('the assets in the order they were added, and what the Contain and Recover phases still wait on')
    .option('--state <state>', `only those in one state: ${assetStates.join(', ')}`)
    .action((id: string, options: { state?: string }) => {
      finish(report(mode(), call<AssetList>('asset.list', { incidentId: id, state: options.state }), (list) => formatAssetList(list, id, options.state)));
    });

  asset
    .command('state <id> <asset> <state>')
    .description(`move an asset to another state (${assetStates.join(', ')})`)
    .option('--reason <text>', 'why, for the timeline')
    .action((id: string, assetId: string, state: string, options: { reason?: string }) => {
      const envelope = call<Asset>('asset.state', { incidentId: id, assetId, state, reason: options.reason });
      finish(report(mode(), envelope, (moved) => `${describe(moved)}`));
    });

  asset
    .command('update <id> <asset>')
    .description('change an asset\'s owner, note, tags or techniques (tags and techniques given replace those held)')
    .option('--owner <name>', 'new owner ("" for none)')
    .option('--note <text>', 'new note ("" for none)')
    .option('--tag <tag>', 'a tag (repeatable; replaces the tags)', collect, [])
    .option('--no-tags', 'remove every tag')
    .option('--technique <id>', 'a technique id (repeatable; replaces the techniques)', collect, [])
    .action((id: string, assetId: string, options: { owner?: string; note?: string; tag: string[]; tags?: boolean; technique: string[] }) => {
      const tags = options.tags === false ? [] : options.tag.length ? options.tag : undefined;
      const techniques = options.technique.length ? options.technique.map((t) => t.toUpperCase()) : undefined;
      if (options.owner === undefined && options.note === undefined && tags === undefined && techniques === undefined) {
        return finish(report(mode(), invalid('nothing to change: give --owner, --note, --tag, --no-tags or --technique'), () => ''));
      }
      const envelope = call<Asset>('asset.update', { incidentId: id, assetId, owner: options.owner, note: options.note, tags, techniques });
      finish(report(mode(), envelope, (updated) => `${describe(updated)}`));
    });
}
