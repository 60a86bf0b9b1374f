import fs from 'node:fs';
import tty from 'node:tty';

/**
 * Asks on the terminal itself (not stdin, which may carry a value) without echoing what is typed.
 * Null when there is no terminal: the caller then names the environment variable to use instead.
 */
export function promptHidden(question: string): Promise<string | null> {
  let fd: number;
  try {
    fd = fs.openSync('/dev/tty', 'r+');
  } catch {
    return Promise.resolve(null);
  }
  const input = new tty.ReadStream(fd);
  fs.writeSync(fd, question);
  input.setRawMode(true);
  return new Promise((resolve) => {
    let answer = '';
    const done = (value: string | null) => {
      input.setRawMode(false);
      input.removeAllListeners('data');
      input.destroy();
      fs.writeSync(2, '\n');
      resolve(value);
    };
    input.on('data', (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done(answer);
        if (char === '\u0003' || char === '\u0004') return done(null); // Ctrl-C, Ctrl-D
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else answer += char;
      }
    });
  });
}
