import * as Y from 'yjs';
import { DRAFT_FRAGMENT } from '@polos/shared';
import type { NodeType } from '@tiptap/pm/model';
import { draftSchema } from '@polos/shared/editor';
import { inspectFragment, ProvenanceSigner, type FragmentProblems, type YNode } from './draftDocument';

/**
 * Why an update was refused: it does not apply, it depends on unknown changes, the editor schema cannot
 * represent the result (e.g. text at the top level, an unknown node), or it sets quote provenance the server did
 * not sign.
 */
export type RejectReason = 'malformed' | 'missing_dependencies' | 'unrepresentable' | 'forged_provenance';

export type UpdateVerdict = { ok: true; changed: boolean } | { ok: false; reason: RejectReason };

/** Accepted updates after which the rollback copy is due to catch up (in one transaction; see `rollbackDue`). */
const BACKUP_LAG = 64;
/** Accepted updates the rollback copy may trail by at most: past this, `apply` catches it up itself. */
const MAX_BACKUP_LAG = 4 * BACKUP_LAG;

/**
 * A draft's live document, guarded. An untrusted update is applied to the live document and checked there: if it
 * throws (Yjs may have integrated part of it by then) or leaves pending structs or pending deletes (missing
 * dependencies), or the result is a document the shared editor schema cannot represent or holds quote provenance
 * the server did not sign (`inspectFragment`), the update is refused and the live document is replaced by a copy of
 * the rollback twin, which holds only accepted updates — so what `live` shows (to every reader, between calls) only
 * ever results from accepted updates, and no editor can be broken by one update. `live` is therefore a different
 * `Y.Doc` after a refusal: read it through this getter, never keep it.
 *
 * Why this way round: each Yjs transaction costs O(clients of the document) besides the update itself (state
 * vectors before and after), and a draft edited over a year gathers a client id per editor session. Checking on a
 * scratch twin and then applying to the live document paid that twice per keystroke; here the rollback twin catches
 * up {@link BACKUP_LAG} accepted updates at a time in one transaction — when its owner calls
 * {@link catchUpRollbackCopy} after relaying (the hub does, at the end of the turn), or itself past
 * {@link MAX_BACKUP_LAG} — and a refusal (rare: a faulty or hostile client, limited by strikes) pays the catch-up and
 * a copy.
 *
 * Changes outside the editor's fragment (another root type: data no editor or export shows) are refused too.
 *
 * The schema check is incremental: the document was representable before the update, and top-level blocks are
 * checked independently (each against the top node's content, see `inspectFragment`), so only the blocks holding a
 * type the update changed and the top-level items it inserted are inspected. Deleting a top-level block cannot make
 * the others unrepresentable, so a new paragraph (Enter) costs one block, not a pass over the whole draft.
 */
export class GuardedDoc {
  /** The checked document readers see (see `live`). */
  private current: Y.Doc;
  /** `current` minus the accepted updates in `behind` (applied in batches): what a refusal rolls back to. */
  private backup: Y.Doc;
  private behind: Uint8Array[] = [];

  /** What the live document's last transactions changed (collected by one listener, reset per update). */
  private touched: Array<Y.AbstractType<unknown>> = [];
  /** State vector before the first transaction of this update that changed the top level (null: none did). */
  private topLevelSince: Map<number, number> | null = null;
  private changed = false;
  private readonly observe = (tr: Y.Transaction): void => {
    for (const type of tr.changed.keys()) {
      if (type === (this.fragment as unknown)) this.topLevelSince ??= tr.beforeState;
      else this.touched.push(type as Y.AbstractType<unknown>);
    }
    if (!this.changed) this.changed = addsSomething(tr);
  };
  /** The live document's editor fragment (typed before any update, so transactions report this instance). */
  private fragment!: Y.XmlFragment;

  /**
   * @param doc the loaded document; it is the live document until the first refusal.
   * @param signer verifies quote provenance (the hub's; a random-key one when omitted).
   */
  constructor(
    doc: Y.Doc,
    private readonly signer: ProvenanceSigner = new ProvenanceSigner(),
  ) {
    this.current = this.observed(doc);
    this.backup = GuardedDoc.copy(doc);
  }

