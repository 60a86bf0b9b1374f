/** `2026-11-23 14:15 UTC`: reports and messages name the zone, and UTC reads the same on every laptop. */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** `14:35 UTC`, for a time on the same day as the line that mentions it. */
export function utcClock(iso: string): string {
  return `${iso.slice(11, 16)} UTC`;
}

/** A span between two instants, in whole minutes: "45 min", "3 h 20 min", "2 d 4 h". */
export function spanText(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${Math.floor(hours / 24)} d`;
}

/** Minutes as the severity scheme states them: "60 min", "24 h". */
export function minutesText(minutes: number): string {
  if (minutes < 60 || minutes % 60 !== 0) return `${minutes} min`;
  return minutes % 1440 === 0 ? `${minutes / 1440} d` : `${minutes / 60} h`;
}

/** `2026-11-23 14:15:02 UTC`: the timeline keeps seconds, so the order of close events reads right. */
export function utcSecond(iso: string): string {
  return `${iso.slice(0, 19).replace('T', ' ')} UTC`;
}
