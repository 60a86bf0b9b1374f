import type { Api } from '../api/api';

/**
 * Cancels a long job the page started. Null when the server took the cancel; otherwise what to tell
 * the responder (the job has not said its id yet, or the server refused).
 */
export async function cancelJob(api: Api, jobId: string | undefined, work: string): Promise<string | null> {
  if (!jobId) return `The ${work} has not reported its progress yet: press Cancel again in a moment.`;
  const result = await api.call('jobs.cancel', { jobId });
  return result.ok ? null : `Could not cancel: ${result.error.message}`;
}