  /** The live document: every accepted update, nothing else. Replaced after a refusal: do not keep it. */
  get live(): Y.Doc {
    return this.current;
  }

  /** Observes `doc` with {@link observe} (one listener for its lifetime, none per update). */
  private observed(doc: Y.Doc): Y.Doc {
    // Typed before any update: a root type first seen in an update is a generic placeholder that `getXmlFragment`
    // replaces, and the incremental check must compare with the instance transactions see.
    this.fragment = doc.getXmlFragment(DRAFT_FRAGMENT);
    doc.on('afterTransaction', this.observe);
    return doc;
  }

  private static copy(doc: Y.Doc): Y.Doc {
    const twin = new Y.Doc({ gc: doc.gc });
    twin.getXmlFragment(DRAFT_FRAGMENT);
    Y.applyUpdateV2(twin, Y.encodeStateAsUpdateV2(doc));
    return twin;
  }

  /** Validates and applies one v1 update; `changed` false means it added nothing (already known). */
  apply(update: Uint8Array, origin: unknown): UpdateVerdict {
    this.reset();
    try {
      Y.applyUpdate(this.current, update, origin);
    } catch {
      this.rollBack();
      return { ok: false, reason: 'malformed' };
    }
    if (this.current.store.pendingStructs !== null || this.current.store.pendingDs !== null) {
      this.rollBack();
      return { ok: false, reason: 'missing_dependencies' };
    }
    if (!this.changed) {
      this.reset();
      return { ok: true, changed: false };
    }
    // The editor reads only its fragment: anything stored beside it (another root type) is hidden data.
    if (changesOutside(this.fragment, this.touched)) {
      this.rollBack();
      return { ok: false, reason: 'unrepresentable' };
    }
    // Typing and deleting unformatted characters (most updates) cannot make a block unrepresentable.
    const plain = this.topLevelSince === null && onlyPlainText(this.touched);
    const blocks = plain ? null : touchedBlocks(this.fragment, this.touched, this.topLevelSince);
    this.reset();
    const problems = blocks ? inspectFragment(this.fragment, this.signer, undefined, blocks) : NO_PROBLEMS;
    if (problems.unrepresentable.length > 0 || problems.unsignedProvenance.length > 0) {
      this.rollBack();
      return {
        ok: false,
        reason: problems.unrepresentable.length > 0 ? 'unrepresentable' : 'forged_provenance',
      };
    }
    this.accepted(update);
    return { ok: true, changed: true };
  }

  /**
   * Applies an update another process's guard accepted (cross-process relay). `pending`: it depends on updates this
   * process has not seen (a missed relay message) — nothing was applied (the live document never holds pending
   * structs); the caller catches up from the durable log and retries.
   */
  applyTrusted(update: Uint8Array, origin: unknown): 'applied' | 'unchanged' | 'pending' {
    this.reset();
    try {
      Y.applyUpdate(this.current, update, origin);
    } catch {
      this.rollBack();
      return 'pending';
    }
    if (this.current.store.pendingStructs !== null || this.current.store.pendingDs !== null) {
      this.rollBack();
      return 'pending';
    }
    // The transaction already told whether the update adds anything.
    const changed = this.changed;
    this.reset();
    if (!changed) return 'unchanged';
    this.accepted(update);
    return 'applied';
  }

  private accepted(update: Uint8Array): void {
    this.behind.push(update);
    if (this.behind.length >= MAX_BACKUP_LAG) this.catchUpRollbackCopy();
  }

  /**
   * Whether the rollback copy trails by {@link BACKUP_LAG} accepted updates or more: the owner should call
   * {@link catchUpRollbackCopy} once the updates of this turn are relayed (so no relay waits for the catch-up, a
   * transaction over the whole batch); `apply` does it itself past {@link MAX_BACKUP_LAG}.
   */
  get rollbackDue(): boolean {
    return this.behind.length >= BACKUP_LAG;
  }

