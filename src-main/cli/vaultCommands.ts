import type { Command } from 'commander';
import type { VaultEntry, VaultStatus } from '../contract';
import { userVaultKinds } from '../contract/choices';
import { callLong, invalid } from './context';
import { promptHidden } from './hiddenPrompt';
import { report, type OutputMode } from './output';
import { table } from './table';
import { visibleText } from './visibleText';

type Finish = (code: number) => void;
const maxStdinBytes = 64 * 1024;

/** The value from stdin, never from argv (which other users can see in the process list and shell history). */
async function readValue(): Promise<string | null> {
  if (process.stdin.isTTY) return promptHidden('Value (not shown): ');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxStdinBytes) throw new Error('too big');
    chunks.push(chunk);
  }
  // One trailing line break is the shell's (echo, a here-string), not the secret's.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** A locked encrypted vault and no FIREBREAK_VAULT_PASSPHRASE: ask on the terminal, when there is one. */
export async function unlockIfAsked(): Promise<void> {
  const status = await callLong<VaultStatus>('vault.status', {});
  if (!status.ok || status.value.backend !== 'encrypted-file' || !status.value.locked) return;
  const create = !status.value.exists;
  const passphrase = await promptHidden(create ? 'New vault passphrase (not shown): ' : 'Vault passphrase (not shown): ');
  if (passphrase === null) return;
  if (create && (await promptHidden('Again, to be sure: ')) !== passphrase) {
    process.stderr.write('firebreak: the two passphrases differ: no vault was made\n');
    return;
  }
  const unlocked = await callLong<VaultStatus>('vault.unlock', { passphrase, create });
  if (!unlocked.ok) process.stderr.write(`firebreak: ${visibleText(unlocked.error.message)}\n`);
}

export function formatStatus(value: VaultStatus): string {
  const lines = [`Vault: ${value.backend === 'keytar' ? `the OS keychain (${value.description})` : value.description}`];
  if (value.keychainUnavailable) lines.push(`Not the OS keychain because: ${value.keychainUnavailable}`);
  if (value.backend === 'encrypted-file') lines.push(!value.exists ? 'State: not created yet' : value.locked ? 'State: locked' : 'State: unlocked');
  lines.push(`Entries: ${value.entries}`);
  lines.push(`Evidence signing key: ${value.evidenceKeyFingerprint ?? 'not made yet'}`);
  lines.push(`Device key: ${value.deviceKeyFingerprint ?? 'not made yet'}`);
  // What a commander types into `incident member add` to let this laptop write to a shared incident.
  if (value.deviceActorKey) lines.push(`Device key to give a commander: ${value.deviceActorKey}`);
  return lines.join('\n');
}

export function registerVaultCommands(program: Command, mode: () => OutputMode, finish: Finish): void {
  const vault = program.command('vault').description('the credentials vault: the OS keychain, or an encrypted file where there is none');

  vault
    .command('status')
    .description('which backend holds the vault, and why not the keychain when it is the file')
    .action(async () => finish(report(mode(), await callLong<VaultStatus>('vault.status', {}), formatStatus)));

  vault
    .command('list')
    .description('entries by name, kind and last change (never a value)')
    .action(async () => {
      const envelope = await callLong<{ entries: VaultEntry[] }>('vault.list', {});
      finish(report(mode(), envelope, ({ entries }) => (entries.length ? table(['NAME', 'KIND', 'CHANGED'], entries.map((e) => [e.name, e.kind, e.changedAt])) : 'The vault is empty.')));
    });

  vault
    .command('set <name>')
    .description('add or replace a value, read from stdin (or typed, not shown), never from the command line')
    .option('--kind <kind>', `one of ${userVaultKinds.join(', ')}`, 'other')
    .action(async (name: string, options: { kind: string }) => {
      let value: string | null;
      try {
        value = await readValue();
      } catch {
        return finish(report(mode(), invalid(`the value on stdin is over ${maxStdinBytes} bytes: a vault value is at most 64 KiB`), () => ''));
      }
      if (!value) return finish(report(mode(), invalid('no value: give it on stdin, e.g. `firebreak vault set NAME < token.txt`'), () => ''));
      await unlockIfAsked();
      const envelope = await callLong<VaultEntry>('vault.set', { name, value, kind: options.kind });
      finish(report(mode(), envelope, (entry) => `Stored ${entry.name} (${entry.kind}) in the vault at ${entry.changedAt}`));
    });

  vault
    .command('delete <name>')
    .description('delete an entry')
    .action(async (name: string) => {
      await unlockIfAsked();
      finish(report(mode(), await callLong<{ deleted: string }>('vault.delete', { name }), (value) => `Deleted ${value.deleted} from the vault`));
    });

  vault
    .command('test')
    .description('write, read back and delete a test value')
    .action(async () => {
      await unlockIfAsked();
      const envelope = await callLong<{ description: string; roundTripMs: number }>('vault.test', {});
      finish(report(mode(), envelope, (value) => `The vault works: ${value.description} (round trip ${value.roundTripMs} ms)`));
    });
}
