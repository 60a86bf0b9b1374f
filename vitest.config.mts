import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // The Electron binary cannot be installed on the build machines: the shell runs against a recorder.
          alias: { electron: fileURLToPath(new URL('./test/support/fakeElectron.ts', import.meta.url)) },
          // better-sqlite3 is a native module: separate processes, not worker threads.
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          // Load, kills and full disks measure the machine: one file at a time on 2 cores.
          fileParallelism: false,
          testTimeout: process.env.FIREBREAK_TORTURE === '1' ? 1_800_000 : 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          // One Chromium at a time on a 2-core machine.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
