import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch, dispatchAsync, errorEnvelope } from '../../../src-main/services/dispatch';
import { makeTestContext } from '../../support/serviceContext';

const test = makeTestContext();
afterAll(() => test.close());

describe('the dispatch boundary', () => {
  it('refuses fields no operation knows, in settings and in a declaration\'s assessment', () => {
    expect(dispatch(test.ctx, 'settings.update', { responderName: 'Ana', isAdmin: true })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const assessment = { answers: { productionAffected: true }, suggested: 'P1', reasons: ['Production is affected'] };
    expect(dispatch(test.ctx, 'incident.declare', { title: 'ok', severity: 'P1', assessment })).toMatchObject({ ok: true });
    expect(dispatch(test.ctx, 'incident.declare', { title: 'x', severity: 'P1', assessment: { ...assessment, extra: 1 } })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('keeps a declaration\'s assessment small and printable: it goes into the hash chain for good', () => {
    const base = { suggested: 'P1', reasons: [] };
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, index) => [`q${index}`, true]));
    expect(dispatch(test.ctx, 'incident.declare', { title: 'x', severity: 'P1', assessment: { ...base, answers: many } })).toMatchObject({ ok: false, error: { message: expect.stringContaining('at most 20 answers') } });
    expect(dispatch(test.ctx, 'incident.declare', { title: 'x', severity: 'P1', assessment: { ...base, answers: { ['k'.repeat(100_000)]: true } } })).toMatchObject({ ok: false });
    expect(dispatch(test.ctx, 'incident.declare', { title: 'x', severity: 'P1', assessment: { ...base, answers: {}, reasons: ['\u001b[31mred'] } })).toMatchObject({ ok: false });
  });

  it('refuses an email longer than any mailbox and a null input', () => {
    expect(dispatch(test.ctx, 'contacts.save', { name: 'Ana', role: 'security', email: `${'a'.repeat(300)}@example.com` })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(dispatch(test.ctx, 'incident.list', null)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('turns a file-system failure caused by the input into a 4xx naming the path, never internal', async () => {
    const folder = path.join(test.dataDir, 'a-folder');
    fs.mkdirSync(folder);
    const errorFor = (run: () => void) => {
      try {
        run();
      } catch (error) {
        return errorEnvelope(error);
      }
      throw new Error('expected a failure');
    };
    expect(errorFor(() => fs.readFileSync(folder))).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('this is a folder, not a file') } });
    expect(errorFor(() => fs.openSync(path.join(folder, 'missing'), 'r'))).toEqual({ ok: false, error: { code: 'not-found', message: `no such file or folder: ${path.join(folder, 'missing')}` } });
    expect(errorFor(() => fs.mkdirSync('/etc/passwd/x'))).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('not a folder') } });
    expect(errorFor(() => fs.readFileSync(path.join(folder, 'n'.repeat(300))))).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('too long') } });
    // Through a job in its worker thread: an output under a file, a name too long.
    const collectInto = (output: string) => dispatchAsync(test.ctx, 'evidence.collect', { paths: [folder], output });
    expect(await collectInto('/etc/passwd/x/o.tar.gz')).toMatchObject({ ok: false, error: { code: expect.not.stringMatching(/internal/), message: expect.stringContaining('/etc/passwd') } });
    expect(await collectInto(path.join(folder, `${'n'.repeat(300)}.tar.gz`))).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('too long') } });
    // Through an operation: verifying a folder as if it were an archive.
    const verified = await dispatchAsync(test.ctx, 'evidence.verify', { archive: folder });
    expect(verified.ok).toBe(false);
    if (!verified.ok) expect(verified.error.code).not.toBe('internal');
  });
});
