/**
 * The two clocks of the investigation timeline as a responder reads and types them: stored in UTC,
 * shown in the responder's zone or in UTC, and typed as a date, a time and a zone (or a pasted ISO
 * time with its offset).
 */

export const responderZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** `+02:00`, `-05:00`, `+00:00` for an IANA zone at an instant. */
export function zoneOffset(zone: string, at: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  if (!match) return '+00:00';
  return `${match[1]}${match[2]!.padStart(2, '0')}:${match[3] ?? '00'}`;
}

/** Minutes east of UTC of `+02:00`, `-05:30`, `Z`. */
export function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

const pad = (value: number) => String(value).padStart(2, '0');
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The wall-clock parts of an instant shifted by `minutes` east of UTC. */
function wallClock(iso: string, minutes: number) {
  const shifted = new Date(Date.parse(iso) + minutes * 60_000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth(), day: shifted.getUTCDate(), hour: shifted.getUTCHours(), minute: shifted.getUTCMinutes() };
}

/** Where times are shown: the responder's zone (by its IANA name) or UTC. */
export type ShownZone = 'local' | 'utc';

const zoneOf = (shown: ShownZone) => (shown === 'utc' ? 'UTC' : responderZone);

/** `30 Nov 09:15` in the shown zone (24-hour, as incident logs read). */
export function shownTime(iso: string, shown: ShownZone): string {
  const clock = wallClock(iso, offsetMinutes(zoneOffset(zoneOf(shown), new Date(iso))));
  return `${pad(clock.day)} ${months[clock.month]} ${pad(clock.hour)}:${pad(clock.minute)}`;
}

/** `09:15 +02:00` (with the day when it is not the shown one): the time as the responder gave it. */
export function givenTime(iso: string, offset: string): string {
  const clock = wallClock(iso, offsetMinutes(offset));
  return `${pad(clock.day)} ${months[clock.month]} ${pad(clock.hour)}:${pad(clock.minute)} ${offset === 'Z' ? 'UTC' : offset}`;
}

/** The zone named on screen: `Europe/Paris (UTC+01:00)` or `UTC`. */
export function shownZoneName(shown: ShownZone, now = new Date()): string {
  if (shown === 'utc' || responderZone === 'UTC') return 'UTC';
  return `${responderZone} (UTC${zoneOffset(responderZone, now)})`;
}

/** Whether the offset an entry was given in is the one the shown zone had at that instant. */
export function sameOffset(iso: string, offset: string, shown: ShownZone): boolean {
  return offsetMinutes(offset) === offsetMinutes(zoneOffset(zoneOf(shown), new Date(iso)));
}

/** `2 h 25 min`, `3 d 4 h`, `12 min`: how much later something was recorded. */
export function lag(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${pad(minutes % 60)} min` : ''}`;
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}

/** Zones offered when typing when something happened: the responder's, UTC, then fixed offsets. */
export function zoneChoices(): { value: string; label: string }[] {
  const fixed = [-12, -11, -10, -9, -8, -7, -6, -5, -4, -3.5, -3, -2, -1, 1, 2, 3, 3.5, 4, 5, 5.5, 5.75, 6, 7, 8, 9, 9.5, 10, 11, 12, 13, 14].map((hours) => {
    const sign = hours < 0 ? '-' : '+';
    const size = Math.abs(hours);
    const offset = `${sign}${pad(Math.floor(size))}:${pad(Math.round((size % 1) * 60))}`;
    return { value: offset, label: `UTC${offset}` };
  });
  const own = responderZone === 'UTC' ? [] : [{ value: responderZone, label: `${responderZone} (your zone)` }];
  return [...own, { value: 'UTC', label: 'UTC' }, ...fixed];
}

/** `2026-02-30T09:15:00` is not a day: Date.parse would roll it into March. */
function realWallTime(wall: string): boolean {
  const parsed = Date.parse(`${wall}Z`);
  return !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 19) === wall;
}

/**
 * `2026-11-30` + `09:15` in `Europe/Paris` (or a fixed `+02:00`, or `UTC`) → `2026-11-30T09:15:00+01:00`,
 * the offset being the zone's at that wall-clock time. Null when the date or time is not one.
 */
export function zonedIso(date: string, time: string, zone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}(:\d{2})?$/.test(time)) return null;
  const wall = `${date}T${time.length === 5 ? `${time}:00` : time}`;
  if (!realWallTime(wall)) return null;
  let offset: string;
  if (zone === 'UTC') offset = 'Z';
  else if (/^[+-]\d{2}:\d{2}$/.test(zone)) offset = zone;
  else {
    // The zone's offset at that wall time: guess from UTC, then correct once (a DST change between them).
    const guess = Date.parse(`${wall}Z`);
    offset = zoneOffset(zone, new Date(guess - offsetMinutes(zoneOffset(zone, new Date(guess))) * 60_000));
  }
  return `${wall}${offset}`;
}

/** A pasted `2026-11-30T09:15:00+02:00` (or `…Z`, or with a space) as the form's date, time and zone; null when it is not one. */
export function parsePastedTime(text: string): { date: string; time: string; zone: string } | null {
  const match = /^\s*(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})\s*$/i.exec(text);
  if (!match || !realWallTime(`${match[1]}T${match[2]}:00`)) return null;
  const raw = match[4]!.toUpperCase();
  const zone = raw === 'Z' || raw === '+00:00' || raw === '+0000' ? 'UTC' : raw.includes(':') ? raw : `${raw.slice(0, 3)}:${raw.slice(3)}`;
  const seconds = match[3] && match[3] !== '00' ? `:${match[3]}` : '';
  return { date: match[1]!, time: `${match[2]}${seconds}`, zone };
}

/** Today's date and the time now in the responder's zone, for the form's first values. */
export function nowInZone(now = new Date()): { date: string; time: string } {
  const clock = wallClock(now.toISOString(), offsetMinutes(zoneOffset(responderZone, now)));
  return { date: `${clock.year}-${pad(clock.month + 1)}-${pad(clock.day)}`, time: `${pad(clock.hour)}:${pad(clock.minute)}` };
}
