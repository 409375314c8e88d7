/**
 * The directory of a workspace: filters, folded text search, sort with an opaque keyset cursor, totals,
 * progress. Filters run on stored derived fields (`regionGroup`, `sortFirms`, `sortEmployees`, `complete`,
 * `searchText`, `nameKey`) so no query compares with null.
 */
import mongoose, { Types } from 'mongoose';
import {
  REGION_GROUPS,
  type DirectoryQuery,
  type DirectorySort,
  type ProfilesProgressDto,
  type RegionGroup,
} from '@polos/shared';
import { invalid } from '../../lib/errors';
import { District, type DistrictDoc } from './district.model';
import { foldedWords, searchKeyOf } from './profileFields';

const SORT_KEYS: Record<string, keyof DistrictDoc> = {
  name: 'nameKey',
  country: 'country',
  updated: 'updatedAt',
  firms: 'sortFirms',
  employees: 'sortEmployees',
  completeness: 'completenessPercent',
};

/**
 * The fields a directory card reads (`presentDirectoryCard`): an inclusion projection, so offers and requests
 * travel without their descriptions and nothing added to the document later inflates the page.
 */
const CARD_PROJECTION = {
  name: 1,
  localDesignation: 1,
  kind: 1,
  country: 1,
  regionGroup: 1,
  region: 1,
  regionCode: 1,
  city: 1,
  coordinates: 1,
  foundingYear: 1,
  sectors: 1,
  specialisation: 1,
  members: 1,
  employees: 1,
  'offers.id': 1,
  'offers.title': 1,
  'requests.id': 1,
  'requests.title': 1,
  validatedAt: 1,
  editedSinceValidation: 1,
  complete: 1,
  completenessPercent: 1,
  demo: 1,
  revision: 1,
  updatedAt: 1,
  createdAt: 1,
  // sort keys (the cursor is built from them)
  nameKey: 1,
  sortFirms: 1,
  sortEmployees: 1,
} as const;

const trusted = <T extends object>(o: T): T => mongoose.trusted<T>(o);
const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The MongoDB filter of a directory query (without the cursor). */
export function directoryFilter(workspaceId: Types.ObjectId, q: DirectoryQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = { workspaceIds: workspaceId };
  if (q.regionGroup?.length) filter.regionGroup = trusted({ $in: q.regionGroup });
  if (q.country?.length) filter.country = trusted({ $in: q.country });
  if (q.kind?.length) filter.kind = trusted({ $in: q.kind });
  if (q.sector?.length) filter.sectors = trusted({ $in: q.sector });
  const range = (min?: number, max?: number) => {
    const r: Record<string, number> = {};
    if (min !== undefined) r.$gte = min;
    if (max !== undefined) r.$lte = max;
    return Object.keys(r).length ? trusted(r) : undefined;
  };
  const firms = range(q.firmsMin, q.firmsMax);
  if (firms) filter.sortFirms = firms;
  const employees = range(q.employeesMin, q.employeesMax);
  if (employees) filter.sortEmployees = employees;
  if (q.validated !== undefined) filter.validatedAt = q.validated ? trusted({ $ne: null }) : null;
  if (q.complete !== undefined) filter.complete = q.complete;
  const words = foldedWords(q.q ?? '').slice(0, 10);
  // Each word matches the start of a folded word (prefix match; "autop" finds "Autopartes"). A word of 3+
  // letters is looked up by its key in the multikey `searchKeys` index (equality: the same on MongoDB and the
  // embedded engine); only what the key does not decide (a word longer than the key, or shorter than 3
  // letters) is checked on `searchText`.
  const conds: Record<string, unknown>[] = [];
  for (const w of words) {
    const key = searchKeyOf(w);
    if (key !== null) conds.push({ searchKeys: key });
    if (key === null || key.length < w.length)
      conds.push({ searchText: trusted({ $regex: ` ${escapeRegex(w)}` }) });
  }
  if (conds.length) filter.$and = conds;
  return filter;
}

interface CursorState {
  v: unknown;
  id: string;
  /** The number of matches counted for the first page (cursors of older servers have none). */
  total: number | null;
}

