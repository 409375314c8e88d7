/**
 * One collection: documents in insertion order keyed by canonical _id, its B-tree indexes (always `_id_`)
 * and at most one text index. Every mutation validates first (unique keys, parallel arrays) and only
 * then touches state, so a failed write leaves nothing half-applied.
 */
import { randomUUID } from 'node:crypto';
import { UUID } from 'bson';
import type { Document } from 'bson';
import type { CollectionOptions, IndexSpec } from '../types';
import { EngineError } from '../errors';
import { BTreeIndex } from './btree';
import { TextIndex } from './text';
import { renderValue, valueKey } from './values';

export type AnyIndex = BTreeIndex | TextIndex;

export class Collection {
  readonly docs = new Map<string, Document>();
  readonly indexes = new Map<string, AnyIndex>();
  readonly uuid = new UUID(randomUUID());

  constructor(
    public db: string,
    public name: string,
    public options: CollectionOptions = {},
  ) {
    this.indexes.set('_id_', new BTreeIndex({ v: 2, key: { _id: 1 }, name: '_id_' }));
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get textIndex(): TextIndex | undefined {
    if (this.textCache === undefined) {
      this.textCache = null;
      for (const ix of this.indexes.values()) if (ix instanceof TextIndex) this.textCache = ix;
    }
    return this.textCache ?? undefined;
  }

  private btreeCache: BTreeIndex[] | null = null;
  private textCache: TextIndex | null | undefined = undefined;

  btrees(): BTreeIndex[] {
    if (this.btreeCache) return this.btreeCache;
    const out: BTreeIndex[] = [];
    for (const ix of this.indexes.values()) if (ix instanceof BTreeIndex) out.push(ix);
    return (this.btreeCache = out);
  }

  private invalidate(): void {
    this.btreeCache = null;
    this.textCache = undefined;
  }

  get(idKey: string): Document | undefined {
    return this.docs.get(idKey);
  }

  duplicateError(ix: BTreeIndex, tuple: unknown[]): EngineError {
    const keyValue: Document = {};
    ix.fields.forEach((f, i) => (keyValue[f.path] = tuple[i] === undefined ? null : tuple[i]));
    const rendered = ix.fields.map((f, i) => `${f.path}: ${renderValue(tuple[i])}`).join(', ');
    // mongod names a collated index's collation in the message (its dup key shows ICU's collation key
    // bytes; here keyValue holds the value as stored).
    const collationText = ix.collator ? ` collation: ${renderValue(ix.spec.collation)}` : '';
    return new EngineError(
      11000,
      'DuplicateKey',
      `E11000 duplicate key error collection: ${this.ns} index: ${ix.name}${collationText} dup key: { ${rendered} }`,
      { keyPattern: { ...ix.spec.key }, keyValue },
    );
  }

  /** Computes index keys for `doc` and checks unique constraints (ignoring `selfId`). */
  private prepare(doc: Document, selfId: string): Map<BTreeIndex, unknown[][] | null> {
    const keys = new Map<BTreeIndex, unknown[][] | null>();
    for (const ix of this.btrees()) {
      const tuples = ix.keysFor(doc);
      const clash = tuples ? ix.conflict(tuples, selfId) : null;
      if (clash) throw this.duplicateError(ix, clash);
      keys.set(ix, tuples);
    }
    return keys;
  }

  insert(doc: Document): string {
    const id = valueKey(doc._id);
    if (this.docs.has(id)) throw this.duplicateError(this.indexes.get('_id_') as BTreeIndex, [doc._id]);
    const keys = this.prepare(doc, id);
    this.docs.set(id, doc);
    for (const [ix, tuples] of keys) ix.add(id, tuples);
    this.textIndex?.add(id, doc);
    return id;
  }

  replace(id: string, doc: Document): void {
    const keys = this.prepare(doc, id);
    const old = this.docs.get(id);
    for (const [ix, tuples] of keys) {
      if (old) ix.update(id, old, tuples);
      else ix.add(id, tuples);
    }
    const text = this.textIndex;
    if (text) {
      text.remove(id);
      text.add(id, doc);
    }
    this.docs.set(id, doc);
  }

  delete(id: string): boolean {
    const old = this.docs.get(id);
    if (!old) return false;
    for (const ix of this.btrees()) ix.remove(id, old);
    this.textIndex?.remove(id);
    this.docs.delete(id);
    return true;
  }

  /** Start-up fast path: documents appended without per-insert index maintenance; call rebuildIndexes after. */
  loadDocument(doc: Document): void {
    this.docs.set(valueKey(doc._id), doc);
  }

  /** Start-up build: unique and text indexes now, other B-trees lazily (first use or `buildPending`). */
  rebuildIndexes(): void {
    for (const ix of this.indexes.values()) {
      if (ix instanceof BTreeIndex && ix.deferBuild(this.docs)) continue;
      this.buildIndex(ix);
    }
  }

  /** Builds one deferred index; returns false when none is left. */
  buildOnePending(): boolean {
    for (const ix of this.btrees()) {
      if (ix.isPending) {
        ix.ensureBuilt();
        return true;
      }
    }
    return false;
  }

  private buildIndex(ix: AnyIndex): void {
    if (ix instanceof BTreeIndex) {
      ix.build(this.docs.entries(), (tuple) => {
        throw this.duplicateError(ix, tuple);
      });
    } else {
      ix.clear();
      for (const [id, doc] of this.docs) ix.add(id, doc);
    }
  }

  /** Adds an index and builds it; on a unique violation the index is not added. */
  addIndex(spec: IndexSpec): void {
    const ix = isTextSpec(spec) ? new TextIndex(spec) : new BTreeIndex(spec);
    this.buildIndex(ix);
    this.indexes.set(spec.name, ix);
    this.invalidate();
  }

  /** Registers an index without building it (start-up; rebuildIndexes follows). */
  registerIndex(spec: IndexSpec): void {
    this.indexes.set(spec.name, isTextSpec(spec) ? new TextIndex(spec) : new BTreeIndex(spec));
    this.invalidate();
  }

  dropIndex(name: string): boolean {
    const ok = this.indexes.delete(name);
    this.invalidate();
    return ok;
  }

  specs(): IndexSpec[] {
    return [...this.indexes.values()].map((ix) => ix.spec);
  }
}

export function isTextSpec(spec: IndexSpec): boolean {
  return Object.values(spec.key).some((v) => v === 'text') || '_fts' in spec.key;
}
