import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type PostgresCluster } from './postgresCluster';

/** One throw-away cluster for the calling test file: started before its tests, stopped after them. */
export function clusterForThisFile(onStart: (cluster: PostgresCluster) => void, options: { tls?: boolean } = {}): void {
  let started: PostgresCluster | undefined;
  beforeAll(async () => {
    started = await startPostgres(options);
    onStart(started);
  }, 120_000);
  afterAll(async () => {
    await started?.stop();
  });
}
