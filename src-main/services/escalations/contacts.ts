import { randomUUID } from 'node:crypto';
import { AppError, type Contact, type ParsedInput, type Recipient } from '../../contract';
import { nowIso, type ServiceContext } from '../context';

interface ContactRow {
  id: string;
  name: string;
  role: string;
  email: string;
  phone: string;
  on_call: number;
  updated_at: string;
}

const fromRow = (row: ContactRow): Contact => ({ id: row.id, name: row.name, role: row.role, email: row.email, phone: row.phone, onCall: row.on_call === 1, updatedAt: row.updated_at });

export function listContacts(ctx: ServiceContext): { contacts: Contact[] } {
  return { contacts: ctx.db.prepare<[], ContactRow>('SELECT * FROM contacts ORDER BY name COLLATE NOCASE').all().map(fromRow) };
}

export function saveContact(ctx: ServiceContext, input: ParsedInput<'contacts.save'>): Contact {
  const id = input.id ?? randomUUID();
  const row = { id, name: input.name, role: input.role, email: input.email, phone: input.phone, on_call: input.onCall ? 1 : 0, updated_at: nowIso(ctx) };
  if (input.id) {
    const changed = ctx.db.prepare('UPDATE contacts SET name = @name, role = @role, email = @email, phone = @phone, on_call = @on_call, updated_at = @updated_at WHERE id = @id').run(row);
    if (changed.changes === 0) throw new AppError('not-found', `no contact ${input.id}`);
  } else {
    ctx.db.prepare('INSERT INTO contacts (id, name, role, email, phone, on_call, updated_at) VALUES (@id, @name, @role, @email, @phone, @on_call, @updated_at)').run(row);
  }
  // Pending reminders name their recipients from the contacts: the banners read again.
  ctx.emit({ type: 'reminders.changed' });
  return fromRow(row);
}

export function removeContact(ctx: ServiceContext, input: ParsedInput<'contacts.remove'>): { removed: string } {
  const removed = ctx.db.prepare('DELETE FROM contacts WHERE id = ?').run(input.id);
  if (removed.changes === 0) throw new AppError('not-found', `no contact ${input.id}`);
  ctx.emit({ type: 'reminders.changed' });
  return { removed: input.id };
}

const normalizeRole = (role: string) => role.trim().toLowerCase().replace(/[\s_]+/g, '-');

/** Who an escalation step reaches: contacts in one of its roles, and on-call contacts for "on-call". */
export function recipientsFor(ctx: ServiceContext, roles: readonly string[]): Recipient[] {
  const wanted = new Set(roles.map(normalizeRole));
  return listContacts(ctx)
    .contacts.filter((contact) => wanted.has(normalizeRole(contact.role)) || (contact.onCall && wanted.has('on-call')))
    .map(({ name, role, email, phone }) => ({ name, role, email, phone }));
}
