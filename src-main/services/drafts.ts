import type { IncidentDrafts, ParsedInput } from '../contract';
import { deleteSetting, readSetting, writeSetting } from '../store/settingsRepo';
import { writeTransaction } from '../store/transaction';
import type { ServiceContext } from './context';
import { requireIncident } from './incidents/incidentChange';

// Versioned: a later shape of drafts reads its own key and leaves these alone.
const settingKey = (incidentId: string) => `drafts.v1:${incidentId}`;

function parseDrafts(stored: string | undefined): Record<string, string> {
  if (!stored) return {};
  try {
    const value: unknown = JSON.parse(stored);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    // A damaged entry is an unsent draft lost, never a page that will not open.
    return {};
  }
}

export function getDrafts(ctx: ServiceContext, input: ParsedInput<'drafts.get'>): IncidentDrafts {
  return { id: input.id, drafts: parseDrafts(readSetting(ctx.db, settingKey(input.id))) };
}

/** The dispatch has already taken secrets out of every text: what is stored is the redacted form. */
export function saveDrafts(ctx: ServiceContext, input: ParsedInput<'drafts.save'>): IncidentDrafts {
  requireIncident(ctx, input.id);
  // Blank fields are no draft: nothing to keep.
  const drafts = Object.fromEntries(Object.entries(input.drafts).filter(([, text]) => text.trim() !== ''));
  writeTransaction(ctx.db, () => {
    if (Object.keys(drafts).length === 0) deleteSetting(ctx.db, settingKey(input.id));
    else writeSetting(ctx.db, settingKey(input.id), JSON.stringify(drafts));
  });
  return { id: input.id, drafts };
}
