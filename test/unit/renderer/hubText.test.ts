import { describe, expect, it } from 'vitest';
import type { HubStatus } from '../../../src-main/contract';
import { agoText, indicatorOf, lastActionLabel, shortReason, sinceTime, syncSummary } from '../../../src-renderer/hubText';

const now = new Date('2026-11-30T14:00:00.000Z');
const joined: HubStatus = {
  state: 'connected',
  url: 'postgres://alice@hub.example.org:5432/firebreak',
  role: 'alice',
  tls: true,
  toPush: 0,
  behind: 0,
  waiting: 0,
  lastContactAt: '2026-11-30T13:59:00.000Z',
  offlineSince: null,
  lastError: null,
  live: true,
};

describe('the sync indicator text', () => {
  it('reads each state as the top bar shows it', () => {
    const view = (change: Partial<HubStatus>) => indicatorOf({ ...joined, ...change }, now);
    expect(indicatorOf(null, now)).toMatchObject({ tone: 'quiet', label: 'Hub…' });
    expect(view({ state: 'not-joined', url: null, role: null })).toMatchObject({ tone: 'quiet', label: 'Not joined', counts: null });
    expect(view({})).toMatchObject({ tone: 'ok', label: 'Hub: up to date' });
    expect(view({ toPush: 12 })).toMatchObject({ tone: 'pending', label: '12 to push' });
    expect(view({ behind: 40 })).toMatchObject({ tone: 'pending', label: 'Behind by 40' });
    expect(view({ toPush: 12, behind: 40 })).toMatchObject({ label: '12 to push · behind by 40' });
    expect(view({ state: 'pushing', toPush: 12 })).toMatchObject({ tone: 'busy', label: 'Pushing 12…' });
    expect(view({ state: 'pushing' })).toMatchObject({ label: 'Pushing…' });
    expect(view({ state: 'pulling', behind: 40 })).toMatchObject({ label: 'Pulling 40…' });
    expect(view({ lastError: 'the hub or this laptop refused 1 event(s): signed by a key nobody admitted' })).toMatchObject({ tone: 'warning', label: 'Connected', reason: 'the hub or this laptop refused 1 event(s)' });
    expect(view({ state: 'connecting', toPush: 1 })).toMatchObject({ tone: 'busy', label: 'Connecting…', counts: '1 to push' });
  });

  it('says since when and why it is offline, in amber, with what is waiting to go', () => {
    const offlineSince = new Date(now.getTime() - 30 * 60_000);
    const view = indicatorOf({ ...joined, state: 'offline', toPush: 1, offlineSince: offlineSince.toISOString(), lastError: 'the hub at 127.0.0.1:5433 refused the connection: is PostgreSQL running there?' }, now);
    expect(view).toEqual({ tone: 'warning', label: `Offline since ${sinceTime(offlineSince.toISOString(), now)}`, reason: 'hub refused the connection', counts: '1 to push' });
    expect(view.label).toMatch(/^Offline since \d\d:\d\d$/);
    expect(indicatorOf(null, now, 'The console server is not answering.')).toMatchObject({ tone: 'warning', label: 'Hub status unknown' });
  });

  it('names the day when the hub went away before today', () => {
    expect(sinceTime('2026-11-27T09:05:00.000Z', now)).toMatch(/27/);
    expect(sinceTime('2026-11-27T09:05:00.000Z', now)).toMatch(/Nov/);
  });

  it('keeps the gist of a hub error for the top bar', () => {
    expect(shortReason('the hub refused the password for this role (127.0.0.1:5433: password authentication failed for user "alice")')).toBe('the hub refused the password for this role');
    expect(shortReason('the hub at hub.example.org:5432 did not answer in time')).toBe('hub did not answer in time');
    expect(shortReason('the connection to the hub at hub.example.org:5432 was lost')).toBe('the connection to the hub was lost');
    expect(shortReason("the hub's host nohub.example.org:5432 cannot be found (DNS)")).toBe("the hub's host cannot be found");
    expect(shortReason('TLS with the hub at 10.0.0.4:5432 failed: self-signed certificate')).toBe('TLS with the hub failed');
  });

  it('sums up a sync in one sentence', () => {
    const result = { pushed: 3, pulled: 12, pending: 0, waiting: 0, refused: [], incidents: ['INC-1'] };
    expect(syncSummary(result)).toBe('Pushed 3 events, pulled 12 events; nothing left to push.');
    expect(syncSummary({ ...result, pushed: 0, pulled: 0 })).toBe('Nothing new either way; nothing left to push.');
    expect(syncSummary({ ...result, pushed: 1, pending: 2, waiting: 1, refused: [{ hash: 'a', reason: 'signed by a key nobody admitted' }] })).toBe(
      'Pushed 1 event, pulled 12 events; 2 events still to push: the hub has not acknowledged them yet. 1 event received here waits for the events before it. 1 event refused: signed by a key nobody admitted.',
    );
  });

  it('reads a responder’s last action and how long ago it was', () => {
    expect(lastActionLabel('incident.noteAdded')).toBe('added a note');
    expect(lastActionLabel('evidence.collected')).toBe('evidence collected');
    expect(lastActionLabel('escalation.due')).toBe('console raised an escalation');
    expect(lastActionLabel('rotation.itemMarked')).toBe('rotation item marked');
    expect(agoText('2026-11-30T13:59:40.000Z', now)).toBe('just now');
    expect(agoText('2026-11-30T13:56:00.000Z', now)).toBe('4 min ago');
    expect(agoText('2026-11-30T11:55:00.000Z', now)).toBe('2 h 05 min ago');
    expect(agoText('2026-11-27T11:55:00.000Z', now)).toBe('3 days ago');
  });
});
