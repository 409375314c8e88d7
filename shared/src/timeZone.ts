/** Time zone of a workspace whose admins have not chosen one (the demo workspace's, Madrid). */
export const DEFAULT_WORKSPACE_TIME_ZONE = 'Europe/Madrid';

/**
 * Whether `zone` is an IANA time zone name this runtime knows (checked by `Intl.DateTimeFormat`, which throws a
 * RangeError for unknown zones). Dates shown for a workspace — export dates, release dates — use its zone.
 */
export function isValidTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
