import { z } from 'zod';
import { incidentId } from '../incidents/incident';

/**
 * What a responder typed into an incident's fields and has not sent yet (a timeline note, a
 * hand-over, a step note), kept on this laptop so a reload or a crash of the window loses nothing.
 * Keys name the field (`note:INC-…`, `commander:INC-…`, `step:INC-…:<step>:note`); the text is
 * kept as typed (not trimmed: the responder is mid-sentence) but passes the secret redaction.
 */
const draftKeyPattern = /^[a-z][a-zA-Z]{0,31}:INC-\d{8}-\d{6}(-\d+)?(:[A-Za-z0-9_-]{1,64}){0,3}$/;

const draftText = z
  .string({ error: 'must be text' })
  .max(20_000, { message: 'must be at most 20000 characters' })
  .refine((value) => value.isWellFormed() && !value.includes('\uFFFD'), { message: 'is not valid text' });

export const draftsRef = z.strictObject({ id: incidentId });

export const saveDraftsInput = z
  .strictObject({
    id: incidentId,
    /** Every unsent field of the incident: the set replaces the one kept, so a sent field's draft goes. */
    drafts: z
      .record(z.string().max(200), draftText)
      .refine((drafts) => Object.keys(drafts).length <= 100, { message: 'holds at most 100 drafts' })
      // Checked here rather than as the record's key schema, whose message would not say what a key looks like.
      .refine((drafts) => Object.keys(drafts).every((key) => draftKeyPattern.test(key)), { message: 'keys must be draft keys like note:INC-20261123-141502' }),
  })
  .refine((input) => Object.keys(input.drafts).every((key) => key.split(':')[1] === input.id), { message: 'every draft key must name the incident it is saved for', path: ['drafts'] });

export interface IncidentDrafts {
  id: string;
  drafts: Record<string, string>;
}
