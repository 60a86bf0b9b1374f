import { useState } from 'react';
import type { ChecklistStep } from '../../../src-main/contract';
import { UserText } from '../common/UserText';
import './CommandValues.css';

/** The field of the command values panel that asks for `name` (see VariablesPanel). */
export const variableFieldId = (name: string) => `command-value-${name}`;

/** Brings the responder to the field that fills a placeholder; false when the panel is not there (closed incident). */
export function focusVariable(name: string): boolean {
  const field = document.getElementById(variableFieldId(name));
  if (!(field instanceof HTMLInputElement)) return false;
  field.scrollIntoView({ block: 'nearest' });
  field.focus();
  return true;
}

type Copy = 'idle' | 'copied' | 'failed' | 'unfilled';

/**
 * A command to copy. Values the incident holds are shown as filled (already shell-quoted); a
 * placeholder still empty is a button to the field that fills it, and the command is not copied
 * until it is filled: a pasted {NAME} would run as a wrong command.
 */
export function CommandBlock({ step }: { step: Pick<ChecklistStep, 'filledCommand' | 'unfilledPlaceholders' | 'commandParts'> }) {
  const [copied, setCopied] = useState<Copy>('idle');
  const later = () => setTimeout(() => setCopied('idle'), 2_500);
  const copy = async () => {
    const first = step.unfilledPlaceholders[0];
    if (first) {
      focusVariable(first);
      setCopied('unfilled');
      return later();
    }
    setCopied((await copyText(step.filledCommand)) ? 'copied' : 'failed');
    later();
  };
  return (
    <div className="command">
      <code>
        {step.commandParts.map((part, index) =>
          part.placeholder === null ? (
            // Commands read left to right, and a hidden control must not change what is pasted unseen (Trojan Source).
            <UserText key={index} text={part.text} dir="ltr" />
          ) : part.filled ? (
            <span key={index} className="placeholder-filled" title={`{${part.placeholder}}, from the incident's command values`}>
              {part.text}
            </span>
          ) : (
            <button
              key={index}
              type="button"
              className="placeholder-empty"
              title="Fill this in once for the whole incident"
              aria-label={`Fill ${part.placeholder}`}
              onClick={(event) => {
                event.stopPropagation();
                focusVariable(part.placeholder!);
              }}
            >
              {part.text}
            </button>
          ),
        )}
      </code>
      <button type="button" className="copy-button" onClick={(event) => { event.stopPropagation(); void copy(); }} aria-label="Copy command">
        {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Select and Ctrl+C' : copied === 'unfilled' ? `Fill {${step.unfilledPlaceholders[0] ?? ''}} first` : 'Copy'}
      </button>
    </div>
  );
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
