import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { Envelope, HubStatus, SyncResult } from '../contract';
import { AppError, ok } from '../contract/envelope';
import type { HubConnectionConfig } from '../services/hub/hubConnection';
import { callLong, commandModules, errorEnvelope, invalid } from './context';
import { promptHidden } from './hiddenPrompt';
import { report, type OutputMode } from './output';
import { unlockIfAsked } from './vaultCommands';

type Finish = (code: number) => void;
const maxStdinBytes = 4 * 1024;

/** A password from stdin (never argv: other users see the process list and shell history). */
async function readStdinPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxStdinBytes) throw new AppError('invalid-input', `the password on stdin is over ${maxStdinBytes} bytes`);
    chunks.push(chunk);
  }
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (!password) throw new AppError('invalid-input', 'no password on stdin');
  return password;
}

/** Whether the URL carries a password (after the role, or as libpq's `?password=`): then none is asked for. */
const hasPassword = (url: string): boolean => new URL(url).password !== '' || new URL(url).searchParams.has('password');

/** The password a command needs: stdin when asked, the URL's own, else typed on the terminal (not shown); undefined when none. */
async function passwordFor(url: string, fromStdin: boolean | undefined): Promise<string | undefined> {
  if (fromStdin) return readStdinPassword();
  if (hasPassword(url)) return undefined;
  const typed = await promptHidden(`Password for ${commandModules().hubConnection.roleOfHubUrl(url) ?? 'the hub role'} (not shown): `);
  return typed || undefined;
}

async function attempt<T>(work: () => Promise<T>): Promise<Envelope<T>> {
  try {
    return ok(await work());
  } catch (error) {
    return errorEnvelope(error);
  }
}

function checkUrl(url: string): Envelope<never> | null {
  if (!/^postgres(ql)?:\/\/\S+$/i.test(url)) return invalid('--url must be a postgres:// URL, like postgres://alice@hub.example.org:5432/firebreak');
  try {
    commandModules().hubConnection.redactHubUrl(url);
    return null;
  } catch (error) {
    return errorEnvelope(error);
  }
}

export function formatHubStatus(status: HubStatus): string {
  if (status.state === 'not-joined') return 'Hub: none (this laptop has joined no hub: firebreak hub join --url postgres://ROLE@HOST:PORT/DATABASE)';
  const lines = [`Hub: ${status.url}`, `Role: ${status.role}`, `TLS: ${status.tls ? 'verified against the joined CA' : 'as the URL asks (no CA file given)'}`, `State: ${status.state}${status.offlineSince ? ` since ${status.offlineSince}` : ''}`];
  lines.push(`To push: ${status.toPush}`, `Behind: ${status.behind}`, `Waiting for parents: ${status.waiting}`);
  if (status.lastContactAt) lines.push(`Last contact: ${status.lastContactAt}`);
  if (status.lastError) lines.push(`Last error: ${status.lastError}`);
  return lines.join('\n');
}

function formatSync(result: SyncResult & { unmerged?: { incidentId: string; reason: string }[] }): string {
  const lines = [`Pushed ${result.pushed}, pulled ${result.pulled}; ${result.pending} left to push, ${result.waiting} waiting for their parents`];
  if (result.incidents.length) lines.push(`Changed here: ${result.incidents.join(', ')}`);
  for (const refused of result.refused) lines.push(`Refused ${refused.hash.slice(0, 12)}…: ${refused.reason}`);
  for (const entry of result.unmerged ?? []) lines.push(`${entry.incidentId} keeps its pulled events, but its view could not follow them: ${entry.reason}`);
  return lines.join('\n');
}

