import fs from 'node:fs';

/** The most an indicator list may hold, as `ioc.import` takes it. */
export const maxListBytes = 5_000_000;

/**
 * The text of an indicator list: a file, or stdin for `-`. A folder, a file over 5 MB, a binary file
 * or one that is not UTF-8 is refused with what is wrong, naming the file.
 */
export async function readIndicatorList(file: string): Promise<string> {
  const name = file === '-' ? 'stdin' : file;
  let bytes: Buffer;
  if (file === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxListBytes) throw new Error(`the list on stdin is over 5 MB: split it into smaller lists`);
      chunks.push(chunk);
    }
    bytes = Buffer.concat(chunks);
  } else {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(code === 'ENOENT' ? `${file} does not exist` : `${file} cannot be read (${code ?? String(error)})`, { cause: error });
    }
    if (stat.isDirectory()) throw new Error(`${file} is a folder: give a text file with one indicator per line`);
    if (!stat.isFile()) throw new Error(`${file} is not a regular file: give a text file with one indicator per line (or - for stdin)`);
    if (stat.size > maxListBytes) throw new Error(`${file} is ${(stat.size / 1_000_000).toFixed(1)} MB, over the 5 MB a list may hold: split it into smaller lists`);
    bytes = fs.readFileSync(file);
    if (bytes.length > maxListBytes) throw new Error(`${file} grew past 5 MB while it was read: split it into smaller lists`);
  }
  // A NUL byte never occurs in text: this is an executable, an archive or a UTF-16 export.
  if (bytes.includes(0)) throw new Error(`${name} looks binary (it holds NUL bytes): give a UTF-8 text file with one indicator per line`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    throw new Error(`${name} is not UTF-8 text (malformed bytes): save it as UTF-8 and try again`, { cause: error });
  }
}
