import { createHash } from 'node:crypto';
import type { AutomatonTables, KeywordEntry } from './keywordAutomaton';

/**
 * A keyword automaton's tables as bytes, as the build writes them for the shipped rules: a thread
 * that scans with those rules reads a megabyte instead of building them (tens of milliseconds cold).
 * Keyed by the keywords and what they stand for: tables for any other rules are never taken.
 */
const magic = Buffer.from('FBKW1\n');

interface Header {
  key: string;
  littleEndian: boolean;
  startRow: number;
  threshold: number;
  warmUp: number;
  rowBytes: number;
  quiet: number;
  tableWords: number;
  hitKeywords: number[][];
  hitValues: number[][];
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** What tables are for: the entries, in order, with their values. */
export function keywordEntriesKey(entries: readonly KeywordEntry[]): string {
  return createHash('sha256').update(JSON.stringify(entries.map((entry) => [entry.keyword, entry.values]))).digest('hex');
}

export function tablesToBytes(tables: AutomatonTables, key: string): Buffer {
  const { table, classOffsets, ...rest } = tables;
  const header: Header = { key, littleEndian, ...rest, tableWords: table.length };
  // Padded (JSON allows trailing spaces) so that the class offsets and the table begin 4-byte aligned
  // in the file: read into a buffer of its own, they are used where they lie, not copied out.
  const unpadded = Buffer.from(JSON.stringify(header));
  const json = Buffer.concat([unpadded, Buffer.alloc((4 - ((magic.length + 4 + unpadded.length) % 4)) % 4, ' ')]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([magic, length, json, Buffer.from(classOffsets.buffer, classOffsets.byteOffset, classOffsets.byteLength), Buffer.from(table.buffer, table.byteOffset, table.byteLength)]);
}

/** The tables in these bytes when they were made for `key` on a machine of this byte order, else null. */
export function tablesFromBytes(bytes: Buffer, key: string): AutomatonTables | null {
  if (bytes.length < magic.length + 4 || !bytes.subarray(0, magic.length).equals(magic)) return null;
  const jsonLength = bytes.readUInt32LE(magic.length);
  const jsonEnd = magic.length + 4 + jsonLength;
  let header: Header;
  try {
    header = JSON.parse(bytes.toString('utf8', magic.length + 4, jsonEnd)) as Header;
  } catch {
    return null;
  }
  if (header.key !== key || header.littleEndian !== littleEndian || bytes.length !== jsonEnd + 512 + header.tableWords * 4) return null;
  // Used where they lie when aligned (the build's file, read whole): one of the table's two copies on
  // its way into a scanning thread's memory saved. Else copied out.
  const at = bytes.byteOffset + jsonEnd;
  const aligned = at % 4 === 0;
  const classOffsets = aligned ? new Uint16Array(bytes.buffer, at, 256) : new Uint16Array(256);
  const table = aligned ? new Int32Array(bytes.buffer, at + 512, header.tableWords) : new Int32Array(header.tableWords);
  if (!aligned) {
    new Uint8Array(classOffsets.buffer).set(bytes.subarray(jsonEnd, jsonEnd + 512));
    new Uint8Array(table.buffer).set(bytes.subarray(jsonEnd + 512));
  }
  const { startRow, threshold, warmUp, rowBytes, quiet, hitKeywords, hitValues } = header;
  return { table, classOffsets, startRow, threshold, warmUp, rowBytes, quiet, hitKeywords, hitValues };
}
