import type { IncomingMessage } from 'node:http';
import { fail, type Envelope } from '../contract/envelope';

export const maxBodyBytes = 4 * 1024 * 1024;
/** No operation takes input nested more than a few levels; deeper bodies are refused before JSON.parse builds them. */
export const maxJsonDepth = 32;

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; envelope: Envelope<never>; closeConnection?: boolean };

const tooLarge = (): BodyResult => ({
  ok: false,
  status: 413,
  envelope: fail('invalid-input', `the request body is larger than ${maxBodyBytes / 1024 / 1024} MiB`),
  closeConnection: true,
});

const invalid = (message: string): BodyResult => ({ ok: false, status: 400, envelope: fail('invalid-input', message) });

/** A declared length over the limit is refused before a byte of the body is read. */
export function declaredTooLarge(request: IncomingMessage): BodyResult | null {
  const declared = request.headers['content-length'];
  return declared !== undefined && Number(declared) > maxBodyBytes ? tooLarge() : null;
}

/** One linear pass over the text, skipping strings: the deepest `[`/`{` nesting. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++; // backslash: the next character is escaped
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}

/** Reads at most `maxBodyBytes` (a chunked body past it is refused mid-stream), then decodes strictly. */
export function readJsonBody(request: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) return void chunks.push(chunk);
      // Stop reading: the caller answers 413 and closes the connection.
      request.off('data', onData);
      request.pause();
      chunks.length = 0;
      resolve(tooLarge());
    };
    request.on('data', onData);
    request.on('error', () => resolve(invalid('the request was interrupted')));
    request.on('end', () => {
      if (size > maxBodyBytes) return;
      if (size === 0) return resolve({ ok: true, value: {} });
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
      } catch {
        return resolve(invalid('the request body is not valid UTF-8'));
      }
      if (jsonDepth(text) > maxJsonDepth) return resolve(invalid(`the request body is nested deeper than ${maxJsonDepth} levels`));
      try {
        resolve({ ok: true, value: JSON.parse(text) });
      } catch {
        resolve(invalid('the request body is not valid JSON'));
      }
    });
  });
}
