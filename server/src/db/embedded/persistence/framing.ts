/**
 * Record framing shared by the journal and the snapshot: `[u32 LE length][u32 LE crc32][BSON body]`,
 * where `length` is the byte length of the BSON body and the CRC-32 (IEEE, as zlib) covers the body.
 */
import { calculateObjectSize, deserialize, serializeWithBufferAndIndex, type Document } from 'bson';
import type { FileHandle } from 'node:fs/promises';
import zlib from 'node:zlib';
import { normalizeExact } from '../storage/numeric';

export const HEADER_BYTES = 8;
/** Smallest valid BSON document (`{}`) is 5 bytes. */
const MIN_BODY = 5;
/**
 * Upper bound for one record. A write command's effects fit in a 48 MB wire message; a snapshot chunk is
 * capped far below. Anything larger in a length header is garbage.
 */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

/**
 * Options that make documents come back exactly as the engine held them (with `normalizeExact`): int64
 * stays `Long`, an integral double stays `Double`, Decimal128 stays, binary stays `Binary`.
 */
export const DESERIALIZE_OPTIONS = {
  promoteLongs: false,
  promoteValues: false,
  promoteBuffers: false,
  bsonRegExp: false,
  useBigInt64: false,
} as const;

const SERIALIZE_OPTIONS = { checkKeys: false, ignoreUndefined: false, serializeFunctions: false } as const;

type Crc32 = (data: Uint8Array, value?: number) => number;
const nativeCrc32 = (zlib as unknown as { crc32?: Crc32 }).crc32;

let table: Uint32Array | undefined;
/** Table-driven CRC-32 (fallback where `zlib.crc32` is missing; exported for tests). */
export function tableCrc32(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** CRC-32 (IEEE 802.3); `node:zlib`'s native one when available (Node ≥ 20.15), else a table version. */
export function crc32(data: Uint8Array): number {
  return nativeCrc32 ? nativeCrc32(data) >>> 0 : tableCrc32(data);
}

/** BSON byte length of `doc` as `encodeRecord` serialises it (same options). */
export function bsonSize(doc: Document): number {
  return calculateObjectSize(doc, SERIALIZE_OPTIONS);
}

/**
 * Serialises `doc` into one framed record (header + BSON body) in a single allocation. `knownSize` is
 * the body's BSON length when the caller already computed it (the snapshot sums its documents' sizes,
 * which saves sizing every document twice); a wrong value is an error, never a bad record.
 */
export function encodeRecord(doc: Document, knownSize?: number): Buffer {
  const size = knownSize ?? calculateObjectSize(doc, SERIALIZE_OPTIONS);
  if (size > MAX_RECORD_BYTES) throw new Error(`record of ${size} bytes exceeds ${MAX_RECORD_BYTES}`);
  const buffer = Buffer.allocUnsafe(HEADER_BYTES + size);
  const end = serializeWithBufferAndIndex(doc, buffer, { ...SERIALIZE_OPTIONS, index: HEADER_BYTES });
  const bodyLength = end + 1 - HEADER_BYTES;
  if (bodyLength !== size) throw new Error(`BSON size mismatch: ${bodyLength} != ${size}`);
  const body = buffer.subarray(HEADER_BYTES);
  buffer.writeUInt32LE(size, 0);
  buffer.writeUInt32LE(crc32(body), 4);
  return buffer;
}

export type FrameResult =
  | { kind: 'record'; doc: Document; offset: number; next: number }
  | { kind: 'end'; offset: number }
  | { kind: 'invalid'; offset: number; reason: string };

/**
 * Reads framed records from a file sequentially with a bounded buffer (blocks of `blockSize`), so large
 * snapshots are neither read whole nor copied per record more than once.
 */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  /** File offset of `buffer[0]`. */
  private bufferOffset = 0;
  private eof = false;

  constructor(
    private readonly file: FileHandle,
    private readonly blockSize = 4 * 1024 * 1024,
  ) {}

  private async fill(needed: number): Promise<void> {
    while (!this.eof && this.buffer.length < needed) {
      const chunk = Buffer.allocUnsafe(Math.max(this.blockSize, needed - this.buffer.length));
      const { bytesRead } = await this.file.read(
        chunk,
        0,
        chunk.length,
        this.bufferOffset + this.buffer.length,
      );
      if (bytesRead === 0) {
        this.eof = true;
        break;
      }
      this.buffer = this.buffer.length
        ? Buffer.concat([this.buffer, chunk.subarray(0, bytesRead)])
        : chunk.subarray(0, bytesRead);
    }
  }

  async next(): Promise<FrameResult> {
    const offset = this.bufferOffset;
    await this.fill(HEADER_BYTES);
    if (this.buffer.length === 0) return { kind: 'end', offset };
    if (this.buffer.length < HEADER_BYTES)
      return { kind: 'invalid', offset, reason: 'truncated record header' };
    const length = this.buffer.readUInt32LE(0);
    const expectedCrc = this.buffer.readUInt32LE(4);
    if (length < MIN_BODY || length > MAX_RECORD_BYTES)
      return { kind: 'invalid', offset, reason: `bad record length ${length}` };
    await this.fill(HEADER_BYTES + length);
    if (this.buffer.length < HEADER_BYTES + length)
      return { kind: 'invalid', offset, reason: 'truncated record body' };
    const body = this.buffer.subarray(HEADER_BYTES, HEADER_BYTES + length);
    if (crc32(body) !== expectedCrc) return { kind: 'invalid', offset, reason: 'checksum mismatch' };
    let doc: Document;
    try {
      if (body.readInt32LE(0) !== length) throw new Error('BSON length does not match record length');
      doc = normalizeExact(deserialize(body, DESERIALIZE_OPTIONS));
    } catch (error) {
      return { kind: 'invalid', offset, reason: `bad BSON: ${(error as Error).message}` };
    }
    this.buffer = this.buffer.subarray(HEADER_BYTES + length);
    this.bufferOffset += HEADER_BYTES + length;
    return { kind: 'record', doc, offset, next: this.bufferOffset };
  }
}