function encodeCursor(sort: DirectorySort, d: DistrictDoc, total: number): string {
  const key = SORT_KEYS[sort.replace('-', '')];
  const raw = (d as unknown as Record<string, unknown>)[key];
  const v = raw instanceof Date ? { $date: raw.toISOString() } : raw;
  return Buffer.from(JSON.stringify({ s: sort, v, id: d._id.toHexString(), t: total })).toString('base64url');
}

function decodeCursor(sort: DirectorySort, cursor: string): CursorState {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      s: string;
      v: unknown;
      id: string;
      t?: unknown;
    };
    if (parsed.s !== sort || !Types.ObjectId.isValid(parsed.id)) throw new Error('cursor of another sort');
    const v =
      parsed.v && typeof parsed.v === 'object' && '$date' in parsed.v
        ? new Date(String((parsed.v as { $date: string }).$date))
        : parsed.v;
    const total =
      typeof parsed.t === 'number' && Number.isInteger(parsed.t) && parsed.t >= 0 ? parsed.t : null;
    return { v, id: parsed.id, total };
  } catch {
    throw invalid('cursor: not a cursor of this list (start again without it)');
  }
}

export interface DirectoryResult {
  docs: DistrictDoc[];
  nextCursor: string | null;
  total: number;
}

/**
 * One page of the directory (`limit` default 50) and the number of matches (`total`). The matches are counted
 * once per listing: not at all when the first page holds them all (then it is the page's length), else by one
 * count on the first page, carried to the next pages in their cursor (a listing's total is that of its first
 * page; the client reloads the list on `district:updated`).
 */
export async function queryDirectory(
  workspaceId: Types.ObjectId,
  q: DirectoryQuery,
): Promise<DirectoryResult> {
  const sort: DirectorySort = q.sort ?? 'name';
  const desc = sort.startsWith('-');
  const key = SORT_KEYS[sort.replace('-', '')];
  const limit = q.limit ?? 50;
  const base = directoryFilter(workspaceId, q);
  const filter: Record<string, unknown> = { ...base };
  let carried: number | null = null;
  if (q.cursor) {
    const c = decodeCursor(sort, q.cursor);
    carried = c.total;
    const op = desc ? '$lt' : '$gt';
    const id = new Types.ObjectId(c.id);
    filter.$or = [{ [key]: trusted({ [op]: c.v }) }, { [key]: c.v, _id: trusted({ [op]: id }) }];
  }
  const dir = desc ? -1 : 1;
  const docs = await District.find(filter)
    .select(CARD_PROJECTION)
    .sort({ [key]: dir, _id: dir })
    .limit(limit + 1)
    .lean<DistrictDoc[]>()
    .exec();
  const page = docs.slice(0, limit);
  const more = docs.length > limit && page.length > 0;
  const total = carried ?? (!q.cursor && !more ? page.length : await District.countDocuments(base).exec());
  const nextCursor = more ? encodeCursor(sort, page[page.length - 1], total) : null;
  return { docs: page, nextCursor, total };
}

/** Every match of the filters, in sort order (export). */
export function exportDirectory(workspaceId: Types.ObjectId, q: DirectoryQuery): Promise<DistrictDoc[]> {
  const sort: DirectorySort = q.sort ?? 'name';
  const key = SORT_KEYS[sort.replace('-', '')];
  const dir = sort.startsWith('-') ? -1 : 1;
  return District.find(directoryFilter(workspaceId, q))
    .sort({ [key]: dir, _id: dir })
    .lean<DistrictDoc[]>()
    .exec();
}

/** Complete profiles of the workspace, in all and per region group. */
export async function progressOf(workspaceId: Types.ObjectId): Promise<ProfilesProgressDto> {
  const docs = await District.find({ workspaceIds: workspaceId })
    .select({ regionGroup: 1, complete: 1 })
    .lean<Array<Pick<DistrictDoc, 'regionGroup' | 'complete'>>>()
    .exec();
  const byRegion = Object.fromEntries(REGION_GROUPS.map((g) => [g, { complete: 0, total: 0 }])) as Record<
    RegionGroup,
    { complete: number; total: number }
  >;
  let complete = 0;
  for (const d of docs) {
    const g = byRegion[d.regionGroup] ?? byRegion.other;
    g.total += 1;
    if (d.complete) {
      g.complete += 1;
      complete += 1;
    }
  }
  return { workspaceId: workspaceId.toHexString(), complete, total: docs.length, byRegion };
}
