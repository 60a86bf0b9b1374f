import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PushedEvent } from '../../src-main/contract';
import { createServiceContext, type ServiceContext } from '../../src-main/services/context';
import { dispatch } from '../../src-main/services/dispatch';
import { raiseDueUpdates } from '../../src-main/services/comms/sent';
import { raiseDueEscalations } from '../../src-main/services/escalations/escalations';
import { recordSlaBreaches } from '../../src-main/services/escalations/slaWatcher';

export interface TestContext {
  ctx: ServiceContext;
  dataDir: string;
  events: PushedEvent[];
  /** Moves the injected clock. */
  advance(ms: number): void;
  setNow(iso: string): void;
  close(): void;
}

/** A real SQLite database in a fresh temp dir, with a clock the test controls. */
export function makeTestContext(startIso = '2026-11-23T14:15:02.000Z'): TestContext {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-unit-'));
  let now = Date.parse(startIso);
  const events: PushedEvent[] = [];
  const ctx = createServiceContext({ dataDir, transport: 'http', clock: () => new Date(now), emit: (event) => events.push(event) });
  return {
    ctx,
    dataDir,
    events,
    advance: (ms) => (now += ms),
    setNow: (iso) => (now = Date.parse(iso)),
    close: () => {
      ctx.db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs an operation through the real dispatcher and returns its value, failing the test on an error envelope. */
export function callOk<T>(t: TestContext, name: string, input: unknown): T {
  return dispatchOk<T>(t.ctx, name, input);
}

/** callOk for a context the test built itself (several processes on one data dir). */
export function dispatchOk<T>(ctx: ServiceContext, name: string, input: unknown): T {
  const result = dispatch(ctx, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.message}`);
  return result.value as T;
}

/** One background check as the console runs it: breaches, then escalation steps, then update reminders (their keys). */
export function checkDue(ctx: ServiceContext) {
  return { breached: recordSlaBreaches(ctx), steps: raiseDueEscalations(ctx).map((r) => r.key), updates: raiseDueUpdates(ctx).map((r) => r.key) };
}
