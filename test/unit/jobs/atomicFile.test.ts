import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAtomicWriteStream, writeError, writeFileAtomic } from '../../../src-main/jobs/atomicFile';

describe('atomic file writes', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-atomic-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const mode = (file: string) => fs.statSync(file).mode & 0o777;

  it('writes the file with exactly the mode asked for, whatever the umask', () => {
    const previous = process.umask(0o077);
    try {
      writeFileAtomic(path.join(dir, 'manifest.json'), '{}\n', { mode: 0o444 });
    } finally {
      process.umask(previous);
    }
    expect(mode(path.join(dir, 'manifest.json'))).toBe(0o444);
    expect(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).toBe('{}\n');
    expect(fs.readdirSync(dir)).toEqual(['manifest.json']);
  });

  it('keeps the mode of the file it replaces', () => {
    const file = path.join(dir, 'baseline.json');
    fs.writeFileSync(file, 'old');
    fs.chmodSync(file, 0o640);
    writeFileAtomic(file, 'new');
    expect([fs.readFileSync(file, 'utf8'), mode(file)]).toEqual(['new', 0o640]);
  });

  it('never lets a reader see half a file: the old content stays whole until the new one is complete', () => {
    const file = path.join(dir, 'baseline.json');
    fs.writeFileSync(file, 'old content');
    const seen: string[] = [];
    function* chunks() {
      for (let index = 0; index < 5; index += 1) {
        seen.push(fs.readFileSync(file, 'utf8'));
        yield Buffer.from(`part ${index};`);
      }
    }
    writeFileAtomic(file, chunks());
    expect(new Set(seen)).toEqual(new Set(['old content']));
    expect(fs.readFileSync(file, 'utf8')).toBe('part 0;part 1;part 2;part 3;part 4;');
  });

  it('removes the temporary and leaves the old file untouched when writing fails', () => {
    const file = path.join(dir, 'key.pem');
    fs.writeFileSync(file, 'the old key');
    function* failing() {
      yield Buffer.from('half a ');
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    expect(() => writeFileAtomic(file, failing())).toThrow(/ENOSPC/);
    expect(fs.readdirSync(dir)).toEqual(['key.pem']);
    expect(fs.readFileSync(file, 'utf8')).toBe('the old key');
  });

  it('refuses to replace a file when exclusive, and leaves nothing behind', () => {
    const file = path.join(dir, 'evidence.tar.gz.sha256');
    fs.writeFileSync(file, 'first');
    expect(() => writeFileAtomic(file, 'second', { exclusive: true })).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(fs.readdirSync(dir)).toEqual(['evidence.tar.gz.sha256']);
    expect(fs.readFileSync(file, 'utf8')).toBe('first');
  });

  it('streams: nothing under the name until commit, and abort removes the temporary', async () => {
    const file = path.join(dir, 'export.tar.gz');
    const target = createAtomicWriteStream(file, { exclusive: true, mode: 0o600 });
    target.stream.write('half');
    await new Promise((resolve) => setImmediate(resolve));
    expect(fs.existsSync(file)).toBe(false);
    target.stream.end(' and the rest');
    await target.commit();
    expect([fs.readFileSync(file, 'utf8'), mode(file)]).toEqual(['half and the rest', 0o600]);

    const failed = createAtomicWriteStream(path.join(dir, 'other.tar.gz'), { temporary: path.join(dir, 'other.tar.gz.partial') });
    failed.stream.write('half');
    failed.abort();
    await new Promise<void>((resolve) => failed.stream.once('close', () => resolve()));
    expect(fs.readdirSync(dir)).toEqual(['export.tar.gz']);
  });

  it('says what a failed write means to a responder', () => {
    const full = writeError(Object.assign(new Error('no space'), { code: 'ENOSPC' }), '/data/keys/k.pem', 'the new evidence signing key', 'no key was saved');
    expect(full).toMatchObject({ code: 'io-error', message: 'the disk is full: cannot write the new evidence signing key /data/keys/k.pem; no key was saved. Free some space and try again.' });
    expect(writeError(Object.assign(new Error('exists'), { code: 'EEXIST' }), '/out/a.tar.gz', 'the evidence archive')).toMatchObject({ code: 'conflict' });
  });
});
