/**
 * POSIX pax tar headers. Written here rather than taken from a library because evidence must keep
 * file names byte for byte: pax `path` records carry the raw bytes with `hdrcharset=BINARY`, which
 * the tar packages on npm cannot express (they encode every header value as UTF-8 text).
 */
export const blockSize = 512;

export interface TarEntryHeader {
  /** Path inside the archive, as raw bytes. */
  path: Buffer;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
  type: 'file' | 'directory' | 'symlink';
  /** For a symlink: where it points, as raw bytes. */
  linkTarget?: Buffer;
}

/** The largest id a ustar field holds; larger ones travel in the pax record. */
const maxUstarId = 0o7777777;
const typeflags = { file: '0', directory: '5', symlink: '2' } as const;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0').slice(-(width - 1)) + '\0';
}

function ustarHeader(name: string, size: number, typeflag: string, header: Pick<TarEntryHeader, 'mode' | 'uid' | 'gid' | 'mtimeMs'>, linkName = ''): Buffer {
  // From Node's shared pool, zeroed: one ArrayBuffer per header would pile up between collections.
  const block = Buffer.allocUnsafe(blockSize).fill(0);
  block.write(name, 0, 100, 'ascii');
  block.write(octal(header.mode & 0o7777, 8), 100, 'ascii');
  block.write(octal(Math.min(header.uid, maxUstarId), 8), 108, 'ascii');
  block.write(octal(Math.min(header.gid, maxUstarId), 8), 116, 'ascii');
  // Sizes past 8 GiB and exact times travel in the pax record; ustar gets what fits.
  block.write(octal(Math.min(size, 0o77777777777), 12), 124, 'ascii');
  block.write(octal(Math.floor(header.mtimeMs / 1000), 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write(typeflag, 156, 'ascii');
  block.write(linkName, 157, 100, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  return sealChecksum(block);
}

/** Writes a header block's checksum (its field counted as spaces, which the block must hold there). */
export function sealChecksum(block: Buffer): Buffer {
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

/** One `LEN key=value\n` record; LEN counts the whole record, its own digits included. */
export function paxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length += 1;
  return Buffer.concat([Buffer.from(String(length)), body]);
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// Padding is only ever read (compressed): every entry shares one block of zeros.
const zeros = Buffer.alloc(blockSize);

export function padding(size: number): Buffer {
  const remainder = size % blockSize;
  return zeros.subarray(0, remainder === 0 ? 0 : blockSize - remainder);
}

/**
 * A time in milliseconds as pax writes it: seconds with three decimals, cut (not rounded) to the
 * millisecond as the manifest's ISO time is, so that verify can compare the two exactly.
 */
export function paxTime(mtimeMs: number): string {
  // Sign and magnitude, as pax reads it: -1.500 is one and a half seconds before 1970.
  const ms = Math.abs(Math.trunc(mtimeMs));
  return `${mtimeMs < 0 ? '-' : ''}${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;
}

/** The pax extended header plus the ustar header for one entry. */
export function entryHeaders(header: TarEntryHeader): Buffer {
  const records = [paxRecord('path', header.path), paxRecord('size', Buffer.from(String(header.size))), paxRecord('mtime', Buffer.from(paxTime(header.mtimeMs)))];
  if (header.uid > maxUstarId) records.push(paxRecord('uid', Buffer.from(String(header.uid))));
  if (header.gid > maxUstarId) records.push(paxRecord('gid', Buffer.from(String(header.gid))));
  if (header.linkTarget) records.push(paxRecord('linkpath', header.linkTarget));
  if (!isUtf8(header.path) || (header.linkTarget && !isUtf8(header.linkTarget))) records.unshift(paxRecord('hdrcharset', Buffer.from('BINARY')));
  const pax = Buffer.concat(records);
  const shortName = header.path.toString('latin1').replace(/[^\x20-\x7e]/g, '_').slice(-99);
  return Buffer.concat([
    ustarHeader(`PaxHeaders/${shortName}`.slice(0, 99), pax.length, 'x', header),
    pax,
    padding(pax.length),
    ustarHeader(shortName, header.type === 'file' ? header.size : 0, typeflags[header.type], header, header.linkTarget?.toString('latin1').replace(/[^\x20-\x7e]/g, '_').slice(0, 99) ?? ''),
  ]);
}

export const endOfArchive = Buffer.alloc(blockSize * 2);

export interface ParsedHeader {
  typeflag: string;
  size: number;
  name: Buffer;
  mode: number;
  uid: number;
  gid: number;
  /** Whole seconds (ustar's precision; a pax `mtime` record gives more). */
  mtime: number;
  linkName: Buffer;
  /** Owner and group names, which tar prefers to the ids when extracting as root; Firebreak writes none. */
  uname: string;
  gname: string;
}

/** Reads a ustar header block; null for the zero blocks that end an archive. */
export function parseUstar(block: Buffer): ParsedHeader | null {
  if (block.every((byte) => byte === 0)) return null;
  let sum = 0;
  for (let i = 0; i < blockSize; i += 1) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  const stored = parseInt(block.subarray(148, 156).toString('ascii').replace(/[\0 ]+$/, '').trim(), 8);
  if (stored !== sum) throw new Error('corrupt tar header (checksum mismatch)');
  const field = (start: number, length: number) => block.subarray(start, start + length);
  const nul = (bytes: Buffer) => {
    const end = bytes.indexOf(0);
    return end < 0 ? bytes : bytes.subarray(0, end);
  };
  const prefix = nul(field(345, 155));
  const name = nul(field(0, 100));
  const path = prefix.length ? Buffer.concat([prefix, Buffer.from('/'), name]) : Buffer.from(name);
  // parseInt would read "12z" as 10 and "zz" as NaN: either frames the rest of the archive wrongly.
  const number = (start: number, length: number, what: string) => {
    const digits = nul(field(start, length)).toString('latin1').trim();
    if (!/^[0-7]*$/.test(digits)) throw new Error(`corrupt tar header for ${printable(path)} (its ${what} "${printable(Buffer.from(digits, 'latin1'))}" is not an octal number)`);
    return parseInt(digits || '0', 8);
  };
  return {
    typeflag: String.fromCharCode(block[156] || 48),
    size: number(124, 12, 'size'),
    name: path,
    mode: number(100, 8, 'mode'),
    uid: number(108, 8, 'owner'),
    gid: number(116, 8, 'group'),
    mtime: number(136, 12, 'time'),
    linkName: Buffer.from(nul(field(157, 100))),
    uname: nul(field(265, 32)).toString('latin1'),
    gname: nul(field(297, 32)).toString('latin1'),
  };
}

/** Bytes from an archive as a responder can read them in a message: printable, and short. */
export function printable(bytes: Buffer): string {
  const text = bytes.toString('latin1').replace(/[^\x20-\x7e]/g, '?');
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** Pax records as raw byte values (so `path` keeps non-UTF-8 bytes). */
export function parsePax(data: Buffer): Map<string, Buffer> {
  const records = new Map<string, Buffer>();
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space < 0) break;
    const length = Number(data.subarray(offset, space).toString('ascii'));
    if (!Number.isInteger(length) || length <= 0 || offset + length > data.length) throw new Error('corrupt pax record');
    const record = data.subarray(space + 1, offset + length - 1);
    const equals = record.indexOf(0x3d);
    if (equals <= 0) throw new Error('corrupt pax record');
    records.set(record.subarray(0, equals).toString('utf8'), Buffer.from(record.subarray(equals + 1)));
    offset += length;
  }
  return records;
}
