/**
 * Find-style projections made only of field inclusions or only of field exclusions (`{ a: 1, 'b.c': 1 }`,
 * `{ a: { b: 1 } }`, `{ _id: 0, x: 0 }`), applied without mingo: one walk of the document per result, no
 * per-document compile. Anything else (`$slice`, `$elemMatch`, positional `$`, expressions, `$meta`, numeric
 * path parts, `_id.x`, mixed inclusion/exclusion, path collisions) is left to mingo (`compileSimpleProjection`
 * answers null).
 *
 * Semantics are mongod's (`jstests/core/projection_semantics.js`):
 * - inclusion keeps the listed paths in the document's own field order, with the top-level `_id` unless
 *   `_id: 0`; through a sub-document it keeps a (possibly empty) sub-document; through an array it maps each
 *   element — sub-documents projected (an element without the path stays `{}`), nested arrays projected the
 *   same way, scalars dropped; a scalar or null parent is left out. `_id` inside sub-documents is not implied.
 * - exclusion removes the listed paths and keeps everything else: scalars along the way (also array elements)
 *   stay as they are, nested arrays are walked.
 * The stored document is never modified: results are new objects that share untouched leaf values.
 */
import type { Document } from 'bson';
import { isPlainObject } from './values';

/** A projection tree level: field name → `true` (a listed leaf) or the next level. */
type Level = Map<string, Level | true>;

/** A compiled projection: applies to one stored document, returns a new one. */
export type Projector = (doc: Document) => Document;

/** Collects `[path parts, included]` leaves of a (dotted or nested) projection; null when not simple. */
function leavesOf(spec: Document, prefix: string[], out: Array<[string[], boolean]>): boolean {
  for (const [key, v] of Object.entries(spec)) {
    const parts = key.split('.');
    // '$' operators and positional forms, empty parts ('a..b', '.a'), numeric parts ('a.0': mingo reads them
    // as array indexes) are left to mingo.
    if (parts.some((p) => p === '' || p.startsWith('$') || /^\d+$/.test(p))) return false;
    const path = [...prefix, ...parts];
    if (typeof v === 'boolean' || typeof v === 'number') {
      if (Number.isNaN(v)) return false;
      out.push([path, v !== 0 && v !== false]);
    } else if (isPlainObject(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0 || keys.some((k) => k.startsWith('$'))) return false;
      if (!leavesOf(v, path, out)) return false;
    } else return false;
  }
  return true;
}

/** Adds a path to the tree; false on a collision (`a` with `a.b`, or the same path twice). */
function addPath(root: Level, path: string[]): boolean {
  let level = root;
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    const last = i === path.length - 1;
    const existing = level.get(part);
    if (last) {
      if (existing !== undefined) return false;
      level.set(part, true);
      return true;
    }
    if (existing === true) return false;
    if (existing === undefined) {
      const next: Level = new Map();
      level.set(part, next);
      level = next;
    } else level = existing;
  }
  return true;
}

const MISSING = Symbol('missing');

function includeDoc(doc: Document, level: Level): Document {
  const out: Document = {};
  for (const k of Object.keys(doc)) {
    const node = level.get(k);
    if (node === undefined) continue;
    const v = doc[k] as unknown;
    if (node === true) out[k] = v;
    else {
      const r = includeValue(v, node);
      if (r !== MISSING) out[k] = r;
    }
  }
  return out;
}

function includeValue(v: unknown, level: Level): unknown {
  if (isPlainObject(v)) return includeDoc(v, level);
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v as unknown[]) {
      if (isPlainObject(x)) out.push(includeDoc(x, level));
      else if (Array.isArray(x)) out.push(includeValue(x, level));
    }
    return out;
  }
  return MISSING;
}

function excludeDoc(doc: Document, level: Level): Document {
  const out: Document = {};
  for (const k of Object.keys(doc)) {
    const node = level.get(k);
    const v = doc[k] as unknown;
    if (node === undefined) out[k] = v;
    else if (node !== true) out[k] = excludeValue(v, node);
  }
  return out;
}

function excludeValue(v: unknown, level: Level): unknown {
  if (isPlainObject(v)) return excludeDoc(v, level);
  if (Array.isArray(v)) return (v as unknown[]).map((x) => excludeValue(x, level));
  return v;
}

/**
 * Compiles `spec` (a find projection without `$meta` fields, non-empty) when it is a plain inclusion or
 * exclusion projection; null when mingo must handle it (see the module comment). The top-level `_id` follows
 * mongod: kept unless `_id: 0`; `{ _id: 1 }` alone keeps only `_id`, `{ _id: 0 }` alone drops only `_id`.
 */
export function compileSimpleProjection(spec: Document): Projector | null {
  const leaves: Array<[string[], boolean]> = [];
  if (!leavesOf(spec, [], leaves)) return null;
  let idFlag: boolean | undefined;
  const fields: Array<[string[], boolean]> = [];
  for (const leaf of leaves) {
    const [path, included] = leaf;
    if (path[0] === '_id') {
      if (path.length > 1 || idFlag !== undefined) return null;
      idFlag = included;
    } else fields.push(leaf);
  }
  const includes = fields.some(([, inc]) => inc);
  const excludes = fields.some(([, inc]) => !inc);
  if (includes && excludes) return null;
  const root: Level = new Map();
  for (const [path] of fields) if (!addPath(root, path)) return null;
  const inclusion = includes || (!excludes && idFlag === true);
  if (inclusion) {
    if (idFlag !== false) root.set('_id', true);
    return (doc) => includeDoc(doc, root);
  }
  if (idFlag === false) root.set('_id', true);
  return (doc) => excludeDoc(doc, root);
}

/**
 * A copy of the plain objects and arrays of `v` (BSON values and other class instances shared): what mingo's
 * projection may modify in place instead of the stored document.
 */
export function copyPlain<T>(v: T): T {
  if (Array.isArray(v)) return (v as unknown[]).map((x) => copyPlain(x)) as T;
  if (isPlainObject(v)) {
    const out: Document = {};
    for (const k of Object.keys(v)) out[k] = copyPlain(v[k] as unknown);
    return out as T;
  }
  return v;
}
