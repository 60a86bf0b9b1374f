import type { Checked } from './indicatorAddress';

/**
 * Indicators found on a host: file paths, processes, registry keys and accounts. Their case is kept
 * as written (POSIX paths are case-sensitive), except the registry root, which has one short form.
 */

const posixPath = /^\/./;
const drivePath = /^[A-Za-z]:[\\/]/;
const uncPath = /^\\\\[^\\]+\\[^\\]+/;
const variablePath = /^%[A-Za-z_][A-Za-z0-9_()]*%[\\/]/;

/** Whether a value is shaped like an absolute path (POSIX, drive, UNC or %VARIABLE%). */
export function looksLikePath(value: string): boolean {
  return value === '/' || posixPath.test(value) || drivePath.test(value) || /^\\\\/.test(value) || variablePath.test(value);
}

/** An absolute path: POSIX `/…`, Windows `C:\…`, UNC `\\host\share\…` or `%APPDATA%\…` (the drive letter upper-cased). */
export function normalisePath(raw: string): Checked {
  if (raw === '/') return { ok: false, reason: 'not a file path: "/" alone names no file' };
  if (posixPath.test(raw) || variablePath.test(raw)) return { ok: true, value: raw };
  if (drivePath.test(raw)) return { ok: true, value: raw[0]!.toUpperCase() + raw.slice(1) };
  if (raw.startsWith('\\\\')) {
    if (!uncPath.test(raw)) return { ok: false, reason: 'not a file path: a UNC path needs a host and a share, like \\\\host\\share\\file' };
    return { ok: true, value: raw };
  }
  if (/^[A-Za-z]:[^\\/]/.test(raw)) return { ok: false, reason: `not a file path: ${raw.slice(0, 2)} without a backslash is relative to that drive's current folder; write ${raw.slice(0, 2)}\\…` };
  return { ok: false, reason: 'not a file path: it is not absolute; start it with /, a drive (C:\\), \\\\host\\share\\ or %VARIABLE%\\' };
}

/** Extensions of files that run: a bare `name.ext` with one of these is detected as a process. */
export const executableExtensions = ['exe', 'dll', 'sys', 'scr', 'cpl', 'ocx', 'msi', 'bat', 'cmd', 'ps1', 'psm1', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh', 'hta', 'jar', 'elf'];
const executableName = new RegExp(`^[^\\\\/:*?"<>|]+\\.(?:${executableExtensions.join('|')})$`, 'i');

/** Whether a value is a bare executable name such as `mimikatz.exe` (`.com` stays a domain). */
export function looksLikeExecutableName(value: string): boolean {
  return executableName.test(value);
}

/** A process: an image name (`svchost.exe`, `sshd`) or a path to its executable. */
export function normaliseProcess(raw: string): Checked {
  if (looksLikePath(raw)) {
    const path = normalisePath(raw);
    return path.ok ? path : { ok: false, reason: path.reason.replace(/^not a file path/, 'not a process path') };
  }
  if (/[\\/]/.test(raw)) return { ok: false, reason: 'not a process: give the image name (svchost.exe) or the absolute path to the executable' };
  if (raw.length > 255) return { ok: false, reason: `not a process: an image name is at most 255 characters, this is ${raw.length}` };
  return { ok: true, value: raw };
}

const roots: Record<string, string> = {
  HKEY_LOCAL_MACHINE: 'HKLM',
  HKEY_CURRENT_USER: 'HKCU',
  HKEY_USERS: 'HKU',
  HKEY_CLASSES_ROOT: 'HKCR',
  HKEY_CURRENT_CONFIG: 'HKCC',
  HKLM: 'HKLM',
  HKCU: 'HKCU',
  HKU: 'HKU',
  HKCR: 'HKCR',
  HKCC: 'HKCC',
};
const rootShape = /^(HKEY_[A-Z_]+|HK[A-Z]{1,3}):?(?=\\|$)/i;

/** Whether a value starts with something shaped like a registry root (`HKLM\`, `HKEY_…`). */
export function looksLikeRegistryKey(value: string): boolean {
  return rootShape.test(value);
}

/** A registry key: its root in the short form (`HKEY_LOCAL_MACHINE` → `HKLM`, PowerShell's `HKLM:` too), the rest kept. */
export function normaliseRegistryKey(raw: string): Checked {
  const match = rootShape.exec(raw);
  if (!match) return { ok: false, reason: 'not a registry key: it must start with a root such as HKLM\\, HKCU\\, HKU\\, HKCR\\, HKCC\\ or HKEY_LOCAL_MACHINE\\' };
  const root = roots[match[1]!.toUpperCase()];
  if (!root) return { ok: false, reason: `not a registry key: ${match[1]} is not a registry root (HKLM, HKCU, HKU, HKCR, HKCC or their HKEY_ names)` };
  const path = raw.slice(match[0].length);
  if (path === '' || path === '\\') return { ok: false, reason: `not a registry key: it names only the root ${root}; add the key's path (${root}\\Software\\…)` };
  const keys = path.slice(1).replace(/\\$/, '').split('\\');
  if (keys.some((key) => key === '')) return { ok: false, reason: 'not a registry key: a key name between backslashes is empty' };
  return { ok: true, value: `${root}\\${keys.join('\\')}` };
}

/** An account: `user`, `DOMAIN\user` or `user@realm`. */
export function normaliseAccount(raw: string): Checked {
  const backslashes = raw.split('\\').length - 1;
  if (backslashes > 1) return { ok: false, reason: `not an account: it has ${backslashes} backslashes; write user, DOMAIN\\user or user@realm` };
  if (backslashes === 1) {
    const [domain, user] = raw.split('\\') as [string, string];
    if (domain === '' || user === '') return { ok: false, reason: 'not an account: DOMAIN\\user needs both a domain and a user' };
  }
  if (raw.includes('@')) {
    if (backslashes === 1) return { ok: false, reason: 'not an account: write DOMAIN\\user or user@realm, not both' };
    const at = raw.lastIndexOf('@');
    if (at === 0 || at === raw.length - 1) return { ok: false, reason: 'not an account: user@realm needs both a user and a realm' };
  }
  if (/[/:*?"<>|]/.test(raw)) return { ok: false, reason: 'not an account: it holds one of / : * ? " < > |, which no account name allows' };
  if (raw.length > 256) return { ok: false, reason: `not an account: it is ${raw.length} characters; an account name is at most 256` };
  return { ok: true, value: raw };
}
