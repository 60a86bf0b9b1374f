/**
 * One keychain call in a process of its own. A keychain that hangs (a locked collection whose
 * unlock prompt cannot show, a daemon gone and restarted locked) would otherwise hold a thread of
 * the console for good and stop it from quitting; a child is simply killed. The request, and any
 * value, travel through the pipes only: never argv or the environment.
 */
import { createRequire } from 'node:module';

interface Request {
  op: 'get' | 'set' | 'delete' | 'accounts';
  service: string;
  account?: string;
  value?: string;
}

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

async function answer(request: Request): Promise<unknown> {
  const keytar = createRequire(__filename)('keytar') as Keytar;
  const account = request.account ?? '';
  switch (request.op) {
    case 'get':
      return keytar.getPassword(request.service, account);
    case 'set':
      return keytar.setPassword(request.service, account, request.value ?? '');
    case 'delete':
      return keytar.deletePassword(request.service, account);
    case 'accounts':
      return (await keytar.findCredentials(request.service)).map((entry) => entry.account);
  }
}

const chunks: Buffer[] = [];
process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
process.stdin.on('end', () => {
  answer(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Request)
    .then((value) => process.stdout.write(JSON.stringify({ ok: true, value: value ?? null })))
    .catch((error: unknown) => process.stdout.write(JSON.stringify({ ok: false, message: (error as Error).message ?? String(error) })))
    .finally(() => process.exit(0));
});
