/**
 * All databases and collections in memory. `apply` replays journal effects; `snapshot`/`load` convert
 * to and from the persistence snapshot format.
 */
import type { Document } from 'bson';
import type { CollectionOptions, Effect, SnapshotData } from '../types';
import { Collection } from './collection';
import { valueKey } from './values';

export class Store {
  readonly dbs = new Map<string, Map<string, Collection>>();

  getColl(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** Creates the collection (in memory) if missing; records a createCollection effect when it does. */
  ensureColl(db: string, name: string, effects: Effect[], options: CollectionOptions = {}): Collection {
    const existing = this.getColl(db, name);
    if (existing) return existing;
    const coll = this.createColl(db, name, options);
    effects.push({ op: 'createCollection', db, coll: name, options });
    return coll;
  }

  createColl(db: string, name: string, options: CollectionOptions = {}): Collection {
    let d = this.dbs.get(db);
    if (!d) this.dbs.set(db, (d = new Map<string, Collection>()));
    const coll = new Collection(db, name, options);
    d.set(name, coll);
    return coll;
  }

  dropColl(db: string, name: string): boolean {
    const d = this.dbs.get(db);
    if (!d?.delete(name)) return false;
    if (d.size === 0) this.dbs.delete(db);
    return true;
  }

  rename(db: string, name: string, toDb: string, toName: string): void {
    const coll = this.getColl(db, name);
    if (!coll) return;
    this.dropColl(db, name);
    this.dropColl(toDb, toName);
    let d = this.dbs.get(toDb);
    if (!d) this.dbs.set(toDb, (d = new Map<string, Collection>()));
    coll.db = toDb;
    coll.name = toName;
    d.set(toName, coll);
  }

  /** Applies one journal effect (replay). Unique checks are skipped: the journal only holds valid states. */
  apply(e: Effect): void {
    switch (e.op) {
      case 'insert': {
        const coll = this.getColl(e.db, e.coll) ?? this.createColl(e.db, e.coll);
        const id = valueKey(e.doc._id);
        if (coll.docs.has(id)) coll.replace(id, e.doc);
        else coll.insert(e.doc);
        break;
      }
      case 'replace': {
        const coll = this.getColl(e.db, e.coll) ?? this.createColl(e.db, e.coll);
        const id = valueKey(e.id);
        if (coll.docs.has(id)) coll.replace(id, e.doc);
        else coll.insert(e.doc);
        break;
      }
      case 'delete':
        this.getColl(e.db, e.coll)?.delete(valueKey(e.id));
        break;
      case 'createCollection': {
        const existing = this.getColl(e.db, e.coll);
        if (!existing) this.createColl(e.db, e.coll, e.options ?? {});
        else if (e.options && Object.keys(e.options).length > 0) existing.options = e.options; // collMod journals new options this way
        break;
      }
      case 'dropCollection':
        this.dropColl(e.db, e.coll);
        break;
      case 'renameCollection':
        this.rename(e.db, e.coll, e.toDb, e.toColl);
        break;
      case 'createIndex': {
        const coll = this.getColl(e.db, e.coll) ?? this.createColl(e.db, e.coll);
        if (!coll.indexes.has(e.spec.name)) coll.addIndex(e.spec);
        break;
      }
      case 'dropIndex':
        this.getColl(e.db, e.coll)?.dropIndex(e.name);
        break;
      case 'dropDatabase':
        this.dbs.delete(e.db);
        break;
    }
  }

  load(snapshot: SnapshotData): void {
    for (const db of snapshot.databases) {
      for (const c of db.collections) {
        const coll = this.createColl(db.name, c.name, c.options);
        for (const doc of c.documents) coll.loadDocument(doc);
        for (const spec of c.indexes) {
          if (spec.name === '_id_') continue;
          coll.registerIndex(spec);
        }
        coll.rebuildIndexes();
      }
    }
  }

  /** Builds deferred indexes one at a time, yielding to the event loop between them. */
  async buildPendingIndexes(): Promise<number> {
    let built = 0;
    for (const colls of [...this.dbs.values()]) {
      for (const coll of [...colls.values()]) {
        while (coll.buildOnePending()) {
          built++;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    }
    return built;
  }

  /**
   * The state as of now, for a snapshot written over many event-loop turns while writes go on. Only
   * references are taken (~1 ms per 100k documents): a write never mutates a stored document or index
   * spec, it stores a new object (`Collection.replace`, updates work on a clone), so the documents
   * captured here keep their values. Collection options are the exception (collMod sets keys on the
   * object), so they are copied.
   */
  snapshot(): SnapshotData {
    const databases: SnapshotData['databases'] = [];
    for (const [name, colls] of this.dbs) {
      databases.push({
        name,
        collections: [...colls.values()].map((c) => ({
          name: c.name,
          options: { ...c.options },
          indexes: c.specs(),
          documents: [...c.docs.values()] as Document[],
        })),
      });
    }
    return { databases };
  }
}
