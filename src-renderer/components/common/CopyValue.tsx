import { useState } from 'react';
import { copyText } from '../playbooks/CommandBlock';

/** A value to hand to someone else (a path, a key), whole and selectable, with a Copy button. */
export function CopyValue({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    setCopied((await copyText(value)) ? 'copied' : 'failed');
    setTimeout(() => setCopied('idle'), 2_000);
  };
  return (
    <div className="copy-value">
      <code aria-label={label}>{value}</code>
      <button type="button" onClick={() => void copy()} aria-label={`Copy ${label}`}>
        {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Select and Ctrl+C' : 'Copy'}
      </button>
    </div>
  );
}
