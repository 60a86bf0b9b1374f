import { useState } from 'react';
import { UserText } from '../common/UserText';

/** A command to copy; placeholders the incident could not fill stay visible as {NAME}. */
export function CommandBlock({ command, unfilled }: { command: string; unfilled: string[] }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const parts = command.split(/(\{[A-Z][A-Z0-9_]*\})/g);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(command);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied('idle'), 2_000);
  };
  return (
    <div className="command">
      <code>
        {parts.map((part, index) =>
          unfilled.includes(part.slice(1, -1)) ? (
            <mark key={index} title="Fill this in before running the command">
              {part}
            </mark>
          ) : (
            // Commands read left to right, and a hidden control must not change what is pasted unseen (Trojan Source).
            <UserText key={index} text={part} dir="ltr" />
          ),
        )}
      </code>
      <button type="button" className="copy-button" onClick={() => void copy()} aria-label="Copy command">
        {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Select and Ctrl+C' : 'Copy'}
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
