import type { Migration } from './migrations';

/** The schema of team sync: events as nodes of a signed hash DAG, waiting events, witnesses and hub state. Never edit a shipped one. */
export const syncMigrations: readonly Migration[] = [
  {
    version: 9,
    description: 'team sync: events become nodes of a signed hash DAG (format v2) with parents, per-device chains, heads, events waiting for their parents, and witnesses',
    up(db) {
      db.exec(`
        -- Format v2 columns; a v1 event is a v2 event whose only parent is its prev_hash.
        ALTER TABLE events ADD COLUMN event_uuid TEXT;
        ALTER TABLE events ADD COLUMN actor_key TEXT;
        ALTER TABLE events ADD COLUMN actor_seq INTEGER;
        ALTER TABLE events ADD COLUMN actor_prev TEXT;
        ALTER TABLE events ADD COLUMN lamport INTEGER;
        ALTER TABLE events ADD COLUMN parents TEXT;
        ALTER TABLE events ADD COLUMN sig TEXT;
        -- The backfill below is an UPDATE: the append-only trigger is replaced at the end of this migration.
        DROP TRIGGER events_append_only_update;
        UPDATE events SET lamport = seq, parents = CASE WHEN seq = 1 THEN '[]' ELSE json_array(prev_hash) END;
        CREATE UNIQUE INDEX events_by_hash ON events (hash);
        CREATE UNIQUE INDEX events_by_uuid ON events (event_uuid) WHERE event_uuid IS NOT NULL;
        CREATE UNIQUE INDEX events_by_actor_seq ON events (incident_id, actor_key, actor_seq) WHERE actor_key IS NOT NULL;
        CREATE INDEX events_in_order ON events (incident_id, lamport, hash);
        -- Membership is read at every append: the v1 prefix's end and the admissions, without a scan.
        CREATE INDEX events_v1_prefix ON events (incident_id, lamport) WHERE format_version = 1;
        CREATE INDEX events_by_type ON events (incident_id, type);

        CREATE TABLE event_parents (
          child TEXT NOT NULL,
          parent TEXT NOT NULL,
          PRIMARY KEY (child, parent)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX event_parents_by_parent ON event_parents (parent);
        INSERT INTO event_parents (child, parent) SELECT hash, prev_hash FROM events WHERE seq > 1;

        -- The events no other event of the incident names as a parent.
        CREATE TABLE heads (
          incident_id TEXT NOT NULL,
          hash TEXT NOT NULL,
          PRIMARY KEY (incident_id, hash)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO heads (incident_id, hash)
          SELECT e.incident_id, e.hash FROM events e WHERE NOT EXISTS (SELECT 1 FROM event_parents p WHERE p.parent = e.hash);

        -- Received events whose parents have not all arrived: applied when they do.
        CREATE TABLE pending_events (
          hash TEXT PRIMARY KEY,
          incident_id TEXT NOT NULL,
          body TEXT NOT NULL,
          sig TEXT,
          missing TEXT NOT NULL,
          received_at TEXT NOT NULL
        ) STRICT;

        -- Signed head digests recorded at each sync, bundle export and report seal.
        CREATE TABLE witnesses (
          id INTEGER PRIMARY KEY,
          incident_id TEXT NOT NULL,
          reason TEXT NOT NULL,
          digest TEXT NOT NULL,
          heads TEXT NOT NULL,
          actor_seqs TEXT NOT NULL,
          recorded_at TEXT NOT NULL,
          actor_key TEXT,
          sig TEXT
        ) STRICT;
        CREATE INDEX witnesses_by_incident ON witnesses (incident_id);
        CREATE TRIGGER witnesses_append_only_update BEFORE UPDATE ON witnesses
        BEGIN SELECT RAISE(ABORT, 'witnesses are append-only: UPDATE refused'); END;
        CREATE TRIGGER witnesses_append_only_delete BEFORE DELETE ON witnesses
        BEGIN SELECT RAISE(ABORT, 'witnesses are append-only: DELETE refused'); END;

        -- An event written while the vault was locked is signed once the device key is at hand:
        -- the signature is not hashed, so setting it once is the only change allowed.
        CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        WHEN NOT (OLD.sig IS NULL AND NEW.sig IS NOT NULL AND OLD.actor_key IS NOT NULL
          AND NEW.id IS OLD.id AND NEW.incident_id IS OLD.incident_id AND NEW.seq IS OLD.seq AND NEW.format_version IS OLD.format_version
          AND NEW.type IS OLD.type AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor AND NEW.device_id IS OLD.device_id
          AND NEW.payload IS OLD.payload AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash AND NEW.event_uuid IS OLD.event_uuid
          AND NEW.actor_key IS OLD.actor_key AND NEW.actor_seq IS OLD.actor_seq AND NEW.actor_prev IS OLD.actor_prev
          AND NEW.lamport IS OLD.lamport AND NEW.parents IS OLD.parents)
        BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;
      `);
    },
  },
  {
    version: 10,
    description: 'team sync: which waiting event waits for which parent, per-hub sync state (the pull cursor and how far the hub has acknowledged this laptop\'s events) and the events pulled from a hub, which need no push back',
    up(db) {
      db.exec(`
        -- pushed_through: every event with a smaller or equal events.id is acknowledged by the hub;
        -- the outbox is the events above it that the hub is not known to hold. pull_cursor is the
        -- hub's own arrival number, never an ordering of any incident.
        CREATE TABLE sync_state (
          hub TEXT PRIMARY KEY,
          pull_cursor INTEGER NOT NULL DEFAULT 0,
          pushed_through INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        -- Which received event waits for which missing parent: releasing the waiting children of a
        -- newly held event is one indexed lookup instead of a scan of every waiting event.
        CREATE TABLE pending_waits (
          parent TEXT NOT NULL,
          child TEXT NOT NULL,
          PRIMARY KEY (parent, child)
        ) STRICT, WITHOUT ROWID;
        INSERT OR IGNORE INTO pending_waits (parent, child) SELECT m.value, p.hash FROM pending_events p, json_each(p.missing) m;

        CREATE TABLE sync_held_by_hub (
          hub TEXT NOT NULL,
          hash TEXT NOT NULL,
          PRIMARY KEY (hub, hash)
        ) STRICT, WITHOUT ROWID;
      `);
    },
  },
];
