/** Server-side cursors: remaining documents, lazy projection, batch sizing, idle expiry (10 min). */
import { BSON, Long } from 'bson';
import type { Document } from 'bson';
import { EngineError } from '../errors';

const MAX_BATCH_BYTES = 16 * 1024 * 1024;
export const CURSOR_IDLE_MS = 10 * 60 * 1000;

interface OpenCursor {
  ns: string;
  docs: Document[];
  pos: number;
  project: ((d: Document) => Document) | undefined;
  lastUsed: number;
}

export class Cursors {
  private readonly open = new Map<number, OpenCursor>();
  private next = 1 + Math.floor(Math.random() * 2 ** 40);

  get size(): number {
    return this.open.size;
  }

  private takeBatch(c: OpenCursor, max: number): Document[] {
    const out: Document[] = [];
    let bytes = 0;
    while (c.pos < c.docs.length && out.length < max) {
      const raw = c.docs[c.pos];
      const doc = c.project ? c.project(raw) : raw;
      if (out.length > 0 || c.docs.length - c.pos > 1) {
        bytes += BSON.calculateObjectSize(doc);
        if (out.length > 0 && bytes > MAX_BATCH_BYTES) break;
      }
      out.push(doc);
      c.pos++;
    }
    return out;
  }

  /** First batch; registers a cursor when documents remain (unless singleBatch). */
  first(
    ns: string,
    docs: Document[],
    opts: { batchSize: number; singleBatch?: boolean; project?: (d: Document) => Document },
  ): Document {
    const c: OpenCursor = { ns, docs, pos: 0, project: opts.project, lastUsed: Date.now() };
    const firstBatch = this.takeBatch(c, opts.batchSize);
    let id = 0;
    if (!opts.singleBatch && c.pos < docs.length) {
      id = this.next++;
      this.open.set(id, c);
    }
    return { cursor: { firstBatch, id: Long.fromNumber(id), ns }, ok: 1 };
  }

  getMore(id: number, ns: string, batchSize: number | undefined): Document {
    const c = this.open.get(id);
    if (!c) throw new EngineError(43, 'CursorNotFound', `cursor id ${id} not found`);
    if (c.ns !== ns)
      throw new EngineError(
        13,
        'Unauthorized',
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${c.ns}`,
      );
    c.lastUsed = Date.now();
    const nextBatch = this.takeBatch(c, batchSize && batchSize > 0 ? batchSize : Infinity);
    let outId = id;
    if (c.pos >= c.docs.length) {
      this.open.delete(id);
      outId = 0;
    }
    return { cursor: { nextBatch, id: Long.fromNumber(outId), ns }, ok: 1 };
  }

  kill(ids: number[]): Document {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) (this.open.delete(id) ? killed : notFound).push(Long.fromNumber(id));
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  sweep(now = Date.now()): void {
    for (const [id, c] of this.open) if (now - c.lastUsed > CURSOR_IDLE_MS) this.open.delete(id);
  }

  clear(): void {
    this.open.clear();
  }
}
