import net from 'node:net';

export interface RawAnswer {
  /** The status code, or 0 when the connection closed (or timed out) without an answer. */
  status: number;
  head: string;
  body: string;
  /** Bytes of the request actually written before the answer came. */
  sent: number;
}

function parse(buffer: Buffer): { status: number; head: string; body: string } | null {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = buffer.subarray(0, end).toString('latin1');
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  const body = buffer.subarray(end + 4);
  if (length && body.length < Number(length[1])) return null;
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0), head, body: body.toString() };
}

/**
 * Sends bytes that fetch could never send (garbage request lines, two lengths, bad encodings) and
 * reads one answer. `body` is written afterwards in pieces and stops as soon as an answer arrives,
 * so a test can see that a refusal came before the body was sent in full.
 */
export function rawRequest(
  port: number,
  head: string | Buffer,
  options: { body?: Buffer; pieceBytes?: number; endAfterWrite?: boolean; timeoutMs?: number; pauseMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let sent = 0;
    let settled = false;
    const finish = (answer: RawAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish({ status: 0, head: 'timeout', body: '', sent }), options.timeoutMs ?? 15_000);
    socket.on('error', () => {
      const parsed = parse(received);
      finish(parsed ? { ...parsed, sent } : { status: 0, head: 'reset', body: '', sent });
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const parsed = parse(received);
      if (parsed) finish({ ...parsed, sent });
    });
    socket.on('close', () => {
      const parsed = parse(received);
      finish(parsed ? { ...parsed, sent } : { status: 0, head: received.length ? received.toString('latin1') : 'closed', body: '', sent });
    });
    socket.on('connect', async () => {
      const first = Buffer.isBuffer(head) ? head : Buffer.from(head, 'latin1');
      socket.write(first);
      sent += first.length;
      const body = options.body;
      if (body) {
        const piece = options.pieceBytes ?? 64 * 1024;
        for (let offset = 0; offset < body.length && !settled; offset += piece) {
          // Waiting for the socket to drain lets an early answer arrive between pieces.
          await new Promise<void>((done) => (socket.write(body.subarray(offset, offset + piece)) ? setImmediate(done) : socket.once('drain', done)));
          sent += Math.min(piece, body.length - offset);
          if (options.pauseMs) await new Promise((done) => setTimeout(done, options.pauseMs));
        }
      }
      if (options.endAfterWrite && !settled) socket.end();
    });
  });
}
