/**
 * Secondary (and _id) indexes: a sorted array of entries (binary search for equality and range scans,
 * ordered iteration for sort+limit) plus a hash map from full key to ids for unique indexes.
 * Multikey: a document gets one entry per array element (parallel arrays in a compound index refused).
 * An index with a (non-simple) collation orders its string keys with that collation's collator, and a
 * unique one compares keys with it (the sorted entries answer "is an equal key there?"; no hash map,
 * since collator-equal strings have no cheap canonical form: `Intl.Collator` exposes no sort keys).
 */
import { Query } from './mingo';
import type { Document } from 'bson';
import type { IndexSpec } from '../types';
import { MINGO_BASE, compareValues, isPlainObject, pathValues, valueKey } from './values';
import type { StringCompare } from './values';
import { collator } from './collation';
import { EngineError } from '../errors';
import { SortedList } from './sortedlist';
import type { Pos } from './sortedlist';

export const LOW: unique symbol = Symbol('low');
export const HIGH: unique symbol = Symbol('high');
export type Bound = unknown; // a value, LOW or HIGH

export interface IndexEntry {
  k: unknown[];
  id: string;
}

export interface IndexField {
  path: string;
  dir: 1 | -1;
}

function cmpKeyPart(a: unknown, b: unknown, dir: number, cmp: StringCompare | undefined): number {
  if (a === b) return 0;
  if (a === LOW) return -1;
  if (b === LOW) return 1;
  if (a === HIGH) return 1;
  if (b === HIGH) return -1;
  return compareValues(a, b, cmp) * dir;
}

export class BTreeIndex {
  readonly kind = 'btree';
  readonly fields: IndexField[];
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly partial: Query | null;
  readonly ttlSeconds: number | undefined;
  /** String comparison of the index's collation; undefined = simple (binary). */
  readonly collator: StringCompare | undefined;
  private readonly list = new SortedList<IndexEntry>();
  /** Set when the sorted structure is still to be built from these documents (lazy start-up build). */
  private pending: Map<string, Document> | null = null;

  /** Defers building until first use (start-up); non-unique indexes only. */
  deferBuild(docs: Map<string, Document>): boolean {
    if (this.hashed) return false;
    this.list.clear();
    this.pending = docs;
    return true;
  }

  get isPending(): boolean {
    return this.pending !== null;
  }

  /** Builds a deferred index now (before any mutation of the document map it was given). */
  ensureBuilt(): void {
    const docs = this.pending;
    if (!docs) return;
    this.pending = null;
    this.build(docs.entries(), () => {
      throw new Error('unexpected duplicate in a non-unique index');
    });
  }

