import { useEffect } from 'react';
import { useAttack } from '../../../hooks/stores';
import { UserText } from '../../common/UserText';

/** A technique as a chip: its id, and its name when the catalogue has it; with `onRemove`, a button takes it off. */
export function TechniqueChip({ id, onRemove }: { id: string; onRemove?: () => void }) {
  const name = useAttack((state) => state.names[id]);
  const lookUp = useAttack((state) => state.name);
  useEffect(() => {
    void lookUp([id]);
  }, [id, lookUp]);
  const label = name ? `${id} ${name}` : id;
  return (
    <span className="link-chip technique-chip" title={name ? `${id}: ${name}` : `${id} (no name: not in an imported ATT&CK catalogue)`}>
      <span className="mono">{id}</span>
      {name && <UserText text={name} className="technique-name" />}
      {onRemove && (
        <button type="button" className="icon-button chip-remove" aria-label={`Remove ${label}`} onClick={onRemove}>
          ✕
        </button>
      )}
    </span>
  );
}
