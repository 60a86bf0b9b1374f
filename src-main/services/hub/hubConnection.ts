import type { ClientConfig } from 'pg';
import { AppError } from '../../contract';

/** How to reach a hub: the URL (with or without a password), the role's password, and a CA certificate (PEM) to verify TLS with. */
export interface HubConnectionConfig {
  url: string;
  password?: string;
  ca?: string;
  /** Milliseconds to wait for the connection before calling the hub unreachable. */
  connectTimeoutMs?: number;
  /** Milliseconds a query may take before the laptop gives up on it (the hub's own limits apply too). */
  queryTimeoutMs?: number;
}

/** The URL as it may be shown or stored: the password taken out (libpq also reads one from `?password=`). */
export function redactHubUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.searchParams.delete('password');
    return parsed.toString();
  } catch {
    throw new AppError('invalid-input', 'the hub URL is not a valid postgres:// URL');
  }
}

/** The password written in a URL, after the user (postgres://ROLE:PASSWORD@…) or as `?password=`; undefined when none. */
export function passwordInHubUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.password) return decodeURIComponent(parsed.password);
    return parsed.searchParams.get('password') || undefined;
  } catch {
    return undefined;
  }
}

/** The role a URL names (its user part), or null. */
export function roleOfHubUrl(url: string): string | null {
  try {
    const user = decodeURIComponent(new URL(url).username);
    return user === '' ? null : user;
  } catch {
    return null;
  }
}

/**
 * TLS for a hub: verified against the given CA; with `sslmode=require` (or verify-*) and no CA,
 * verified against the system's CAs. Never TLS without verification: a hub's certificate that
 * cannot be checked is refused, not trusted.
 */
export function tlsOf(config: HubConnectionConfig, sslmode: string | null): ClientConfig['ssl'] {
  if (config.ca) return { ca: config.ca, rejectUnauthorized: true };
  if (sslmode === 'require' || sslmode === 'verify-ca' || sslmode === 'verify-full') return { rejectUnauthorized: true };
  return undefined;
}

/** The `pg` client settings for a hub: TLS is verified against `ca` when one is given. */
export function hubClientConfig(config: HubConnectionConfig): ClientConfig {
  const parsed = new URL(config.url);
  const password = config.password ?? passwordInHubUrl(config.url);
  return {
    host: decodeURIComponent(parsed.hostname.replace(/^\[|\]$/g, '')) || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 5432,
    user: roleOfHubUrl(config.url) ?? undefined,
    password,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres',
    ssl: tlsOf(config, parsed.searchParams.get('sslmode')),
    connectionTimeoutMillis: config.connectTimeoutMs ?? 10_000,
    application_name: 'firebreak',
    // A hub that vanishes without closing the connection (a dropped VPN) is noticed, not waited on.
    keepAlive: true,
    // A hub that stops answering (frozen, packets dropped) fails the query instead of hanging the CLI.
    query_timeout: config.queryTimeoutMs ?? 120_000,
    keepAliveInitialDelayMillis: 10_000,
  };
}
