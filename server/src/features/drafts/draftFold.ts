import { createRequire } from 'node:module';
import { JobWorker } from '../../lib/jobWorker';

/**
 * The fold of a compaction — apply a snapshot and log entries into a fresh Yjs document and encode its state —
 * run on one worker thread per process, off the event loop that relays keystrokes. Why: done on the main thread it
 * cost 120–370 ms of CPU per 1,000 updates with a stall of tens of ms or more per compaction (docs/ARCHITECTURE.md,
 * drafts, "Compaction"), and a draft being typed into by 50 editors compacts every ~4 s.
 *
 * The worker is inline code (`eval`) that loads yjs with `require` from the path this module resolves, so it works
 * the same under tsx and from an esbuild bundle (no separate worker entry file to ship); npm packages stay in
 * node_modules in both. One worker serves every draft of the process, one fold at a time (compactions of one draft
 * are already serialised; folds of different drafts queue). It is unreferenced while idle, so it never keeps a
 * process alive, and replaced after a crash.
 */

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Y = require(workerData.yjs);
parentPort.on('message', (job) => {
  try {
    const doc = new Y.Doc();
    if (job.snapshot) Y.applyUpdateV2(doc, new Uint8Array(job.snapshot));
    const bytes = new Uint8Array(job.entries);
    const lengths = new Uint32Array(job.lengths);
    // One transaction: out-of-order entries resolve each other's dependencies.
    Y.transact(doc, () => {
      let offset = 0;
      for (let i = 0; i < lengths.length; i += 1) {
        Y.applyUpdate(doc, bytes.subarray(offset, offset + lengths[i]));
        offset += lengths[i];
      }
    });
    const state = Y.encodeStateAsUpdateV2(doc);
    doc.destroy();
    const out = state.byteOffset === 0 && state.byteLength === state.buffer.byteLength ? state : state.slice();
    parentPort.postMessage({ id: job.id, state: out.buffer }, [out.buffer]);
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String(error && error.stack || error) });
  }
});
`;

type FoldReply = { id: number; state: ArrayBuffer } | { id: number; error: string };

const foldWorker = new JobWorker(
  WORKER_SOURCE,
  () => ({ yjs: createRequire(import.meta.url).resolve('yjs') }),
  'draft fold worker',
);

/** A private copy of `bytes` as one whole ArrayBuffer (transferable without detaching anyone else's memory). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/**
 * Applies `snapshot` (a v2 update, or null) and then `entries` (v1 updates, in any order, applied in one
 * transaction) to a fresh document on the fold worker and resolves `Y.encodeStateAsUpdateV2` of the result — the
 * same bytes as doing it on this thread. The inputs are copied into buffers that are transferred (not cloned) to
 * the worker; the caller's arrays are left intact. Cost on this thread: the copies (a few µs per entry).
 * @throws (rejects) when Yjs throws on the worker (a corrupt stored update) or the worker dies mid-fold.
 */
export async function foldOffThread(
  snapshot: Uint8Array | null,
  entries: readonly Uint8Array[],
): Promise<Uint8Array> {
  let total = 0;
  for (const entry of entries) total += entry.byteLength;
  const packed = new Uint8Array(total);
  const lengths = new Uint32Array(entries.length);
  let offset = 0;
  entries.forEach((entry, i) => {
    packed.set(entry, offset);
    lengths[i] = entry.byteLength;
    offset += entry.byteLength;
  });
  const snapshotBuffer = snapshot ? ownBuffer(snapshot) : null;
  const job = { snapshot: snapshotBuffer, entries: packed.buffer, lengths: lengths.buffer };
  const transfer = snapshotBuffer ? [job.entries, job.lengths, snapshotBuffer] : [job.entries, job.lengths];
  const reply = await foldWorker.run<FoldReply>(job, transfer);
  if ('error' in reply) throw new Error(`draft fold failed: ${reply.error}`);
  return new Uint8Array(reply.state);
}

/** Stops the fold worker, if any (pending folds reject). Resolves once it is gone. */
export function stopFoldWorker(): Promise<void> {
  return foldWorker.terminate();
}
