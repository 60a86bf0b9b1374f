const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `INC-YYYYMMDD-HHMMSS` in UTC; `-2`, `-3`, ... when that second is already taken. */
export function incidentIdFor(at: Date, isTaken: (candidate: string) => boolean): string {
  const base =
    `INC-${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}` +
    `-${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}`;
  if (!isTaken(base)) return base;
  for (let suffix = 2; ; suffix += 1) {
    const candidate = `${base}-${suffix}`;
    if (!isTaken(candidate)) return candidate;
  }
}
