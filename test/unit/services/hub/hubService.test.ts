import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubStatus } from '../../../../src-main/contract';
import { createServiceContext, type ServiceContext } from '../../../../src-main/services/context';
import { dispatchAsync } from '../../../../src-main/services/dispatch';
import { startHubService } from '../../../../src-main/services/hub/hubService';
import { saveHubSettings, storeHubPassword } from '../../../../src-main/services/hub/hubSettings';

// A console whose vault is locked when it starts cannot read the hub's password: it says so, and
// starts syncing once the vault is unlocked, without a restart.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A port nothing listens on: the hub there refuses every connection. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function status(ctx: ServiceContext): Promise<HubStatus> {
  const envelope = await dispatchAsync(ctx, 'hub.status', {});
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value as HubStatus;
}

describe('the hub service at start', () => {
  it('shows a locked vault as the reason it is not syncing, and starts once the vault is unlocked', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-hubsvc-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const url = `postgres://alice@127.0.0.1:${await closedPort()}/firebreak`;
    const first = createServiceContext({ dataDir, transport: 'http' });
    await dispatchAsync(first, 'vault.status', {});
    await storeHubPassword(first, 'pw-alice');
    saveHubSettings(first, { url, role: 'alice', ca: null });
    first.db.close();

    const passphrase = process.env.FIREBREAK_VAULT_PASSPHRASE!;
    delete process.env.FIREBREAK_VAULT_PASSPHRASE;
    cleanups.push(() => void (process.env.FIREBREAK_VAULT_PASSPHRASE = passphrase));
    const ctx = createServiceContext({ dataDir, transport: 'http' });
    cleanups.push(() => void ctx.db.close());
    const stop = startHubService(ctx, { timing: { pollMs: 100 } });
    cleanups.push(stop);

    let seen = await status(ctx);
    for (let tries = 0; seen.lastError === null && tries < 50; tries++) seen = await status(ctx);
    expect(seen).toMatchObject({ state: 'offline', url, role: 'alice', lastError: expect.stringMatching(/vault is locked/) });

    const unlocked = await dispatchAsync(ctx, 'vault.unlock', { passphrase });
    expect(unlocked.ok).toBe(true);
    const deadline = Date.now() + 5_000;
    while (!/refused the connection/.test((seen = await status(ctx)).lastError ?? '') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    // Now it tries the hub itself: nothing listens there, and it says so.
    expect(seen).toMatchObject({ state: 'offline', lastError: expect.stringMatching(/refused the connection: is PostgreSQL running there\?/) });
    expect(JSON.stringify(seen)).not.toContain('pw-alice');
  });
});