export function registerHubCommands(program: Command, mode: () => OutputMode, finish: Finish): void {
  const hub = program.command('hub').description('share incidents through a team PostgreSQL hub');

  hub
    .command('init')
    .description('create (or complete) the Firebreak schema on a hub, as an administrator role; prints the SQL it ran')
    .requiredOption('--url <url>', 'postgres://ADMIN@HOST:PORT/DATABASE')
    .option('--password-stdin', 'read the administrator password from stdin')
    .action(async (options: { url: string; passwordStdin?: boolean }) => {
      const bad = checkUrl(options.url);
      if (bad) return finish(report(mode(), bad, () => ''));
      const envelope = await attempt(async () => {
        const config: HubConnectionConfig = { url: options.url, password: await passwordFor(options.url, options.passwordStdin) };
        // Administering a hub is no operation of this laptop: its module loads only for this command.
        const { initHub } = await import('../services/hub/hubAdmin');
        const { statements, serverVersion } = await initHub(config);
        return { url: commandModules().hubConnection.redactHubUrl(options.url), serverVersion, statements: statements.map((statement) => ({ title: statement.title, sql: statement.sql })) };
      });
      finish(report(mode(), envelope, (value) => [...value.statements.map((statement) => `-- ${statement.title}\n${statement.sql.trim()};`), `\nThe Firebreak schema is in place on ${value.url} (PostgreSQL ${value.serverVersion}).`].join('\n')));
    });

  hub
    .command('add-member <name>')
    .description('create a responder role on the hub (a generated password is printed once, unless --password-stdin gives one)')
    .requiredOption('--url <url>', 'postgres://ADMIN@HOST:PORT/DATABASE, an administrator role')
    .option('--password-stdin', "read the new role's password from stdin")
    .option('--device-key <key>', "bind the responder's device key (firebreak vault status on their laptop) to the role now")
    .action(async (name: string, options: { url: string; passwordStdin?: boolean; deviceKey?: string }) => {
      const bad = checkUrl(options.url);
      if (bad) return finish(report(mode(), bad, () => ''));
      const envelope = await attempt(async () => {
        const given = options.passwordStdin ? await readStdinPassword() : undefined;
        const password = given ?? randomBytes(24).toString('base64url');
        const admin: HubConnectionConfig = { url: options.url, password: hasPassword(options.url) ? undefined : ((await promptHidden('Administrator password (not shown): ')) ?? undefined) };
        const { addHubMember } = await import('../services/hub/hubAdmin');
        const added = await addHubMember(admin, { name, password, deviceKey: options.deviceKey });
        // A generated password is shown once, when it became the role's; an existing role keeps its own.
        return { ...added, password: added.created && !given ? password : null };
      });
      finish(
        report(mode(), envelope, (value) =>
          [
            value.created ? `Created responder role ${value.role}.` : `Role ${value.role} exists already: its password was not changed.`,
            value.password ? `Its password (shown once; give it to ${value.role} privately): ${value.password}` : '',
            value.deviceBound ? 'Its device key is bound to it.' : '',
          ]
            .filter(Boolean)
            .join('\n'),
        ),
      );
    });

  hub
    .command('join')
    .description('join a hub with this laptop: the password goes to the vault, the device key is bound to the role, then a first sync')
    .requiredOption('--url <url>', 'postgres://ROLE@HOST:PORT/DATABASE')
    .option('--ca <file>', "the CA certificate (PEM) that signed the hub's TLS certificate: TLS is then required and verified")
    .option('--password-stdin', "read the role's password from stdin")
    .action(async (options: { url: string; ca?: string; passwordStdin?: boolean }) => {
      const bad = checkUrl(options.url);
      if (bad) return finish(report(mode(), bad, () => ''));
      let password: string | undefined;
      try {
        password = await passwordFor(options.url, options.passwordStdin);
      } catch (error) {
        return finish(report(mode(), errorEnvelope(error), () => ''));
      }
      await unlockIfAsked();
      const envelope = await callLong<HubStatus>('hub.join', { url: options.url, password, caFile: options.ca });
      finish(report(mode(), envelope, (status) => `Joined.\n${formatHubStatus(status)}`, (status) => status.state === 'offline'));
    });

  hub
    .command('status')
    .description('the hub this laptop joined, and how far in step it is (exit 1 when the hub cannot be reached)')
    .action(async () => {
      await unlockIfAsked();
      const envelope = await callLong<HubStatus>('hub.status', {});
      finish(report(mode(), envelope, formatHubStatus, (status) => status.state === 'offline'));
    });

  hub
    .command('leave')
    .description('leave the hub: forget its settings and password; every incident stays on this laptop')
    .action(async () => {
      await unlockIfAsked();
      finish(report(mode(), await callLong<HubStatus>('hub.leave', {}), () => 'Left the hub. Every incident and event stays on this laptop.'));
    });

  program
    .command('sync')
    .description('push to and pull from the joined hub once (--json reports pushed, pulled, pending)')
    .option('--incident <id>', "push only this incident's events (the pull is always whole)")
    .action(async (options: { incident?: string }) => {
      await unlockIfAsked();
      const envelope = await callLong<SyncResult>('hub.sync', { incidentId: options.incident });
      finish(report(mode(), envelope, formatSync, (result) => result.refused.length > 0));
    });
}
