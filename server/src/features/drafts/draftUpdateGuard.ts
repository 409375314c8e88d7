import * as Y from 'yjs';

/** Why an update was refused. */
export type RejectReason = 'malformed' | 'missing_dependencies';

export type UpdateVerdict = { ok: true; changed: boolean } | { ok: false; reason: RejectReason };

/**
 * A live document guarded by a scratch twin. An untrusted update is applied to the scratch copy first: if
 * it throws (Yjs may have integrated part of it by then) or leaves pending structs or pending deletes
 * (missing dependencies), the scratch copy is rebuilt from the live document and the update is refused;
 * the live document only ever receives updates that applied cleanly to an identical state.
 * Keeping the twin resident makes the happy path O(update) instead of copying the document per update.
 */
export class GuardedDoc {
  private scratch: Y.Doc;

  constructor(readonly live: Y.Doc) {
    this.scratch = GuardedDoc.copy(live);
  }

  private static copy(doc: Y.Doc): Y.Doc {
    const twin = new Y.Doc({ gc: doc.gc });
    Y.applyUpdateV2(twin, Y.encodeStateAsUpdateV2(doc));
    return twin;
  }

  /** Validates and applies one v1 update; `changed` false means it added nothing (already known). */
  apply(update: Uint8Array, origin: unknown): UpdateVerdict {
    let changed = false;
    const observe = (tr: Y.Transaction) => {
      if (tr.deleteSet.clients.size > 0) changed = true;
      else
        for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) changed = true;
    };
    this.scratch.on('afterTransaction', observe);
    try {
      Y.applyUpdate(this.scratch, update, origin);
    } catch {
      this.rebuildScratch();
      return { ok: false, reason: 'malformed' };
    } finally {
      this.scratch.off('afterTransaction', observe);
    }
    if (this.scratch.store.pendingStructs !== null || this.scratch.store.pendingDs !== null) {
      this.rebuildScratch();
      return { ok: false, reason: 'missing_dependencies' };
    }
    if (!changed) return { ok: true, changed: false };
    Y.applyUpdate(this.live, update, origin);
    return { ok: true, changed: true };
  }

  private rebuildScratch(): void {
    this.scratch.destroy();
    this.scratch = GuardedDoc.copy(this.live);
  }

  destroy(): void {
    this.scratch.destroy();
    this.live.destroy();
  }
}
