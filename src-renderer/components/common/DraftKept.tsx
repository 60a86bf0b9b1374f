import { useUi } from '../../hooks/stores';

/**
 * Under a field with unsent text: whether it is kept on this laptop (a reload gives it back), so a
 * responder who must leave mid-sentence knows it is safe to.
 */
export function DraftKept({ incidentId, text }: { incidentId: string; text: string }) {
  const kept = useUi((state) => state.draftsKept[incidentId]);
  if (!text.trim() || !kept) return null;
  if (kept.state === 'failed') return <span className="field-error draft-kept">Draft not kept on this laptop: {kept.message}</span>;
  return (
    <span className="muted small draft-kept" role="status">
      {kept.state === 'saving' ? 'Keeping draft…' : 'Draft kept until you add it'}
    </span>
  );
}
