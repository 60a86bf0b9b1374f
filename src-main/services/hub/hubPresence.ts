import type { IncidentPresence, ParsedInput } from '../../contract';
import { syncIdentityOf } from '../../store/dagStore';
import { readTransaction } from '../../store/transaction';
import { consoleActor, type ServiceContext } from '../context';
import { requireIncident } from '../incidents/incidentChange';
import { memberAddedType } from '../incidents/members';

interface ActorRow {
  actor_key: string;
  events: number;
  last_at: string;
  last_type: string;
  last_actor: string;
}

/**
 * Who works this incident, from the signed events held here: per device key, the name its
 * member.added gave it (else the actor its latest event names), its last activity and how much it wrote.
 */
export function incidentPresence(ctx: ServiceContext, input: ParsedInput<'incident.presence'>): IncidentPresence {
  return readTransaction(ctx.db, () => {
    requireIncident(ctx, input.id);
    const rows = ctx.db
      .prepare<[string, string], ActorRow>(
        `SELECT actor_key, count(*) AS events,
                (SELECT l.at FROM events l WHERE l.incident_id = e.incident_id AND l.actor_key = e.actor_key ORDER BY l.actor_seq DESC LIMIT 1) AS last_at,
                (SELECT l.type FROM events l WHERE l.incident_id = e.incident_id AND l.actor_key = e.actor_key ORDER BY l.actor_seq DESC LIMIT 1) AS last_type,
                COALESCE((SELECT l.actor FROM events l WHERE l.incident_id = e.incident_id AND l.actor_key = e.actor_key AND l.actor <> ? ORDER BY l.actor_seq DESC LIMIT 1),
                         (SELECT l.actor FROM events l WHERE l.incident_id = e.incident_id AND l.actor_key = e.actor_key ORDER BY l.actor_seq DESC LIMIT 1)) AS last_actor
         FROM events e WHERE e.incident_id = ? AND e.format_version = 2 AND e.actor_key IS NOT NULL
         GROUP BY actor_key`,
      )
      // Escalations and SLA breaches the console raises itself name it, not the responder whose laptop raised them.
      .all(consoleActor, input.id);
    const names = new Map<string, string>();
    const admissions = ctx.db.prepare<[string, string], string>('SELECT payload FROM events WHERE incident_id = ? AND type = ? ORDER BY lamport, hash').pluck().all(input.id, memberAddedType);
    for (const payload of admissions) {
      const { actorKey, name } = JSON.parse(payload) as { actorKey?: unknown; name?: unknown };
      if (typeof actorKey === 'string' && typeof name === 'string' && name.trim() !== '') names.set(actorKey, name);
    }
    const own = syncIdentityOf(ctx.db)?.actorKey ?? null;
    const responders = rows.map((row) => ({
      actorKey: row.actor_key,
      name: names.get(row.actor_key) ?? row.last_actor,
      lastActivityAt: row.last_at,
      lastEventType: row.last_type,
      events: row.events,
      thisLaptop: row.actor_key === own,
    }));
    // Most recent first: who is active now is what the panel is for.
    responders.sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt) || a.actorKey.localeCompare(b.actorKey));
    return { incidentId: input.id, responders };
  });
}
