import * as Y from 'yjs';
import { DRAFT_FRAGMENT } from '@polos/shared';
import { inspectFragment, ProvenanceSigner, type YNode } from './draftDocument';

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
 * is incremental: the scratch document was representable before the update, and top-level blocks are checked
 * independently, so only the blocks holding a type the update changed are inspected (the whole fragment when the
 * update changed the top level itself: a block inserted, deleted or moved).
 */
export class GuardedDoc {
  private scratch: Y.Doc;

  /** What the scratch twin's last transactions changed (collected by one listener, reset per update). */
  private touched: Array<Y.AbstractType<unknown>> = [];
  private changed = false;
  private readonly observe = (tr: Y.Transaction): void => {
    for (const type of tr.changed.keys()) this.touched.push(type as Y.AbstractType<unknown>);
    if (!this.changed) this.changed = addsSomething(tr);
  };

  /** @param signer verifies quote provenance (the hub's; a random-key one when omitted). */
  constructor(
    readonly live: Y.Doc,
    private readonly signer: ProvenanceSigner = new ProvenanceSigner(),
  ) {
    this.scratch = this.twinOf(live);
  }

  /** A scratch twin of `doc`, observed by {@link observe} (one listener for its lifetime, none per update). */
  private twinOf(doc: Y.Doc): Y.Doc {
    const twin = GuardedDoc.copy(doc);
    twin.on('afterTransaction', this.observe);
    return twin;
  }

  private static copy(doc: Y.Doc): Y.Doc {
    const twin = new Y.Doc({ gc: doc.gc });
    // Typed before any update: a root type first seen in an update is a generic placeholder that
    // `getXmlFragment` later replaces, and the incremental check must compare with the instance transactions see.
    twin.getXmlFragment(DRAFT_FRAGMENT);
    Y.applyUpdateV2(twin, Y.encodeStateAsUpdateV2(doc));
    return twin;
  }

  /** Validates and applies one v1 update; `changed` false means it added nothing (already known). */
  apply(update: Uint8Array, origin: unknown): UpdateVerdict {
    this.touched = [];
    this.changed = false;
    try {
      Y.applyUpdate(this.scratch, update, origin);
    } catch {
      this.rebuildScratch();
      return { ok: false, reason: 'malformed' };
    }
    if (this.scratch.store.pendingStructs !== null || this.scratch.store.pendingDs !== null) {
      this.rebuildScratch();
      return { ok: false, reason: 'missing_dependencies' };
    }
    if (!this.changed) {
      this.touched = [];
      return { ok: true, changed: false };
    }
    const fragment = this.scratch.getXmlFragment(DRAFT_FRAGMENT);
    const problems = inspectFragment(fragment, this.signer, undefined, touchedBlocks(fragment, this.touched));
    this.touched = [];
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

  /**
   * Applies an update another process's guard accepted (cross-process relay): to the scratch twin first, so the
   * live document never holds pending structs. `pending`: it depends on updates this process has not seen (a
   * missed relay message) — nothing was applied; the caller catches up from the durable log and retries.
   */
  applyTrusted(update: Uint8Array, origin: unknown): 'applied' | 'unchanged' | 'pending' {
    this.touched = [];
    this.changed = false;
    try {
      Y.applyUpdate(this.scratch, update, origin);
    } catch {
      this.rebuildScratch();
      return 'pending';
    }
    if (this.scratch.store.pendingStructs !== null || this.scratch.store.pendingDs !== null) {
      this.rebuildScratch();
      return 'pending';
    }
    // The scratch twin's transaction already told whether the update adds anything.
    this.touched = [];
    if (!this.changed) return 'unchanged';
    Y.applyUpdate(this.live, update, origin);
    return 'applied';
  }

  private rebuildScratch(): void {
    this.scratch.destroy();
    this.scratch = this.twinOf(this.live);
    this.touched = [];
  }

  destroy(): void {
    this.scratch.destroy();
    this.live.destroy();
  }
}

/** Whether a transaction added structs or deletions (an update already known adds neither). */
function addsSomething(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true;
  return false;
}

/**
 * The top-level blocks of `fragment` that contain one of the changed types; null when the fragment itself changed
 * (then every block is inspected). Types outside the fragment and blocks deleted earlier are skipped.
 */
function touchedBlocks(
  fragment: Y.XmlFragment,
  touched: ReadonlyArray<Y.AbstractType<unknown>>,
): Set<YNode> | undefined {
  const blocks = new Set<YNode>();
  for (const type of touched) {
    // A root type changed (the fragment's own children): inspect every block.
    if (type._item === null || type === (fragment as unknown)) return undefined;
    // Walk up to the child of a root type; keep it when that root is the fragment and it is not deleted.
    for (let node: Y.AbstractType<unknown> = type; node._item;) {
      const parent = node._item.parent;
      if (!(parent instanceof Y.AbstractType)) break;
      if (parent._item === null) {
        if (parent === (fragment as unknown) && !node._item.deleted) blocks.add(node as unknown as YNode);
        break;
      }
      node = parent as Y.AbstractType<unknown>;
    }
  }
  return blocks;
}
