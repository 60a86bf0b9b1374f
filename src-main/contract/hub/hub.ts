import { z } from 'zod';
import { incidentId } from '../incidents/incident';

/**
 * A hub address as a responder types it: `postgres://role@host:port/database`. The password never
 * rides in it once joined (it goes to the vault); a password given in the URL is moved there.
 */
export const hubUrl = z
  .string({ error: 'must be a postgres:// URL' })
  .trim()
  .max(2048, { message: 'must be at most 2048 characters' })
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/i.test(value), { message: 'must be a postgres:// URL, like postgres://alice@hub.example.org:5432/firebreak' });

const filePath = z.string({ error: 'must be a file path' }).min(1, { message: 'must not be empty' }).max(4096, { message: 'must be at most 4096 characters' });

export const hubJoinInput = z.strictObject({
  url: hubUrl,
  /** The responder role's password; kept in the vault, never in settings or a log. Omitted: the one in the URL or already in the vault. */
  password: z.string().min(1).max(1024).optional(),
  /** A PEM file with the CA certificate that signed the hub's TLS certificate: TLS is then required and verified. */
  caFile: filePath.optional(),
});

export const hubSyncInput = z.strictObject({
  /** Push only this incident's events (the pull is always whole: the hub's cursor is one for all incidents). */
  incidentId: incidentId.optional(),
});

/** What the console's hub connection is doing now: what the indicator on every screen shows. */
export type HubConnectionState = 'not-joined' | 'connecting' | 'connected' | 'pushing' | 'pulling' | 'offline';

export interface HubStatus {
  state: HubConnectionState;
  /** The hub's URL without any password; null when this laptop has joined none. */
  url: string | null;
  role: string | null;
  /** Whether TLS is verified against a CA file. */
  tls: boolean;
  /** Events written here that the hub has not acknowledged yet. */
  toPush: number;
  /** Events on the hub this laptop has not pulled yet (as of the last contact). */
  behind: number;
  /** Events received before their parents, waiting here for them. */
  waiting: number;
  /** When the hub was last reached; when it stopped answering (null while it answers). */
  lastContactAt: string | null;
  offlineSince: string | null;
  /** Why the last attempt failed, in words a responder can act on (never a password). */
  lastError: string | null;
  /** Whether the hub wakes this laptop on new events (LISTEN/NOTIFY), or it polls only. */
  live: boolean;
}

export interface SyncResult {
  pushed: number;
  pulled: number;
  /** Left in the outbox after this run (the hub did not acknowledge them). */
  pending: number;
  /** Received events still waiting for their parents. */
  waiting: number;
  refused: { hash: string; reason: string }[];
  /** Incidents whose local view changed. */
  incidents: string[];
}

/** One responder seen on an incident, from the events this laptop holds. */
export interface IncidentPresenceEntry {
  actorKey: string;
  /** The name the member.added event or their own events give. */
  name: string;
  lastActivityAt: string;
  lastEventType: string;
  events: number;
  thisLaptop: boolean;
}

export interface IncidentPresence {
  incidentId: string;
  responders: IncidentPresenceEntry[];
}

export const incidentPresenceInput = z.strictObject({ id: incidentId });
