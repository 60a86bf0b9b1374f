import { useEffect, useState, type KeyboardEvent } from 'react';
import { useAttack } from '../../../hooks/stores';
import { typedTechniqueId } from '../../../stores/attackStore';
import { UserText } from '../../common/UserText';

/**
 * Finds a technique by id or name in the imported ATT&CK catalogue; without one, a typed id is
 * taken on its format alone, and the picker says so.
 */
export function TechniquePicker({ chosen, onPick, inputId }: { chosen: readonly string[]; onPick(id: string): void; inputId: string }) {
  const [text, setText] = useState('');
  const search = useAttack((state) => state.search);
  const catalogue = useAttack((state) => state.catalogue);
  const find = useAttack((state) => state.find);
  useEffect(() => {
    // A short pause while typing: one search per word, not per letter.
    const timer = setTimeout(() => void find(text), 150);
    return () => clearTimeout(timer);
  }, [text, find]);
  const typed = typedTechniqueId(text);
  const results = search.text === text.trim() ? search.techniques.filter((technique) => !chosen.includes(technique.id)) : [];
  const typedFound = typed !== null && search.techniques.some((technique) => technique.id === typed);
  const pick = (id: string) => {
    onPick(id);
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    // A typed id is taken unless the catalogue answered for it and does not hold it.
    const answered = search.text === text.trim() && !search.loading;
    const first = typed && !(catalogue && answered && !typedFound) ? typed : results[0]?.id;
    if (first && !chosen.includes(first)) pick(first);
  };

  return (
    <div className="technique-picker">
      <label className="field">
        <span>ATT&amp;CK technique</span>
        <input id={inputId} type="search" value={text} onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} placeholder="An id (T1059.001) or a name" autoComplete="off" />
      </label>
      {/* Said while typing, where it matters: an empty filter field needs no paragraph under it. */}
      {catalogue === false && text.trim() !== '' && <p className="muted small">No ATT&amp;CK catalogue imported: ids checked by format only.</p>}
      {search.error && <p className="field-error">{search.error}</p>}
      {text.trim() && (
        <ul className="technique-results" aria-label="Techniques found">
          {typed && !typedFound && !chosen.includes(typed) && !search.loading && search.text === text.trim() &&
            (catalogue ? (
              <li className="field-error">{typed} is not in the imported ATT&amp;CK catalogue.</li>
            ) : (
              <li>
                <button type="button" onClick={() => pick(typed)}>
                  Add <span className="mono">{typed}</span>
                </button>
              </li>
            ))}
          {results.map((technique) => (
            <li key={technique.id}>
              <button type="button" onClick={() => pick(technique.id)}>
                <span className="mono">{technique.id}</span> <UserText text={technique.name} />
                {technique.tactics.length > 0 && <span className="muted small"> · {technique.tactics.join(', ')}</span>}
              </button>
            </li>
          ))}
          {!typed && !search.loading && results.length === 0 && search.text === text.trim() && <li className="muted small">{catalogue === false ? 'Type an id like T1059 or T1059.001.' : 'No technique matches.'}</li>}
        </ul>
      )}
    </div>
  );
}
