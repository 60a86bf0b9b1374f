/** A random 32-bit number for a table's hashes: a log cannot be written ahead of a scan so that its keys share a slot. */
export function hashSeed(): number {
  return (Math.random() * 0x100000000) | 0;
}

/** MurmurHash3's finaliser: neighbouring keys land far apart. */
export function mix(hash: number): number {
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) | 0;
}
