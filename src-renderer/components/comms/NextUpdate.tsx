import { useEffect, useState } from 'react';
import type { TimelineEntry } from '../../../src-main/contract';
import { clockTime, fromNow } from '../../format';
import { useComms, useIncidents } from '../../hooks/stores';
import { useNow } from '../../hooks/useNow';

interface LastSent {
  title: string;
  sentAt: string;
  channel: string;
  nextUpdateAt: string | null;
}

/** The last message marked sent, from the timeline: it survives a reload and counts one sent from the CLI. */
function fromTimeline(timeline: TimelineEntry[] | undefined): LastSent | null {
  return fromEntry(timeline?.findLast((candidate) => candidate.type === 'comms.sent'));
}

function fromEntry(entry: TimelineEntry | null | undefined): LastSent | null {
  if (!entry) return null;
  const { title, channel, nextUpdateAt } = entry.payload;
  return { title: String(title ?? 'Message'), sentAt: entry.at, channel: typeof channel === 'string' ? channel : '', nextUpdateAt: typeof nextUpdateAt === 'string' ? nextUpdateAt : null };
}

/** "Status update marked sent 14:05 UTC to #incident-42. Next update due 14:35 UTC, in 30 min." */
export function NextUpdate({ incidentId }: { incidentId: string }) {
  const justSent = useComms((state) => state.sent[incidentId]);
  const timeline = useIncidents((state) => state.details[incidentId]?.timeline);
  const olderCursor = useIncidents((state) => state.details[incidentId]?.timelineCursor ?? null);
  const findOlderEntry = useIncidents((state) => state.findOlderEntry);
  const now = useNow();
  const held = fromTimeline(timeline);
  // The page holds the newest entries only: a message sent before them is looked for further back.
  const [older, setOlder] = useState<LastSent | null>(null);
  useEffect(() => {
    if (held || !olderCursor) return;
    let current = true;
    void findOlderEntry(incidentId, 'comms.sent').then((entry) => current && setOlder(fromEntry(entry)));
    return () => void (current = false);
  }, [held === null, olderCursor, incidentId, findOlderEntry]);
  const recorded = held ?? older;
  // The answer to "mark sent" shows at once; the timeline catches up a moment later.
  const sent = justSent && (!recorded || justSent.sentAt >= recorded.sentAt) ? justSent : recorded;
  if (!sent) return null;
  const due = sent.nextUpdateAt;
  const late = due !== null && Date.parse(due) < now.getTime();
  return (
    <p className={`next-update ${late ? 'late' : ''}`} role="status" aria-label="Last message sent">
      {sent.title} marked sent {clockTime(sent.sentAt)}{sent.channel ? ` to ${sent.channel}` : ''}.{' '}
      {due ? <strong>Next update {late ? 'was due' : 'due'} {clockTime(due)}, {fromNow(due, now)}.</strong> : 'It sets no next update.'}
    </p>
  );
}
