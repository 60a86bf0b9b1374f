import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests never touch the developer's own keychain: the vault is an encrypted file with a test passphrase
// and a cheap scrypt cost. The keychain tests start their own Secret Service and say so.
const env = { FIREBREAK_VAULT_BACKEND: 'encrypted-file', FIREBREAK_VAULT_PASSPHRASE: 'correct horse battery staple', FIREBREAK_VAULT_KDF_LOG_N: '14' };

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one at a time on the 2-core build machines.
    // Unit and integration files are independent processes (forks): two run at once. The projects that
    // measure the machine (reliability, the simulation) or drive Chromium run after them, one file at a
    // time, each group on its own (projects of one group run together).
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          env,
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
          env,
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
          env,
          pool: 'forks',
          // Load, kills and full disks measure the machine: one file at a time on 2 cores.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: process.env.FIREBREAK_TORTURE === '1' ? 1_800_000 : 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'sim',
          include: ['test/sim/**/*.test.ts'],
          environment: 'node',
          env,
          pool: 'forks',
          // The seeded simulation of five responders: one file at a time, it measures the machine.
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          testTimeout: process.env.SIM_SEED || process.env.SIM_SEEDS ? 3_600_000 : 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          env,
          pool: 'forks',
          // One Chromium at a time on a 2-core machine.
          fileParallelism: false,
          sequence: { groupOrder: 3 },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
