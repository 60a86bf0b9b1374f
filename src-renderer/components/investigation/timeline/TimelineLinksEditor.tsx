import { useState, type KeyboardEvent } from 'react';
import type { Asset, Indicator, TimelineLinks } from '../../../../src-main/contract';
import { visibleUserText } from '../../../userText';
import { UserText } from '../../common/UserText';
import { TechniqueChip } from './TechniqueChip';
import { TechniquePicker } from './TechniquePicker';

interface Props {
  /** Prefixes the ids of its fields (two editors may be on screen). */
  idPrefix: string;
  links: TimelineLinks;
  indicators: Indicator[];
  assets: Asset[];
  onChange(links: TimelineLinks): void;
}

const tagShape = /^[^,;\s]{1,60}$/;

/** What an entry is linked to, as removable chips, and the pickers that add to it. Indicators show defanged. */
export function TimelineLinksEditor({ idPrefix, links, indicators, assets, onChange }: Props) {
  const [tag, setTag] = useState('');
  const [tagError, setTagError] = useState<string | null>(null);
  const put = (key: keyof TimelineLinks, values: string[]) => onChange({ ...links, [key]: values });
  const addTag = () => {
    const typed = tag.trim();
    if (!typed) return;
    if (!tagShape.test(typed)) return setTagError('A tag is one word: no spaces, commas or semicolons.');
    if (!links.tags.includes(typed)) put('tags', [...links.tags, typed]);
    setTag('');
    setTagError(null);
  };
  const onTagKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      addTag();
    }
  };
  const indicator = (id: string) => indicators.find((candidate) => candidate.id === id);
  const asset = (id: string) => assets.find((candidate) => candidate.id === id);
  const freeIndicators = indicators.filter((candidate) => !links.indicators.includes(candidate.id));
  const freeAssets = assets.filter((candidate) => !links.assets.includes(candidate.id));

  return (
    <div className="links-editor">
      <span className="links-label" aria-hidden="true">Links</span>
      <ul className="link-chips" aria-label="Links">
        {links.techniques.map((id) => (
          <li key={`t-${id}`}>
            <TechniqueChip id={id} onRemove={() => put('techniques', links.techniques.filter((other) => other !== id))} />
          </li>
        ))}
        {links.indicators.map((id) => (
          <li key={`i-${id}`}>
            <span className="link-chip indicator-chip">
              <span className="mono">{id}</span> <UserText text={indicator(id)?.defanged ?? '(not found)'} className="mono" />
              <button type="button" className="icon-button chip-remove" aria-label={`Remove indicator ${id}`} onClick={() => put('indicators', links.indicators.filter((other) => other !== id))}>
                ✕
              </button>
            </span>
          </li>
        ))}
        {links.assets.map((id) => (
          <li key={`a-${id}`}>
            <span className="link-chip asset-chip">
              <span className="mono">{id}</span> <UserText text={asset(id)?.name ?? '(not found)'} />
              <button type="button" className="icon-button chip-remove" aria-label={`Remove asset ${id}`} onClick={() => put('assets', links.assets.filter((other) => other !== id))}>
                ✕
              </button>
            </span>
          </li>
        ))}
        {links.tags.map((value) => (
          <li key={`g-${value}`}>
            <span className="link-chip tag-chip">
              #<UserText text={value} />
              <button type="button" className="icon-button chip-remove" aria-label={`Remove tag ${value}`} onClick={() => put('tags', links.tags.filter((other) => other !== value))}>
                ✕
              </button>
            </span>
          </li>
        ))}
        {!links.techniques.length && !links.indicators.length && !links.assets.length && !links.tags.length && <li className="muted small">No links yet.</li>}
      </ul>
      <div className="links-pickers">
        <TechniquePicker inputId={`${idPrefix}-technique`} chosen={links.techniques} onPick={(id) => put('techniques', [...links.techniques, id])} />
        <label className="field">
          <span>Indicator</span>
          <select value="" onChange={(event) => event.target.value && put('indicators', [...links.indicators, event.target.value])} disabled={!freeIndicators.length}>
            <option value="">{indicators.length ? 'Link an indicator…' : 'No indicators yet'}</option>
            {freeIndicators.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.id} · {candidate.type} · {visibleUserText(candidate.defanged.length > 80 ? `${candidate.defanged.slice(0, 80)}…` : candidate.defanged)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Asset</span>
          <select value="" onChange={(event) => event.target.value && put('assets', [...links.assets, event.target.value])} disabled={!freeAssets.length}>
            <option value="">{assets.length ? 'Link an asset…' : 'No assets yet'}</option>
            {freeAssets.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.id} · {candidate.kind} · {visibleUserText(candidate.name)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Tag (Enter to add)</span>
          <input value={tag} onChange={(event) => setTag(event.target.value)} onKeyDown={onTagKey} onBlur={addTag} aria-invalid={tagError !== null} placeholder="e.g. phishing" />
          {tagError && <span className="field-error">{tagError}</span>}
        </label>
      </div>
    </div>
  );
}
