/**
 * Cost of the draft update guard per keystroke on a large draft: the schema check over the whole document (as
 * before) against the incremental check of the touched blocks (GuardedDoc today), same run, same updates.
 * `tsx bench/drafts/guardCost.ts` prints a table and `RESULT drafts_guard_us_per_update@<blocks> <µs>`.
 */
import * as Y from 'yjs';
import { DRAFT_FRAGMENT } from '@polos/shared';
import { GuardedDoc } from '../../server/src/features/drafts/draftUpdateGuard';
import { inspectFragment, ProvenanceSigner } from '../../server/src/features/drafts/draftDocument';
import { printResult, printTable } from '../lib/table';
import { round } from '../lib/stats';

/** A draft of `blocks` paragraphs of ~300 characters, and `count` one-character updates typed at random places. */
function workload(blocks: number, count: number): { base: Uint8Array; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(DRAFT_FRAGMENT);
  doc.transact(() => {
    for (let i = 0; i < blocks; i += 1) {
      const paragraph = new Y.XmlElement('paragraph');
      fragment.insert(i, [paragraph]);
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      text.insert(0, 'Los distritos competitivos de la región cooperan en internacionalización. '.repeat(4));
    }
  });
  const base = Y.encodeStateAsUpdate(doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i += 1) {
    const paragraph = fragment.get(Math.floor(Math.random() * blocks)) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    text.insert(Math.floor(Math.random() * text.length), 'x');
  }
  return { base, updates };
}

function timeGuard(base: Uint8Array, updates: Uint8Array[], full: boolean): number {
  const live = new Y.Doc();
  Y.applyUpdate(live, base);
  const signer = new ProvenanceSigner();
  const guard = new GuardedDoc(live, signer);
  const t0 = performance.now();
  for (const update of updates) {
    const verdict = guard.apply(update, 'bench');
    if (!verdict.ok) throw new Error(`refused: ${verdict.reason}`);
    // The check the guard made before it was incremental: one pass over the whole fragment.
    if (full) inspectFragment(live.getXmlFragment(DRAFT_FRAGMENT), signer);
  }
  const elapsed = performance.now() - t0;
  guard.destroy();
  return (elapsed * 1000) / updates.length;
}

const rows: Array<Array<string | number>> = [];
for (const blocks of [20, 200]) {
  const { base, updates } = workload(blocks, 1000);
  timeGuard(base, updates.slice(0, 100), false); // warm-up
  const incremental = timeGuard(base, updates, false);
  const whole = timeGuard(base, updates, true);
  rows.push([blocks, round(whole), round(incremental), round(whole / incremental)]);
  printResult(`drafts_guard_us_per_update@${blocks}`, round(incremental));
}
printTable(['paragraphs', 'whole-document check µs/update', 'incremental µs/update', 'ratio'], rows);