  /**
   * Applies the accepted updates the rollback twin lacks, in one transaction. They applied cleanly to an identical
   * state, and Yjs is deterministic, so this does not throw; if it ever did, the error propagates and the owner must
   * drop the document and reload it from the durable log (the hub drops the room).
   */
  catchUpRollbackCopy(): void {
    if (this.behind.length === 0) return;
    const updates = this.behind;
    this.behind = [];
    Y.transact(this.backup, () => {
      for (const update of updates) Y.applyUpdate(this.backup, update);
    });
  }

  /** Replaces the live document (which took a refused update) by a copy of the caught-up rollback twin. */
  private rollBack(): void {
    this.catchUpRollbackCopy();
    const refused = this.current;
    this.current = this.observed(GuardedDoc.copy(this.backup));
    refused.destroy();
    this.reset();
  }

  private reset(): void {
    this.touched = [];
    this.topLevelSince = null;
    this.changed = false;
  }

  destroy(): void {
    this.current.destroy();
    this.backup.destroy();
  }
}

/** Whether one of the changed types lies outside `fragment` (a root type of its own, or inside one). */
function changesOutside(fragment: Y.XmlFragment, touched: ReadonlyArray<Y.AbstractType<unknown>>): boolean {
  for (const type of touched) {
    let node: Y.AbstractType<unknown> = type;
    while (node._item) {
      const parent = node._item.parent;
      if (!(parent instanceof Y.AbstractType)) return true;
      node = parent as Y.AbstractType<unknown>;
    }
    if (node !== (fragment as unknown)) return true;
  }
  return false;
}

const NO_PROBLEMS: FragmentProblems = Object.freeze({ unrepresentable: [], unsignedProvenance: [] });

/** Node types whose content takes unmarked text (paragraph, heading, code block), by node type. */
const takesPlainText = new Map<NodeType, boolean>();

/**
 * Whether every changed type is a text holding only unformatted strings inside a block whose content takes text
 * (a paragraph, heading or code block): such a block is representable whatever the characters, so an update that
 * only changed such texts (typing or deleting characters without formatting) needs no schema check. Formatting
 * (a mark the block may refuse), embeds, attributes of elements and structure changes all fail this test and get
 * the full check of their blocks. Cost: a walk over the changed texts' items (consecutive typing merges into few).
 */
function onlyPlainText(touched: ReadonlyArray<Y.AbstractType<unknown>>): boolean {
  const schema = draftSchema();
  for (const type of touched) {
    if (!(type instanceof Y.XmlText)) return false;
    const parent = type.parent;
    if (!(parent instanceof Y.XmlElement)) return false;
    const nodeType = schema.nodes[parent.nodeName];
    if (!nodeType) return false;
    let takes = takesPlainText.get(nodeType);
    if (takes === undefined) {
      takes = nodeType.isTextblock && nodeType.contentMatch.matchType(schema.nodes.text) !== null;
      takesPlainText.set(nodeType, takes);
    }
    if (!takes) return false;
    for (let item = type._start; item; item = item.right)
      if (!item.deleted && !(item.content instanceof Y.ContentString)) return false;
  }
  return true;
}

/** Whether a transaction added structs or deletions (an update already known adds neither). */
function addsSomething(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true;
  return false;
}

/**
 * The top-level nodes of `fragment` to inspect after an update: the blocks that contain a changed type (walked up
 * from each type to the fragment's child; blocks deleted meanwhile are skipped) and, when the update changed the top
 * level (`since`: the state vector before it), every top-level item it inserted (what `toArray` would list: a
 * crafted update may insert strings or values there, which the inspection refuses). Changes outside the fragment
 * were refused before (`changesOutside`).
 */
function touchedBlocks(
  fragment: Y.XmlFragment,
  touched: ReadonlyArray<Y.AbstractType<unknown>>,
  since: Map<number, number> | null,
): Set<YNode> {
  const blocks = new Set<YNode>();
  for (const type of touched) {
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
  if (since)
    for (let item = fragment._start; item; item = item.right) {
      // Structs a transaction integrates have clocks at or past the client's clock before it.
      if (item.deleted || !item.countable || item.id.clock < (since.get(item.id.client) ?? 0)) continue;
      for (const node of item.content.getContent() as YNode[]) blocks.add(node);
    }
  return blocks;
}
