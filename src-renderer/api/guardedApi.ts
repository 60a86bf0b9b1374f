import type { Envelope, ErrorBody } from '../../src-main/contract';
import type { Api } from './api';

const guarded = Symbol('guarded');

/**
 * A conflict means the incident changed under the responder (another window, a CLI call, a busy
 * database): say so, and that trying again is the way out.
 */
export function failureMessage(error: ErrorBody): string {
  if (error.code !== 'conflict' || /try again/i.test(error.message)) return error.message;
  return `${error.message.replace(/[.\s]+$/, '')}. It may have changed meanwhile: check what is shown now and try again.`;
}

/**
 * Every call answers with an envelope, never a rejected promise: a transport that throws (an IPC
 * handler gone, a bug) becomes an `internal` failure the screen can show instead of a stuck view.
 */
export function guardApi(api: Api): Api {
  if ((api as Api & { [guarded]?: true })[guarded]) return api;
  const call: Api['call'] = async (name, input) => {
    let result: Envelope<unknown>;
    try {
      result = await api.call(name, input);
    } catch (error) {
      const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
      result = { ok: false, error: { code: 'internal', message: `${name} failed in the console${detail}. Try again; if it keeps failing, restart Firebreak.` } };
    }
    if (!result || typeof result !== 'object' || !('ok' in result)) {
      result = { ok: false, error: { code: 'internal', message: `${name} came back without a result. Try again.` } };
    }
    if (!result.ok) {
      const error: ErrorBody = result.error?.message ? result.error : { code: result.error?.code ?? 'internal', message: `${name} failed without saying why. Try again.` };
      result = { ok: false, error: { ...error, message: failureMessage(error) } };
    }
    return result as never;
  };
  return Object.assign({ ...api, call }, { [guarded]: true as const });
}
