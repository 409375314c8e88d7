/**
 * The directory's filter state lives in the page URL (`useSearchParams`), under the same names as the API query
 * of `GET /api/workspaces/:workspaceId/districts` (docs/API.md): a link or a reload shows the same list.
 */
export const FILTER_KEYS = [
  'q',
  'regionGroup',
  'country',
  'kind',
  'sector',
  'firmsMin',
  'firmsMax',
  'employeesMin',
  'employeesMax',
  'validated',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

const NUMERIC: ReadonlySet<string> = new Set(['firmsMin', 'firmsMax', 'employeesMin', 'employeesMax']);

/**
 * The API query for the URL's filters and sort: only known keys, non-empty values, numbers as non-negative
 * integers (anything else in the URL is dropped rather than sent). `limit` 1–100.
 */
export function apiQuery(search: URLSearchParams, options: { limit?: number; without?: FilterKey[] } = {}) {
  const out = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    if (options.without?.includes(key)) continue;
    const value = search.get(key)?.trim();
    if (!value) continue;
    if (NUMERIC.has(key) && !/^\d{1,9}$/.test(value)) continue;
    if (key === 'validated' && value !== 'true' && value !== 'false') continue;
    out.set(key, value);
  }
  const sort = search.get('sort');
  if (sort) out.set('sort', sort);
  if (options.limit) out.set('limit', String(Math.min(100, Math.max(1, options.limit))));
  return out;
}

/** A copy of `search` with `key` set to `value` (removed when empty). Other params (sort, view…) are kept. */
export function withParam(search: URLSearchParams, key: string, value: string | null): URLSearchParams {
  const next = new URLSearchParams(search);
  if (value === null || value === '') next.delete(key);
  else next.set(key, value);
  return next;
}

/** True when any filter is set. */
export function hasFilters(search: URLSearchParams): boolean {
  return FILTER_KEYS.some((key) => (search.get(key) ?? '') !== '');
}

/** The compare selection (`compare=id,id`) in the URL, at most 4 ids. */
export function compareIds(search: URLSearchParams): string[] {
  return (search.get('compare') ?? '')
    .split(',')
    .filter((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id))
    .slice(0, 4);
}
