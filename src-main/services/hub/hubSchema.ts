/**
 * The hub's schema (TEAM-SYNC.md §2.2), as the statements `firebreak hub init` runs and prints.
 * Every statement can run again and changes nothing the second time. The hub keeps signed events
 * only; it never decides their order and never checks signatures (every laptop does on receipt).
 *
 * What the database itself enforces, whoever connects:
 * - `sha256(body) = hash`: a body that does not match its hash is refused;
 * - one copy per hash, one hash per event id, one hash per (incident, device key, device sequence);
 * - events are append-only: a trigger refuses UPDATE and DELETE, TRUNCATE is refused by a trigger
 *   too, and responder roles hold INSERT and SELECT only;
 * - `hub_seq` (the pull cursor) is assigned under a transaction-scoped advisory lock taken by a
 *   statement trigger, so it follows commit order and a cursor never skips a row committed late;
 * - row-level security: a responder role reads and appends to an incident's events only when it is
 *   a member: it pushed the incident's first event, its registered device key wrote that event, or
 *   a `member.added` event of the incident admitted its device key. Anyone may push the first event
 *   of an incident the hub does not hold yet, and one incident has one first event.
 */

export const hubSchemaVersion = 1;

/** The largest event body the hub stores (its canonical JSON bytes). */
export const hubMaxBodyBytes = 4 * 1024 * 1024;

/** The group role every responder role is granted: what the policies and grants name. */
export const responderGroup = 'firebreak_responder';

/** The advisory lock key that orders pushes (the design's `42`, made specific to Firebreak). */
export const pushLockKey = 0x4642_4855; // "FBHU"

export interface HubStatement {
  title: string;
  sql: string;
}

