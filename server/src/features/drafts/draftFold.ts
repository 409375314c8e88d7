import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

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

interface FoldJob {
  id: number;
  snapshot: ArrayBuffer | null;
  entries: ArrayBuffer;
  lengths: ArrayBuffer;
}

type FoldReply = { id: number; state: ArrayBuffer } | { id: number; error: string };

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve: (state: Uint8Array) => void; reject: (error: Error) => void }>();

function failAll(error: Error): void {
  for (const job of waiting.values()) job.reject(error);
  waiting.clear();
}

function foldWorker(): Worker {
  if (worker) return worker;
  const yjs = createRequire(import.meta.url).resolve('yjs');
  const created = new Worker(WORKER_SOURCE, { eval: true, workerData: { yjs } });
  created.unref();
  created.on('message', (reply: FoldReply) => {
    const job = waiting.get(reply.id);
    if (!job) return;
    waiting.delete(reply.id);
    if (waiting.size === 0) created.unref();
    if ('error' in reply) job.reject(new Error(`draft fold failed: ${reply.error}`));
    else job.resolve(new Uint8Array(reply.state));
  });
  const retire = (error: Error): void => {
    if (worker === created) worker = null;
    failAll(error);
  };
  created.on('error', (error) => retire(error));
  created.on('exit', (code) => retire(new Error(`draft fold worker exited (code ${code})`)));
  worker = created;
  return created;
}

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
export function foldOffThread(
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
  const job: FoldJob = {
    id: nextId++,
    snapshot: snapshot ? ownBuffer(snapshot) : null,
    entries: packed.buffer,
    lengths: lengths.buffer,
  };
  const target = foldWorker();
  return new Promise<Uint8Array>((resolve, reject) => {
    waiting.set(job.id, { resolve, reject });
    // Referenced while a fold is pending: a process waiting only for its compaction must not exit under it.
    target.ref();
    const transfer = job.snapshot ? [job.entries, job.lengths, job.snapshot] : [job.entries, job.lengths];
    target.postMessage(job, transfer);
  });
}

/** Stops the fold worker, if any (pending folds reject). Resolves once it is gone. */
export async function stopFoldWorker(): Promise<void> {
  const current = worker;
  worker = null;
  if (current) await current.terminate();
}
