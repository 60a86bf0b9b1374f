import type { Command } from 'commander';
import type { Contact } from '../contract';
import { call } from './context';
import { report, type OutputMode } from './output';
import { table } from './table';

export function registerContactCommands(program: Command, mode: () => OutputMode, finish: (code: number) => void): void {
  const contacts = program.command('contacts').description('the contacts directory escalation reminders draw on');
  contacts
    .command('list')
    .action(() => {
      const envelope = call<{ contacts: Contact[] }>('contacts.list', {});
      finish(report(mode(), envelope, ({ contacts: list }) => (list.length ? table(['NAME', 'ROLE', 'ON CALL', 'EMAIL', 'PHONE', 'ID'], list.map((c) => [c.name, c.role, c.onCall ? 'yes' : '', c.email, c.phone, c.id])) : 'No contacts yet: firebreak contacts add NAME --role security')));
    });
  contacts
    .command('add <name>')
    .requiredOption('--role <role>', 'e.g. security, on-call, cto, legal, dev-lead, communications')
    .option('--email <email>')
    .option('--phone <phone>')
    .option('--on-call', 'this person is on call')
    .action((name: string, options: { role: string; email?: string; phone?: string; onCall?: boolean }) => {
      const envelope = call<Contact>('contacts.save', { name, role: options.role, email: options.email, phone: options.phone, onCall: Boolean(options.onCall) });
      finish(report(mode(), envelope, (contact) => `Added ${contact.name} (${contact.role}), id ${contact.id}`));
    });
  contacts
    .command('remove <id>')
    .action((id: string) => {
      finish(report(mode(), call<{ removed: string }>('contacts.remove', { id }), (value) => `Removed ${value.removed}`));
    });
}
