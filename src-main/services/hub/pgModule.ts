import type pgTypes from 'pg';

let loaded: typeof pgTypes | undefined;

/**
 * The PostgreSQL client, loaded on first use: only a console joined to a hub talks to PostgreSQL,
 * and loading the driver at start-up costs every launch about a third of a second.
 */
export function pgModule(): typeof pgTypes {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require keeps it out of start-up; the bundler still includes it
  return (loaded ??= require('pg') as typeof pgTypes);
}
