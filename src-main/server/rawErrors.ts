import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

const reasons: Record<number, string> = { 400: 'Bad Request', 405: 'Method Not Allowed', 408: 'Request Timeout', 413: 'Payload Too Large', 431: 'Request Header Fields Too Large' };

function statusFor(code: string | undefined): [number, string] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'the request headers are larger than the server accepts'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'HPE_HEADERS_TIMEOUT':
      return [408, 'the request took too long to arrive'];
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return [400, 'the request has both Content-Length and Transfer-Encoding, which is refused'];
    case 'HPE_INVALID_METHOD':
      return [400, 'the request method is not one HTTP knows'];
    default:
      return [400, 'the request is not valid HTTP'];
  }
}

/** Answers on a raw socket (the request never reached the handler) and closes it. */
export function answerRaw(socket: Duplex, status: number, message: string, extraHeaders = ''): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reasons[status] ?? 'Error'}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extraHeaders}connection: close\r\n\r\n${body}`,
  );
}

/**
 * Unparseable HTTP (garbage request lines, smuggling shapes, oversized headers, slow requests) never
 * reaches the request handler: without these listeners Node would drop some of them without a word.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A response already started on this connection cannot be followed by a raw one.
    const busy = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (error.code === 'ECONNRESET' || !socket.writable || busy) {
      socket.destroy();
      return;
    }
    const [status, message] = statusFor(error.code);
    answerRaw(socket, status, message);
  });
  // CONNECT asks for a proxy tunnel, which this server is not.
  server.on('connect', (_request, socket: Duplex) => {
    socket.on('error', () => {});
    answerRaw(socket, 405, 'this server is not a proxy: CONNECT is refused', 'allow: GET, HEAD, POST\r\n');
  });
}