  get entries(): SortedList<IndexEntry> {
    if (this.pending) this.ensureBuilt();
    return this.list;
  }
  /** full key → id, unique indexes except _id (the collection's document map covers _id). */
  private readonly eq = new Map<string, string>();
  private readonly hashed: boolean;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.entries(spec.key).map(([path, d]) => ({
      path,
      dir: d === -1 || d === '-1' ? -1 : 1,
    }));
    this.unique = spec.unique === true;
    this.sparse = spec.sparse === true;
    this.partial = isPlainObject(spec.partialFilterExpression)
      ? new Query(spec.partialFilterExpression, MINGO_BASE)
      : null;
    this.ttlSeconds = typeof spec.expireAfterSeconds === 'number' ? spec.expireAfterSeconds : undefined;
    this.collator = isPlainObject(spec.collation) ? collator(spec.collation) : undefined;
    this.hashed = this.unique && spec.name !== '_id_' && !this.collator;
    this.collatedUnique = this.unique && !!this.collator;
  }

  /** Unique with a collation: duplicates are found in the sorted entries with the collator. */
  private readonly collatedUnique: boolean;

  get name(): string {
    return this.spec.name;
  }

  /** Key tuples of a document, or null when the document is not in this index (sparse/partial). */
  keysFor(doc: Document): unknown[][] | null {
    if (this.pending) this.ensureBuilt();
    if (this.partial && !this.partial.test(doc)) return null;
    if (this.fields.length === 1) {
      const path = this.fields[0].path;
      if (!path.includes('.')) {
        const v = doc[path] as unknown;
        if (v === undefined && !(path in doc)) return this.sparse ? null : [[null]];
        if (!Array.isArray(v)) return [[v]];
      }
    }
    const perField: unknown[][] = [];
    let anyPresent = false;
    let arrays = 0;
    for (const f of this.fields) {
      const vals = pathValues(doc, f.path);
      if (vals.length === 0) {
        perField.push([null]);
        continue;
      }
      anyPresent = true;
      const expanded: unknown[] = [];
      let isMulti = vals.length > 1;
      for (const v of vals) {
        if (Array.isArray(v)) {
          isMulti = true;
          if (v.length === 0) expanded.push(undefined);
          else for (const x of v) expanded.push(x);
        } else expanded.push(v);
      }
      if (isMulti) {
        arrays++;
        this.multikeyPossible = true;
      }
      perField.push(dedupe(expanded, this.collator));
    }
    if (this.sparse && !anyPresent) return null;
    if (arrays > 1)
      throw new EngineError(
        171,
        'CannotIndexParallelArrays',
        `cannot index parallel arrays [${this.fields.map((f) => f.path).join('] [')}]`,
      );
    let tuples: unknown[][] = [[]];
    for (const vals of perField) {
      const next: unknown[][] = [];
      for (const t of tuples) for (const v of vals) next.push([...t, v]);
      tuples = next;
    }
    return tuples;
  }

  static tupleKey(k: unknown[]): string {
    return k.length === 1 ? valueKey(k[0]) : k.map((v) => JSON.stringify(valueKey(v))).join(',');
  }

  compareEntry(
    ak: unknown[],
    aid: string | typeof LOW | typeof HIGH,
    bk: unknown[],
    bid: string | typeof LOW | typeof HIGH,
  ): number {
    for (let i = 0; i < this.fields.length; i++) {
      const c = cmpKeyPart(ak[i], bk[i], this.fields[i]?.dir ?? 1, this.collator);
      if (c !== 0) return c;
    }
    if (aid === bid) return 0;
    if (aid === LOW || bid === HIGH) return -1;
    if (aid === HIGH || bid === LOW) return 1;
    return aid < bid ? -1 : 1;
  }

  /** Ids already holding one of `tuples` (excluding `selfId`), for unique checks. */
  conflict(tuples: unknown[][], selfId: string): unknown[] | null {
    if (this.collatedUnique) {
      for (const t of tuples) {
        const [s, e] = this.range(t, t);
        for (const entry of this.entries.between(s, e, false)) if (entry.id !== selfId) return t;
      }
      return null;
    }
    if (!this.hashed) return null;
    for (const t of tuples) {
      const id = this.eq.get(BTreeIndex.tupleKey(t));
      if (id !== undefined && id !== selfId) return t;
    }
    return null;
  }

  private probe(k: unknown[], id: string | typeof LOW | typeof HIGH): (e: IndexEntry) => number {
    return (e) => this.compareEntry(e.k, e.id, k, id);
  }

  add(id: string, tuples: unknown[][] | null): void {
    if (!tuples) return;
    for (const k of tuples) {
      this.list.insert({ k, id }, this.probe(k, id));
      if (this.hashed) this.eq.set(BTreeIndex.tupleKey(k), id);
    }
  }

  /** Moves `id` from the keys of `oldDoc` to `tuples`; no-op when the keys did not change. */
  update(id: string, oldDoc: Document, tuples: unknown[][] | null): void {
    let old: unknown[][] | null;
    try {
      old = this.keysFor(oldDoc);
    } catch {
      old = null;
    }
    if (
      old &&
      tuples &&
      old.length === tuples.length &&
      old.every(
        (k, i) =>
          this.compareEntry(k, id, tuples[i], id) === 0 &&
          BTreeIndex.tupleKey(k) === BTreeIndex.tupleKey(tuples[i]),
      )
    )
      return;
    if (old === null && tuples === null) return;
    this.remove(id, oldDoc);
    this.add(id, tuples);
  }

  /** Removes the entries `doc` (the stored version of `id`) produced. */
  remove(id: string, doc: Document): void {
    let tuples: unknown[][] | null;
    try {
      tuples = this.keysFor(doc);
    } catch {
      tuples = null;
    }
    if (!tuples) return;
    for (const k of tuples) {
      this.list.removeMatching(this.probe(k, id));
      if (this.hashed) {
        const key = BTreeIndex.tupleKey(k);
        if (this.eq.get(key) === id) this.eq.delete(key);
      }
    }
  }

  /** Rebuilds from scratch (start-up, createIndex). Throws E11000 info via `onDuplicate` for unique clashes. */
  build(docs: Iterable<[string, Document]>, onDuplicate: (tuple: unknown[]) => never): void {
    this.pending = null;
    this.list.clear();
    this.eq.clear();
    const all: IndexEntry[] = [];
    for (const [id, doc] of docs) {
      const tuples = this.keysFor(doc);
      if (!tuples) continue;
      for (const k of tuples) {
        all.push({ k, id });
        if (this.hashed) {
          const key = BTreeIndex.tupleKey(k);
          const prev = this.eq.get(key);
          if (prev !== undefined && prev !== id) {
            this.eq.clear();
            onDuplicate(k);
          }
          this.eq.set(key, id);
        }
      }
    }
    all.sort((a, b) => this.compareEntry(a.k, a.id, b.k, b.id));
    if (this.collatedUnique) {
      for (let i = 1; i < all.length; i++) {
        const a = all[i - 1];
        const b = all[i];
        if (a.id !== b.id && this.compareEntry(a.k, LOW, b.k, LOW) === 0) onDuplicate(b.k);
      }
    }
    this.list.load(all);
  }

  clear(): void {
    this.pending = null;
    this.list.clear();
    this.eq.clear();
  }

  /** Positions [from, to) of entries between two (possibly partial) key prefixes, inclusive. */
  range(lo: unknown[], hi: unknown[]): [Pos, Pos] {
    const pad = (k: unknown[], fill: symbol): unknown[] => {
      const out = [...k];
      while (out.length < this.fields.length) out.push(fill);
      return out;
    };
    return [
      this.entries.lowerBound(this.probe(pad(lo, LOW), LOW)),
      this.entries.lowerBound(this.probe(pad(hi, HIGH), HIGH)),
    ];
  }

  /** Ids for one exact full key via the hash map (unique indexes other than _id). */
  exact(k: unknown[]): string | undefined {
    return this.hashed ? this.eq.get(BTreeIndex.tupleKey(k)) : undefined;
  }

  /** True once any document produced more than one entry (arrays): scans must de-duplicate. */
  multikeyPossible = false;

  get isHashed(): boolean {
    return this.hashed;
  }
}

function dedupe(vals: unknown[], cmp: StringCompare | undefined): unknown[] {
  if (vals.length < 2) return vals;
  if (cmp) {
    // Collator-equal strings ("a", "A" at strength 1) are one key, as in an ICU-keyed index.
    const kept: unknown[] = [];
    for (const v of vals) if (!kept.some((k) => compareValues(k, v, cmp) === 0)) kept.push(v);
    return kept;
  }
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const v of vals) {
    const k = valueKey(v);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}
