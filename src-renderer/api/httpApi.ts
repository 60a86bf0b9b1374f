import type { Envelope, OperationName, PushedEvent } from '../../src-main/contract';
import type { Api } from './api';

const unreachable: Envelope<never> = {
  ok: false,
  error: { code: 'io-error', message: 'The console server is not answering. Is `firebreak serve` still running?' },
};

/**
 * Browser mode: the same operations over HTTP on 127.0.0.1. The page holds no secret: the browser sends
 * the HttpOnly session cookie the one-time link set. `token` is for callers outside a browser (tests, scripts).
 */
export function createHttpApi(token?: string, fetchImpl: typeof fetch = fetch.bind(globalThis)): Api {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};

  async function call(name: OperationName, input: unknown): Promise<Envelope<unknown>> {
    let response: Response;
    try {
      response = await fetchImpl(`/api/op/${name}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      return unreachable;
    }
    try {
      return (await response.json()) as Envelope<unknown>;
    } catch {
      return { ok: false, error: { code: 'io-error', message: `The console server answered ${response.status} without a result.` } };
    }
  }

  /** Server-sent events read through fetch, so a failed connection can be retried with backoff. */
  function subscribe(listener: (event: PushedEvent) => void): () => void {
    const controller = new AbortController();
    let retryMs = 500;
    const connect = async (): Promise<void> => {
      while (!controller.signal.aborted) {
        try {
          const response = await fetchImpl('/api/events', { headers, signal: controller.signal });
          if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
          retryMs = 500;
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let boundary: number;
            while ((boundary = buffer.indexOf('\n\n')) >= 0) {
              const frame = buffer.slice(0, boundary);
              buffer = buffer.slice(boundary + 2);
              for (const line of frame.split('\n')) {
                if (line.startsWith('data: ')) listener(JSON.parse(line.slice(6)) as PushedEvent);
              }
            }
          }
        } catch {
          if (controller.signal.aborted) return;
        }
        await new Promise((resolve) => setTimeout(resolve, retryMs));
        retryMs = Math.min(retryMs * 2, 10_000);
        // After a reconnect, whatever happened meanwhile must be refetched.
        listener({ type: 'data.changed' });
      }
    };
    void connect();
    return () => controller.abort();
  }

  return { transport: 'http', call, subscribe } as Api;
}
