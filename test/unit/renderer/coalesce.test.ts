import { describe, expect, it } from 'vitest';
import { coalesced } from '../../../src-renderer/stores/coalesce';

/** A load whose runs finish when the test says; records when each started. */
function manualLoad() {
  const runs: Array<{ finish(): void; fail(): void }> = [];
  const load = () =>
    new Promise<void>((resolve, reject) => {
      runs.push({ finish: resolve, fail: () => reject(new Error('server gone')) });
    });
  return { load, runs };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('a list reload asked for by a burst of pushed changes', () => {
  it('runs once more after the running one, however many calls came meanwhile', async () => {
    const { load, runs } = manualLoad();
    const reload = coalesced(load);
    const first = reload();
    const burst = Array.from({ length: 100 }, () => reload());
    expect(runs).toHaveLength(1);
    let burstDone = false;
    void Promise.all(burst).then(() => (burstDone = true));
    runs[0]!.finish();
    await first;
    await settled();
    // The burst waits for a run that started after it: its answer reflects the latest change.
    expect(runs).toHaveLength(2);
    expect(burstDone).toBe(false);
    runs[1]!.finish();
    await Promise.all(burst);
    expect(runs).toHaveLength(2);
  });

  it('starts afresh once idle, and a failed run does not hold later calls back', async () => {
    const { load, runs } = manualLoad();
    const reload = coalesced(load);
    const failing = reload();
    const waiting = reload();
    runs[0]!.fail();
    await expect(failing).rejects.toThrow('server gone');
    await settled();
    expect(runs).toHaveLength(2);
    runs[1]!.finish();
    await waiting;
    const later = reload();
    expect(runs).toHaveLength(3);
    runs[2]!.finish();
    await later;
  });
});
