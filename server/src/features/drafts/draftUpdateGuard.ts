import * as Y from 'yjs';
import { DRAFT_FRAGMENT } from '@polos/shared';
import { inspectFragment, ProvenanceSigner } from './draftDocument';

/**
 * Why an update was refused: it does not apply, it depends on unknown changes, the editor schema cannot
 * represent the result (e.g. text at the top level, an unknown node), or it sets quote provenance the server did
 * not sign.
 */
export type RejectReason = 'malformed' | 'missing_dependencies' | 'unrepresentable' | 'forged_provenance';

export type UpdateVerdict = { ok: true; changed: boolean } | { ok: false; reason: RejectReason };

/**
 * A live document guarded by a scratch twin. An untrusted update is applied to the scratch copy first: if
 * it throws (Yjs may have integrated part of it by then) or leaves pending structs or pending deletes
 * (missing dependencies), the scratch copy is rebuilt from the live document and the update is refused;
 * the live document only ever receives updates that applied cleanly to an identical state. The scratch result
 * must also be a document the shared editor schema can represent, with only server-signed quote provenance
 * (`inspectFragment`); otherwise the update is refused the same way, so no editor can be broken by one update.
 * Keeping the twin resident makes applying O(update) instead of copying the document per update; the schema check
 * is one pass over the document.
 */
export class GuardedDoc {
  private scratch: Y.Doc;

  /** @param signer verifies quote provenance (the hub's; a random-key one when omitted). */
  constructor(
    readonly live: Y.Doc,
    private readonly signer: ProvenanceSigner = new ProvenanceSigner(),
  ) {
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
    const problems = inspectFragment(this.scratch.getXmlFragment(DRAFT_FRAGMENT), this.signer);
    if (problems.unrepresentable.length > 0 || problems.unsignedProvenance.length > 0) {
      this.rebuildScratch();
      return {
        ok: false,
        reason: problems.unrepresentable.length > 0 ? 'unrepresentable' : 'forged_provenance',
      };
    }
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
