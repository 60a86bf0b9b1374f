import { createHash, randomBytes } from 'node:crypto';

/** How long a one-time link stays valid: long enough to paste it, short enough that an old one is useless. */
export const codeTtlMs = 2 * 60_000;

/** Only digests are kept, so a look-up by a presented value reveals nothing through its timing. */
function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/**
 * One-time codes and the sessions they open. A code travels in a URL (`/open?code=…`), never on a
 * command line; the server trades it once, within `codeTtlMs`, for an HttpOnly cookie and forgets it.
 */
export class SessionKeeper {
  private readonly codes = new Map<string, number>();
  private readonly sessions = new Set<string>();

  constructor(
    /** Port-specific: cookies ignore ports, and two consoles on one machine must not overwrite each other's. */
    readonly cookieName: string,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = codeTtlMs,
  ) {}

  mintCode(): string {
    this.dropExpired();
    const code = randomBytes(32).toString('base64url');
    this.codes.set(digest(code), this.now() + this.ttlMs);
    return code;
  }

  /** The new session's cookie value, or null when the code is unknown, used or expired. */
  redeem(code: string): string | null {
    this.dropExpired();
    const key = digest(code);
    if (!this.codes.has(key)) return null;
    this.codes.delete(key);
    const session = randomBytes(32).toString('base64url');
    this.sessions.add(digest(session));
    return session;
  }

  isSession(value: string): boolean {
    return this.sessions.has(digest(value));
  }

  /** HttpOnly keeps it from the page's scripts; SameSite=Strict keeps other sites from riding it. */
  cookieHeader(session: string): string {
    return `${this.cookieName}=${session}; HttpOnly; SameSite=Strict; Path=/`;
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, expires] of this.codes) if (expires <= now) this.codes.delete(key);
  }
}