export const hubSchemaStatements: readonly HubStatement[] = [
  {
    title: 'responder group role',
    sql: `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${responderGroup}') THEN
    CREATE ROLE ${responderGroup} NOLOGIN;
  END IF;
END $$`,
  },
  { title: 'schema', sql: 'CREATE SCHEMA IF NOT EXISTS firebreak' },
  { title: 'schema usage', sql: `GRANT USAGE ON SCHEMA firebreak TO ${responderGroup}` },
  {
    title: 'hub facts',
    sql: `CREATE TABLE IF NOT EXISTS firebreak.hub_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
)`,
  },
  { title: 'schema version', sql: `INSERT INTO firebreak.hub_meta (key, value) VALUES ('schema_version', '${hubSchemaVersion}') ON CONFLICT (key) DO NOTHING` },
  // Which hub this is: a hub rebuilt at the same address (or given a new id after a restore from a
  // backup) is another hub to the laptops, which then push everything again and pull from the start.
  { title: 'hub identity', sql: `INSERT INTO firebreak.hub_meta (key, value) VALUES ('hub_id', gen_random_uuid()::text) ON CONFLICT (key) DO NOTHING` },
  { title: 'read hub facts', sql: `GRANT SELECT ON firebreak.hub_meta TO ${responderGroup}` },
  { title: 'cursor sequence', sql: 'CREATE SEQUENCE IF NOT EXISTS firebreak.hub_seq AS bigint' },
  {
    title: 'events',
    sql: `CREATE TABLE IF NOT EXISTS firebreak.events (
  hash        bytea  PRIMARY KEY CHECK (octet_length(hash) = 32),
  id          text   NOT NULL UNIQUE,
  incident_id text   NOT NULL,
  actor_key   text   NOT NULL,
  actor_seq   bigint NOT NULL CHECK (actor_seq >= 1),
  body        bytea  NOT NULL CHECK (octet_length(body) <= ${hubMaxBodyBytes}),
  sig         text   NOT NULL,
  hub_seq     bigint NOT NULL UNIQUE,
  genesis     boolean NOT NULL DEFAULT false,
  is_admission boolean NOT NULL DEFAULT false,
  admits      text,
  pushed_by   name   NOT NULL DEFAULT current_user,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (incident_id, actor_key, actor_seq),
  CONSTRAINT body_matches_hash CHECK (sha256(body) = hash)
)`,
  },
  { title: 'events by incident', sql: 'CREATE INDEX IF NOT EXISTS events_incident ON firebreak.events (incident_id, hub_seq)' },
  // One first event per incident: a second one (another incident under a known id) is never taken.
  { title: 'one first event per incident', sql: 'CREATE UNIQUE INDEX IF NOT EXISTS events_one_genesis ON firebreak.events (incident_id) WHERE genesis' },
  { title: 'admissions by key', sql: 'CREATE INDEX IF NOT EXISTS events_admits ON firebreak.events (admits) WHERE admits IS NOT NULL' },
  {
    title: 'device keys of roles',
    sql: `CREATE TABLE IF NOT EXISTS firebreak.devices (
  actor_key   text PRIMARY KEY,
  role_name   name NOT NULL,
  joined_at   timestamptz NOT NULL DEFAULT now()
)`,
  },
  {
    title: 'incident members',
    sql: `CREATE TABLE IF NOT EXISTS firebreak.members (
  incident_id text NOT NULL,
  role_name   name NOT NULL,
  since       timestamptz NOT NULL DEFAULT now(),
  -- Where in the cursor's order the role may first read the incident: its earlier events are
  -- delivered to the role at this point, so a cursor that passed them unseen still gets them.
  granted_at_seq bigint NOT NULL,
  PRIMARY KEY (incident_id, role_name)
)`,
  },
  {
    title: 'membership test',
    // SECURITY DEFINER: it reads the members table whatever the caller may see. The role is passed
    // in by the policy, where current_user is still the caller; asked about any other role, it says
    // no, so nobody learns who else works on which incident.
    sql: `CREATE OR REPLACE FUNCTION firebreak.may_access(incident text, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, firebreak AS $$
  SELECT (who = session_user OR pg_has_role(session_user, who, 'MEMBER'))
     AND EXISTS (SELECT 1 FROM firebreak.members m WHERE m.incident_id = incident AND pg_has_role(who, m.role_name, 'MEMBER'))
$$`,
  },
  {
    title: 'first event test',
    sql: `CREATE OR REPLACE FUNCTION firebreak.has_genesis(incident text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, firebreak AS $$
  SELECT EXISTS (SELECT 1 FROM firebreak.events e WHERE e.incident_id = incident AND e.genesis)
$$`,
  },
  {
    title: 'first event held test',
    // Says only whether this exact first event is held: a caller must have the event to ask.
    sql: `CREATE OR REPLACE FUNCTION firebreak.holds_genesis(incident text, event_hash bytea) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, firebreak AS $$
  SELECT EXISTS (SELECT 1 FROM firebreak.events e WHERE e.incident_id = incident AND e.genesis AND e.hash = event_hash)
$$`,
  },
  {
    title: 'cursor head',
    // The last cursor number drawn: a laptop whose cursor is past it is looking at a hub that went back in time.
    sql: `CREATE OR REPLACE FUNCTION firebreak.hub_head() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, firebreak AS $$
  SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM firebreak.hub_seq
$$`,
  },
  {
    title: 'push order lock',
    sql: `CREATE OR REPLACE FUNCTION firebreak.lock_push_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Held until commit: cursor numbers are handed out in commit order.
  PERFORM pg_advisory_xact_lock(${pushLockKey});
  RETURN NULL;
END $$`,
  },
  {
    title: 'event stamp and body check',
    // The columns must say what the signed body says: a row cannot claim one incident and carry another's event.
    sql: `CREATE OR REPLACE FUNCTION firebreak.stamp_event() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  doc jsonb;
BEGIN
  IF sha256(NEW.body) <> NEW.hash THEN
    RAISE EXCEPTION 'firebreak hub: the body of event % does not match its hash', encode(NEW.hash, 'hex') USING ERRCODE = 'check_violation';
  END IF;
  doc := convert_from(NEW.body, 'UTF8')::jsonb;
  IF doc ->> 'id' IS DISTINCT FROM NEW.id OR doc ->> 'incident' IS DISTINCT FROM NEW.incident_id
     OR doc ->> 'actor_key' IS DISTINCT FROM NEW.actor_key OR (doc ->> 'actor_seq')::bigint IS DISTINCT FROM NEW.actor_seq THEN
    RAISE EXCEPTION 'firebreak hub: the columns of event % differ from its signed body', encode(NEW.hash, 'hex') USING ERRCODE = 'check_violation';
  END IF;
  IF doc -> 'parents' IS NULL THEN
    RAISE EXCEPTION 'firebreak hub: event % has no parents field: it is not a Firebreak event', encode(NEW.hash, 'hex') USING ERRCODE = 'check_violation';
  END IF;
  -- Other malformed shapes are stored and refused by every laptop's door, one by one.
  NEW.genesis := jsonb_typeof(doc -> 'parents') = 'array' AND jsonb_array_length(doc -> 'parents') = 0;
  NEW.is_admission := doc ->> 'type' = 'member.added';
  NEW.admits := CASE WHEN NEW.is_admission THEN doc -> 'payload' ->> 'actorKey' END;
  NEW.hub_seq := nextval('firebreak.hub_seq');
  NEW.pushed_by := current_user;
  NEW.received_at := now();
  RETURN NEW;
END $$`,
  },
  {
    title: 'membership from events',
    // The pusher of an incident's first event is a member, as is the role whose device wrote it;
    // a member.added event makes the role that registered the admitted device key one too.
    sql: `CREATE OR REPLACE FUNCTION firebreak.grant_membership() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, firebreak AS $$
BEGIN
  IF NEW.genesis THEN
    INSERT INTO firebreak.members (incident_id, role_name, granted_at_seq) VALUES (NEW.incident_id, NEW.pushed_by, NEW.hub_seq) ON CONFLICT DO NOTHING;
    INSERT INTO firebreak.members (incident_id, role_name, granted_at_seq)
      SELECT NEW.incident_id, d.role_name, NEW.hub_seq FROM firebreak.devices d WHERE d.actor_key = NEW.actor_key
      ON CONFLICT DO NOTHING;
  END IF;
  IF NEW.is_admission THEN
    INSERT INTO firebreak.members (incident_id, role_name, granted_at_seq)
      SELECT NEW.incident_id, d.role_name, NEW.hub_seq FROM firebreak.devices d WHERE d.actor_key = NEW.admits
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$`,
  },
  {
    title: 'membership from a device joining',
    sql: `CREATE OR REPLACE FUNCTION firebreak.grant_device_membership() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, firebreak AS $$
DECLARE
  granted bigint;
BEGIN
  -- Drawn under the push-order lock (the statement trigger on devices): later than every row committed so far.
  granted := nextval('firebreak.hub_seq');
  INSERT INTO firebreak.members (incident_id, role_name, granted_at_seq)
    SELECT DISTINCT e.incident_id, NEW.role_name, granted FROM firebreak.events e
    WHERE (e.genesis AND e.actor_key = NEW.actor_key) OR e.admits = NEW.actor_key
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$`,
  },
  {
    title: 'append-only guard',
    sql: `CREATE OR REPLACE FUNCTION firebreak.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'firebreak hub: % on % is refused: the hub is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$`,
  },
  { title: 'lock trigger', sql: 'CREATE OR REPLACE TRIGGER events_push_order BEFORE INSERT ON firebreak.events FOR EACH STATEMENT EXECUTE FUNCTION firebreak.lock_push_order()' },
  { title: 'stamp trigger', sql: 'CREATE OR REPLACE TRIGGER events_stamp BEFORE INSERT ON firebreak.events FOR EACH ROW EXECUTE FUNCTION firebreak.stamp_event()' },
  { title: 'membership trigger', sql: 'CREATE OR REPLACE TRIGGER events_membership AFTER INSERT ON firebreak.events FOR EACH ROW EXECUTE FUNCTION firebreak.grant_membership()' },
  { title: 'append-only trigger', sql: 'CREATE OR REPLACE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON firebreak.events FOR EACH ROW EXECUTE FUNCTION firebreak.refuse_change()' },
  { title: 'no truncate trigger', sql: 'CREATE OR REPLACE TRIGGER events_no_truncate BEFORE TRUNCATE ON firebreak.events FOR EACH STATEMENT EXECUTE FUNCTION firebreak.refuse_change()' },
  { title: 'device push order', sql: 'CREATE OR REPLACE TRIGGER devices_push_order BEFORE INSERT ON firebreak.devices FOR EACH STATEMENT EXECUTE FUNCTION firebreak.lock_push_order()' },
  { title: 'device membership trigger', sql: 'CREATE OR REPLACE TRIGGER devices_membership AFTER INSERT ON firebreak.devices FOR EACH ROW EXECUTE FUNCTION firebreak.grant_device_membership()' },
  { title: 'devices append-only trigger', sql: 'CREATE OR REPLACE TRIGGER devices_append_only BEFORE UPDATE OR DELETE ON firebreak.devices FOR EACH ROW EXECUTE FUNCTION firebreak.refuse_change()' },
  { title: 'row-level security on events', sql: 'ALTER TABLE firebreak.events ENABLE ROW LEVEL SECURITY' },
  {
    title: 'members read their incidents',
    sql: `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'firebreak' AND tablename = 'events' AND policyname = 'members_read') THEN
    CREATE POLICY members_read ON firebreak.events FOR SELECT TO ${responderGroup} USING (firebreak.may_access(incident_id, current_user));
  END IF;
END $$`,
  },
  {
    title: 'members append to their incidents',
    sql: `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'firebreak' AND tablename = 'events' AND policyname = 'members_append') THEN
    CREATE POLICY members_append ON firebreak.events FOR INSERT TO ${responderGroup} WITH CHECK (firebreak.may_access(incident_id, current_user) OR (genesis AND NOT firebreak.has_genesis(incident_id)));
  END IF;
END $$`,
  },
  { title: 'row-level security on devices', sql: 'ALTER TABLE firebreak.devices ENABLE ROW LEVEL SECURITY' },
  {
    title: 'devices are readable',
    sql: `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'firebreak' AND tablename = 'devices' AND policyname = 'devices_read') THEN
    CREATE POLICY devices_read ON firebreak.devices FOR SELECT TO ${responderGroup} USING (true);
  END IF;
END $$`,
  },
  {
    title: 'a role registers its own devices',
    sql: `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'firebreak' AND tablename = 'devices' AND policyname = 'devices_register_own') THEN
    CREATE POLICY devices_register_own ON firebreak.devices FOR INSERT TO ${responderGroup} WITH CHECK (role_name = current_user);
  END IF;
END $$`,
  },
  { title: 'row-level security on members', sql: 'ALTER TABLE firebreak.members ENABLE ROW LEVEL SECURITY' },
  {
    title: 'a role sees its own memberships',
    sql: `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'firebreak' AND tablename = 'members' AND policyname = 'members_own') THEN
    CREATE POLICY members_own ON firebreak.members FOR SELECT TO ${responderGroup} USING (pg_has_role(current_user, role_name, 'MEMBER'));
  END IF;
END $$`,
  },
  { title: 'responders read and append events', sql: `GRANT SELECT, INSERT ON firebreak.events TO ${responderGroup}` },
  { title: 'responders draw cursor numbers', sql: `GRANT USAGE ON SEQUENCE firebreak.hub_seq TO ${responderGroup}` },
  { title: 'responders change nothing', sql: `REVOKE UPDATE, DELETE, TRUNCATE ON firebreak.events, firebreak.devices, firebreak.members FROM ${responderGroup}` },
  { title: 'responders register devices', sql: `GRANT SELECT, INSERT ON firebreak.devices TO ${responderGroup}` },
  { title: 'responders read memberships', sql: `GRANT SELECT ON firebreak.members TO ${responderGroup}` },
  { title: 'functions are not public', sql: 'REVOKE ALL ON FUNCTION firebreak.hub_head(), firebreak.may_access(text, name), firebreak.has_genesis(text), firebreak.holds_genesis(text, bytea), firebreak.grant_membership(), firebreak.grant_device_membership() FROM PUBLIC' },
  { title: 'responders test membership', sql: `GRANT EXECUTE ON FUNCTION firebreak.hub_head(), firebreak.may_access(text, name), firebreak.has_genesis(text), firebreak.holds_genesis(text, bytea) TO ${responderGroup}` },
];
