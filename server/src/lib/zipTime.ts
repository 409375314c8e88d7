/**
 * ZIP entry times for archives that must be the same bytes for the same input (the publication bundle, DOCX).
 *
 * A ZIP entry stores its modification time as MS-DOS date and time fields in the writer's *local* time (APPNOTE
 * 6.3.10, 4.4.6; fflate reads `getFullYear()`, `getHours()`, … of the `mtime` it is given). So that the fields
 * do not depend on the server's time zone, the returned `Date` is the local time whose fields equal `date`'s UTC
 * fields (the archive shows UTC wall time). DOS dates only cover 1980–2107 (fflate refuses beyond 2099): the
 * time is clamped to 1980-01-01T00:00:00 … 2099-12-31T23:59:58, and seconds are even (2-second resolution).
 */
export function zipTimeOf(date: Date): Date {
  const t = Number.isNaN(date.getTime()) ? Date.UTC(1980, 0, 1) : date.getTime();
  const clamped = new Date(Math.min(Math.max(t, Date.UTC(1980, 0, 1)), Date.UTC(2099, 11, 31, 23, 59, 58)));
  return new Date(
    clamped.getUTCFullYear(),
    clamped.getUTCMonth(),
    clamped.getUTCDate(),
    clamped.getUTCHours(),
    clamped.getUTCMinutes(),
    clamped.getUTCSeconds() - (clamped.getUTCSeconds() % 2),
  );
}
