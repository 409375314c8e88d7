/**
 * How long a draft compaction blocks the event loop that relays keystrokes: `perf_hooks.monitorEventLoopDelay`
 * (max and p99 of the loop's delay, 1 ms resolution) and the main thread's busy time (event-loop utilisation, which
 * excludes worker threads) while one compaction of a draft with N log entries runs. Load-resistant enough: a stall
 * is one synchronous block of this process's own work, which other processes' load only stretches.
 *
 * Two paths on the same stored draft, alternated per round in the same run:
 * - `inline`: the fold as it was before the fold worker (log read with the driver's default batches, apply in
 *   slices of 100 with a yield between, encode on this thread), step by step, each step's own loop-delay max;
 * - `compactDraft`: the current `compactDraft` (whatever it does now).
 *
 * `tsx bench/drafts/compactionStall.ts` (env STALL_SIZES=1000,10000, STALL_ROUNDS=3).
 */
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import mongoose, { Types } from 'mongoose';
import * as Y from 'yjs';
import { DRAFT_FRAGMENT } from '@polos/shared';
import { DraftSnapshot, DraftUpdate } from '../../server/src/features/drafts/draft.model';
import { asBytes, compactDraft } from '../../server/src/features/drafts/draftPersistence';
import { stopFoldWorker } from '../../server/src/features/drafts/draftFold';
import { startEngineChild } from '../lib/engine';
import { round } from '../lib/stats';
import { printTable } from '../lib/table';

const repoRoot = path.resolve(__dirname, '..', '..');
const SIZES = (process.env.STALL_SIZES ?? '1000,10000').split(',').map(Number);
const ROUNDS = Number(process.env.STALL_ROUNDS ?? 3);

/** A 20-paragraph draft (the snapshot) and `count` keystrokes after it (10% backspaces). */
function workload(count: number): { snapshot: Uint8Array; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(DRAFT_FRAGMENT);
  doc.transact(() => {
    for (let i = 0; i < 20; i += 1) {
      const paragraph = new Y.XmlElement('paragraph');
      fragment.insert(i, [paragraph]);
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      text.insert(0, 'Los distritos competitivos de la región cooperan en internacionalización. '.repeat(4));
    }
  });
  const snapshot = Y.encodeStateAsUpdateV2(doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i += 1) {
    const text = (fragment.get(Math.floor(Math.random() * 20)) as Y.XmlElement).get(0) as Y.XmlText;
    if (i % 10 === 9 && text.length > 1) text.delete(Math.floor(Math.random() * (text.length - 1)), 1);
    else text.insert(Math.floor(Math.random() * text.length), 'x');
  }
  return { snapshot, updates };
}

async function seed(draftId: Types.ObjectId, snapshot: Uint8Array, updates: Uint8Array[]): Promise<void> {
  await DraftUpdate.collection.deleteMany({ draftId });
  await DraftSnapshot.collection.deleteOne({ _id: draftId });
  await DraftSnapshot.collection.insertOne({
    _id: draftId,
    state: Buffer.from(snapshot),
    rev: 1,
    foldedUpdates: 0,
    at: new Date(),
  });
  for (let i = 0; i < updates.length; i += 1000) {
    await DraftUpdate.collection.insertMany(
      updates.slice(i, i + 1000).map((update) => ({
        _id: new Types.ObjectId(),
        draftId,
        update: Buffer.from(update),
        userId: null,
        at: new Date(),
      })),
    );
  }
}

interface Stall {
  maxMs: number;
  p99Ms: number;
  /** Main-thread busy time during the step (ms). */
  busyMs: number;
}

async function measure<T>(work: () => Promise<T>): Promise<{ value: T; stall: Stall }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const elu0 = performance.eventLoopUtilization();
  histogram.enable();
  const value = await work();
  // One more turn so a block at the very end is recorded.
  await new Promise((resolve) => setTimeout(resolve, 5));
  histogram.disable();
  const elu = performance.eventLoopUtilization(elu0);
  return {
    value,
    stall: {
      maxMs: histogram.max / 1e6,
      p99Ms: histogram.percentile(99) / 1e6,
      busyMs: elu.active,
    },
  };
}

