import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServiceContext, type Clipboard } from '../../../src-main/services/context';
import { dispatchAsync } from '../../../src-main/services/dispatch';
import { makeTestContext, type TestContext } from '../../support/serviceContext';

const value = 'sk_live_51HxQ2kLmNoPqRsTuVwXyZ0a';
let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => {
  vi.useRealTimers();
  t.close();
});

describe('copying a vault value', () => {
  it('in the desktop app: the main process copies, the window gets no value, and the clipboard is cleared after 30 s', async () => {
    let held = '';
    const clipboard: Clipboard = { write: (text) => (held = text), read: () => held };
    const ctx = createServiceContext({ dataDir: t.dataDir, transport: 'electron', clock: t.ctx.clock, clipboard });
    try {
      expect((await dispatchAsync(ctx, 'vault.set', { name: 'stripe', value, kind: 'api-token' })).ok).toBe(true);
      vi.useFakeTimers();
      const copied = await dispatchAsync(ctx, 'vault.copy', { name: 'stripe' });
      expect(copied).toEqual({ ok: true, value: { name: 'stripe', clearAt: '2026-11-23T14:15:32.000Z' } });
      expect(JSON.stringify(copied)).not.toContain(value);
      expect(held).toBe(value);
      await vi.advanceTimersByTimeAsync(29_000);
      expect(held).toBe(value);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(held).toBe('');

      // Something the responder copied since is theirs: it is left alone.
      await dispatchAsync(ctx, 'vault.copy', { name: 'stripe' });
      held = 'the incident id I copied next';
      await vi.advanceTimersByTimeAsync(30_000);
      expect(held).toBe('the incident id I copied next');
    } finally {
      ctx.db.close();
    }
  });

  it('in browser mode the value comes back only from the copy action, with the time to clear it', async () => {
    expect((await dispatchAsync(t.ctx, 'vault.set', { name: 'stripe', value, kind: 'api-token' })).ok).toBe(true);
    const listed = await dispatchAsync(t.ctx, 'vault.list', {});
    expect(JSON.stringify(listed)).not.toContain(value);
    expect(await dispatchAsync(t.ctx, 'vault.copy', { name: 'stripe' })).toEqual({ ok: true, value: { name: 'stripe', clearAt: '2026-11-23T14:15:32.000Z', value } });
    expect(await dispatchAsync(t.ctx, 'vault.copy', { name: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('is refused on the command line, which cannot clear the clipboard afterwards', async () => {
    const ctx = createServiceContext({ dataDir: t.dataDir, transport: 'cli', clock: t.ctx.clock });
    try {
      await dispatchAsync(ctx, 'vault.set', { name: 'stripe', value, kind: 'api-token' });
      expect(await dispatchAsync(ctx, 'vault.copy', { name: 'stripe' })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/needs the console/) } });
    } finally {
      ctx.db.close();
    }
  });
});

describe("the console's own keys", () => {
  // Windows Credential Manager matches names without regard to case: FIREBREAK/device-key is the console's key there.
  it.each(['firebreak/evidence-signing-key', 'FIREBREAK/evidence-signing-key', 'Firebreak/device-key'])('%s cannot be replaced, deleted or copied', async (name) => {
    expect((await dispatchAsync(t.ctx, 'vault.status', {})).ok).toBe(true);
    expect(await dispatchAsync(t.ctx, 'vault.set', { name, value: 'x'.repeat(20) })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/belong to the console/) } });
    expect(await dispatchAsync(t.ctx, 'vault.delete', { name })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/belong to the console/) } });
    expect(await dispatchAsync(t.ctx, 'vault.copy', { name })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/never leaves the vault/) } });
    const listed = (await dispatchAsync(t.ctx, 'vault.list', {})) as { ok: true; value: { entries: Array<{ name: string }> } };
    expect(listed.value.entries.map((entry) => entry.name)).toEqual(['firebreak/device-key', 'firebreak/evidence-signing-key']);
  });
});

describe('a secret given as an entry name', () => {
  it('is refused, so no entry is left that cannot be deleted, and the secret is not echoed', async () => {
    expect((await dispatchAsync(t.ctx, 'vault.status', {})).ok).toBe(true);
    const result = await dispatchAsync(t.ctx, 'vault.set', { name: value, value: 'the value itself 123' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/holds a secret: name the entry for what it is/) } });
    expect(JSON.stringify(result)).not.toContain(value);
    const listed = (await dispatchAsync(t.ctx, 'vault.list', {})) as { ok: true; value: { entries: Array<{ name: string }> } };
    expect(listed.value.entries.map((entry) => entry.name)).toEqual(['firebreak/device-key', 'firebreak/evidence-signing-key']);
  });
});

