import { investigationEventTypes } from '../investigationEvents';

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): string => (Array.isArray(value) && value.length ? value.map(String).join(', ') : '(none)');

/** `host web-01`: events name an asset by kind and name, since its S-number is given at read time. */
function assetName(key: unknown): string {
  const { kind, name } = record(key);
  return `${str(kind) || 'asset'} ${str(name) || '(unnamed)'}`;
}

function changeLine(field: string, change: unknown): string | null {
  const { from, to } = record(change);
  if (field === 'tags' || field === 'techniques') return `${field} ${list(from)} → ${list(to)}`;
  if (field === 'owner' || field === 'note') return `${field} ${str(from) || '(none)'} → ${str(to) || '(none)'}`;
  return null;
}

/** The timeline line of an asset event; null for any other event. */
export function summarizeAssetEvent(type: string, payload: Record<string, unknown>): string | null {
  switch (type) {
    case investigationEventTypes.assetAdded: {
      const asset = record(payload.asset);
      const owner = str(asset.owner);
      return `Asset ${assetName(asset)} added (${str(asset.state) || 'suspected'}${owner ? `, owner ${owner}` : ''})`;
    }
    case investigationEventTypes.assetStateChanged: {
      const reason = str(payload.reason);
      return `${assetName(payload.key)}: ${str(payload.from) || '?'} → ${str(payload.to) || '?'}${reason ? `: ${reason}` : ''}`;
    }
    case investigationEventTypes.assetUpdated: {
      const changes = Object.entries(record(payload.changes))
        .map(([field, change]) => changeLine(field, change))
        .filter((line): line is string => line !== null);
      return `${assetName(payload.key)}: ${changes.length ? changes.join('; ') : 'updated'}`;
    }
    default:
      return null;
  }
}
