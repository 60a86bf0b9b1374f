import { useEffect, useState, type FormEvent } from 'react';
import type { Contact } from '../../../src-main/contract';
import { useContacts } from '../../hooks/stores';
import { checkAll, usePasteGuard } from '../../hooks/usePasteGuard';
import type { ContactDraft } from '../../stores/contactsStore';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import { PasteGuardWarning } from '../common/PasteGuardWarning';

const blank: ContactDraft = { name: '', role: '', email: '', phone: '', onCall: false };
const roleHints = ['security', 'on-call', 'cto', 'legal', 'dev-lead', 'ops-lead', 'team-lead', 'management', 'communications', 'board'];

/** Who escalation reminders name: matched by role (and the on-call flag). */
export function ContactsPage() {
  const contacts = useContacts((state) => state.contacts);
  const error = useContacts((state) => state.error);
  const loaded = useContacts((state) => state.loaded);
  const load = useContacts((state) => state.load);
  const save = useContacts((state) => state.save);
  const remove = useContacts((state) => state.remove);
  const [draft, setDraft] = useState<ContactDraft>(blank);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A failed removal, on the row it belongs to.
  const [removeError, setRemoveError] = useState<{ id: string; message: string } | null>(null);

  useEffect(() => {
    void load();
  }, [load]);

  const resubmit = () => void submit();
  const setField = (field: 'name' | 'role' | 'email' | 'phone') => (value: string) => setDraft((current) => ({ ...current, [field]: value }));
  const guards = {
    name: usePasteGuard('name', draft.name, setField('name'), resubmit),
    role: usePasteGuard('role', draft.role, setField('role'), resubmit),
    email: usePasteGuard('email', draft.email, setField('email'), resubmit),
    phone: usePasteGuard('phone', draft.phone, setField('phone'), resubmit),
  };
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    setBusy(true);
    // Secrets in any field are replaced by their redacted form, and shown, before anything is stored.
    const checked = await checkAll([
      [guards.name, draft.name],
      [guards.role, draft.role],
      [guards.email, draft.email],
      [guards.phone, draft.phone],
    ]);
    if (!checked) return setBusy(false);
    const [name, role, email, phone] = checked as [string, string, string, string];
    const result = await save({ ...draft, name, role, email, phone });
    setBusy(false);
    for (const guard of Object.values(guards)) guard.afterSubmit(result);
    if (result.ok) {
      setDraft(blank);
      setFormError(null);
    } else setFormError(result.error.message);
  };
  const removeOne = async (contact: Contact) => {
    if (!window.confirm(`Remove ${contact.name}?`)) return;
    const result = await remove(contact.id);
    setRemoveError(result.ok ? null : { id: contact.id, message: `Not removed: ${result.error.message}` });
  };
  const edit = (contact: Contact) => setDraft({ id: contact.id, name: contact.name, role: contact.role, email: contact.email, phone: contact.phone, onCall: contact.onCall });

  return (
    <main className="contacts-page">
      <div className="toolbar">
        <h1>Contacts</h1>
        <span className="muted">Escalation reminders name the contacts whose role matches the escalation step.</span>
      </div>
      {error && <LoadError what="the contacts" message={error} onRetry={load} stale={contacts.length > 0} />}
      {!loaded && <Loading what="the contacts" onRetry={load} />}
      <table className="incident-table">
        <thead>
          <tr><th>Name</th><th>Role</th><th>On call</th><th>Email</th><th>Phone</th><th /></tr>
        </thead>
        <tbody>
          {contacts.map((contact) => (
            <tr key={contact.id}>
              <td>{contact.name}</td>
              <td>{contact.role}</td>
              <td>{contact.onCall ? 'on call' : ''}</td>
              <td>{contact.email}</td>
              <td>{contact.phone}</td>
              <td className="row-actions">
                <button type="button" onClick={() => edit(contact)}>Edit</button>
                {removeError?.id === contact.id && <span className="field-error" role="alert">{removeError.message}</span>}
                <button type="button" onClick={() => void removeOne(contact)}>Remove</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="contact-form" onSubmit={(event) => void submit(event)}>
        <h2>{draft.id ? `Edit ${draft.name}` : 'Add a contact'}</h2>
        <div className="field-row four">
          <label className="field"><span>Name</span><input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} onPaste={guards.name.onPaste} /></label>
          <label className="field">
            <span>Role</span>
            <input list="roles" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value })} onPaste={guards.role.onPaste} placeholder="security" />
            <datalist id="roles">{roleHints.map((role) => <option key={role} value={role} />)}</datalist>
          </label>
          <label className="field"><span>Email</span><input type="email" value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} onPaste={guards.email.onPaste} /></label>
          <label className="field"><span>Phone</span><input value={draft.phone} onChange={(e) => setDraft({ ...draft, phone: e.target.value })} onPaste={guards.phone.onPaste} /></label>
        </div>
        {Object.values(guards).map((guard) => <PasteGuardWarning key={guard.what} guard={guard} />)}
        <label className="check"><input type="checkbox" checked={draft.onCall} onChange={(e) => setDraft({ ...draft, onCall: e.target.checked })} /> On call</label>
        {formError && <p className="form-error" role="alert">{formError}</p>}
        <div className="form-actions">
          {draft.id && <button type="button" onClick={() => setDraft(blank)}>Cancel</button>}
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : draft.id ? 'Save' : 'Add contact'}</button>
        </div>
      </form>
    </main>
  );
}
