import fs from 'node:fs';
import { AppError } from '../../contract';
import { bundleSchema, describeShapeProblem, maxBundleBytes, maxBundleSize, type Bundle } from '../../domain/bundle/bundleFormat';
import { readWithoutBlocking } from '../../jobs/fileHash';

function readCapped(file: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, readWithoutBlocking);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('invalid-input', `${file} does not exist: give the bundle file written by "firebreak incident export"`);
    throw new AppError('invalid-input', `cannot read the bundle ${file} (${code ?? (error as Error).message})`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw new AppError('invalid-input', `${file} is a folder, not a bundle file`);
    if (!stat.isFile()) throw new AppError('invalid-input', `${file} is not a regular file`);
    // The size is checked before reading: a huge (or sparse) file is refused without a byte read.
    if (stat.size > maxBundleBytes) throw new AppError('invalid-input', `${file} is ${Math.ceil(stat.size / 1048576)} MiB, over the ${maxBundleSize} a bundle may hold: it is not a Firebreak bundle`);
    const buffer = Buffer.alloc(Math.min(stat.size, maxBundleBytes) + 1);
    let read = 0;
    for (let chunk = -1; chunk !== 0 && read < buffer.length; read += chunk) chunk = fs.readSync(fd, buffer, read, buffer.length - read, read);
    // It grew while being read.
    if (read > maxBundleBytes) throw new AppError('invalid-input', `${file} is over the ${maxBundleSize} a bundle may hold: it is not a Firebreak bundle`);
    return buffer.subarray(0, read);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('invalid-input', `cannot read the bundle ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  } finally {
    fs.closeSync(fd);
  }
}

/** The bundle file read under the size cap, parsed, and checked for shape: bad input, nothing verified yet. */
export function readBundleFile(file: string): Bundle {
  const bytes = readCapped(file);
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    const truncated = /end of (JSON )?input|Unterminated/i.test((error as Error).message) ? ': it ends early (truncated?)' : '';
    throw new AppError('invalid-input', `${file} is not JSON${truncated} (${(error as Error).message})`);
  }
  const parsed = bundleSchema.safeParse(value);
  if (!parsed.success) throw new AppError('invalid-input', `${file} is not a Firebreak incident bundle: ${describeShapeProblem(parsed.error)}`);
  return parsed.data;
}
