import type { EvidenceProgress, EvidenceSignature, SecretScanProgress } from '../contract';
import type { CollectOptions, CollectResult } from './evidence/evidenceCollector';
import type { IntegrityHashInput, IntegrityHashProgress, IntegrityHashResult } from './supply/integrityHash';
import type { LogScanBatchInput, LogScanJobInput, LogScanJobProgress, LogScanJobResult } from './logs/logScanJob';
import type { HistoryScanInput, HistoryScanResult } from './secrets/secretHistoryScan';
import type { TreeScanInput, TreeScanResult } from './secrets/secretTreeScan';

/**
 * The long jobs that run in worker threads, with what each takes and gives back. Inputs and results
 * cross the thread boundary by structured clone: plain data only.
 */
export interface WorkerJobs {
  'evidence.collect': {
    input: Omit<CollectOptions, 'clock' | 'sign' | 'signArchive' | 'signal' | 'onProgress'>;
    progress: EvidenceProgress;
    result: CollectResult;
  };
  'secrets.tree': { input: TreeScanInput; progress: SecretScanProgress; result: TreeScanResult };
  'secrets.history': { input: HistoryScanInput; progress: SecretScanProgress; result: HistoryScanResult };
  'logs.scan': { input: LogScanJobInput; progress: LogScanJobProgress; result: LogScanJobResult };
  'logs.scanFiles': { input: LogScanBatchInput; progress: LogScanJobProgress; result: LogScanJobResult[] };
  'integrity.hash': { input: IntegrityHashInput; progress: IntegrityHashProgress; result: IntegrityHashResult };
}
export type WorkerJobName = keyof WorkerJobs;

/** What a job may ask of the main thread while it runs (keys and the database stay there). */
export interface WorkerRequests {
  sign: { input: string; output: EvidenceSignature | undefined };
  signArchive: { input: { archiveSha256: string; manifestDigest: string }; output: string | undefined };
}
export type WorkerRequestName = keyof WorkerRequests;

export type ToWorker = { type: 'start'; start: WorkerStart } | { type: 'cancel' } | { type: 'reply'; id: number; ok: true; value: unknown } | { type: 'reply'; id: number; ok: false; message: string };

export type FromWorker =
  | { type: 'progress'; progress: unknown }
  | { type: 'request'; id: number; name: WorkerRequestName; input: unknown }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; code: string; message: string; log?: string };

export interface WorkerStart {
  job: WorkerJobName;
  input: unknown;
}
