import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { LockDiff } from '../../../src-main/contract';
import { LockDiffResult } from '../../../src-renderer/components/supply/LockDiffResult';

const diff: LockDiff = {
  baseline: { file: '/media/usb/package-lock.json', kind: 'package-lock', packages: 3 },
  current: { file: '/srv/app/package-lock.json', kind: 'package-lock', packages: 3 },
  changes: [
    { kind: 'changed', ecosystem: 'npm', name: 'lodash', from: '4.17.21', to: '4.17.15' },
    { kind: 'changed', ecosystem: 'npm', name: 'axios', from: '1.6.0', to: '1.6.2' },
    { kind: 'added', ecosystem: 'npm', name: 'evil', from: null, to: '1.0.0\u202Egnp.exe' },
  ],
  suspicions: [
    { kind: 'version-downgraded', ecosystem: 'npm', name: 'lodash', version: '4.17.15', reason: 'was 4.17.21 in the baseline' },
    { kind: 'typosquat', ecosystem: 'npm', name: 'evil', version: '1.0.0\u202Egnp.exe', reason: 'one edit from a well-known name' },
  ],
};

describe('the lockfile drift result', () => {
  // The tables size their window of rows from the viewport; rendered outside a browser, it is a laptop screen.
  vi.stubGlobal('window', { innerWidth: 1440, innerHeight: 900 });
  afterAll(() => vi.unstubAllGlobals());
  const html = renderToStaticMarkup(createElement(LockDiffResult, { result: diff }));
  const rows = html.split('<tr').slice(1);
  const row = (name: string, table: 'suspicion' | 'change') => rows.find((each) => each.includes(`>${name}<`) && (table === 'suspicion' ? each.includes('class="suspicion') : each.includes('class="change-')))!;

  it('labels the downgrade suspicion and marks the version that went down in the changes table, only there', () => {
    expect(row('lodash', 'suspicion')).toContain('version went down');
    expect(row('lodash', 'change')).toContain('↓ version went down');
    expect(row('axios', 'change')).not.toContain('went down');
  });

  it('shows a bidi control in a version visibly, in the suspicions and in the changes, and in what a screen reader reads', () => {
    expect(html).not.toContain('\u202E');
    expect(row('evil', 'suspicion')).toContain('⟨RLO⟩');
    expect(row('evil', 'change')).toContain('⟨RLO⟩');
  });
});