/** The fold as it was before the worker, step by step (same steps and order as compactDraft then). */
async function inlineCompaction(draftId: Types.ObjectId): Promise<Record<string, Stall>> {
  const steps: Record<string, Stall> = {};
  const read = await measure(async () => {
    const rows = await DraftUpdate.collection
      .find({ draftId }, { projection: { _id: 1, update: 1 }, sort: { _id: 1 } })
      .toArray();
    const row = await DraftSnapshot.collection.findOne({ _id: draftId });
    return { rows, snapshot: row ? { state: asBytes(row.state), rev: Number(row.rev) } : null };
  });
  steps.read = read.stall;
  const { rows, snapshot } = read.value;
  const built = await measure(async () => {
    const doc = new Y.Doc();
    if (snapshot) Y.applyUpdateV2(doc, snapshot.state);
    for (let i = 0; i < rows.length; i += 100) {
      const slice = rows.slice(i, i + 100);
      Y.transact(doc, () => {
        for (const row of slice) Y.applyUpdate(doc, asBytes(row.update));
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
    return doc;
  });
  steps.apply = built.stall;
  const encoded = await measure(async () => {
    const state = Y.encodeStateAsUpdateV2(built.value);
    built.value.destroy();
    return Buffer.from(state.buffer, state.byteOffset, state.byteLength);
  });
  steps.encode = encoded.stall;
  steps.write = (
    await measure(() =>
      DraftSnapshot.collection.updateOne(
        { _id: draftId, rev: snapshot?.rev ?? 0 },
        { $set: { state: encoded.value, rev: (snapshot?.rev ?? 0) + 1 } },
      ),
    )
  ).stall;
  steps.delete = (
    await measure(() => DraftUpdate.collection.deleteMany({ draftId, _id: { $in: rows.map((r) => r._id) } }))
  ).stall;
  return steps;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function main(): Promise<void> {
  const engine = await startEngineChild(repoRoot, null);
  await mongoose.connect(`${engine.uri}/stallbench`, { serverSelectionTimeoutMS: 10_000 });
  const rows: Array<Array<string | number>> = [];
  try {
    for (const size of SIZES) {
      const { snapshot, updates } = workload(size);
      const draftId = new Types.ObjectId();
      const inline: Array<Record<string, Stall>> = [];
      const current: Stall[] = [];
      for (let r = 0; r < ROUNDS; r += 1) {
        await seed(draftId, snapshot, updates);
        inline.push(await inlineCompaction(draftId));
        await seed(draftId, snapshot, updates);
        const run = await measure(() => compactDraft(draftId));
        if (run.value.folded !== size) throw new Error(`folded ${run.value.folded} of ${size}`);
        current.push(run.stall);
      }
      for (const step of ['read', 'apply', 'encode', 'write', 'delete']) {
        const stalls = inline.map((steps) => steps[step]).filter((s): s is Stall => s !== undefined);
        rows.push([
          size,
          `inline: ${step}`,
          round(median(stalls.map((s) => s.maxMs))),
          round(median(stalls.map((s) => s.p99Ms))),
          round(median(stalls.map((s) => s.busyMs))),
        ]);
      }
      const whole = inline.map((steps) => Object.values(steps));
      rows.push([
        size,
        'inline: whole (max of steps)',
        round(median(whole.map((s) => Math.max(...s.map((x) => x.maxMs))))),
        '',
        round(median(whole.map((s) => s.reduce((sum, x) => sum + x.busyMs, 0)))),
      ]);
      rows.push([
        size,
        'compactDraft (current)',
        round(median(current.map((s) => s.maxMs))),
        round(median(current.map((s) => s.p99Ms))),
        round(median(current.map((s) => s.busyMs))),
      ]);
    }
  } finally {
    await stopFoldWorker();
    await mongoose.disconnect();
    await engine.stop();
  }
  console.log(`Compaction stall (event-loop delay, median of ${ROUNDS} rounds)`);
  printTable(['entries', 'path / step', 'loop delay max ms', 'p99 ms', 'main-thread busy ms'], rows);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
