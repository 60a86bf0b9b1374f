import path from 'node:path';
import { AppError, type ParsedInput, type RunbookImport } from '../../contract';
import { importRunbook } from '../../domain/runbooks/importRunbook';
import { maxRunbookBytes } from '../../domain/runbooks/markdown';
import type { ServiceContext } from '../context';
import { readUserFile } from '../userFiles';

/** Reads a runbook file under the user-file limits (regular file, size, UTF-8, no NUL) and extracts its preview. */
export function previewRunbook(_ctx: ServiceContext, input: ParsedInput<'playbook.importPreview'>): RunbookImport {
  const read = readUserFile(input.file, maxRunbookBytes);
  if (!read.ok) {
    const { kind, message, line } = read.problem;
    const where = `${input.file}${line ? `:${line}` : ''}`;
    const size = /^is (\S+ MB), larger than/.exec(message);
    if (size) throw new AppError('invalid-input', `The runbook ${where} is ${size[1]}, larger than the ${maxRunbookBytes / 1024} KB a runbook may be: refused without reading it.`);
    if (/does not exist/.test(message)) throw new AppError('not-found', `The runbook ${where} ${message}: check the path.`);
    if (/permission denied/.test(message)) throw new AppError('forbidden', `The runbook ${where}: ${message}.`);
    const code = kind === 'invalid' || /folder|not a file/.test(message) ? 'invalid-input' : 'io-error';
    throw new AppError(code, `The runbook ${where} ${message}.`);
  }
  return importRunbook(read.text, path.basename(input.file));
}
