/**
 * MongoDB wire protocol framing: message header, OP_MSG (kind-0 body + kind-1 document sequences,
 * moreToCome, checksum tolerated), legacy OP_QUERY command handshake and OP_REPLY.
 */
import { BSON } from 'bson';
import type { Document } from 'bson';
import { normalizeCommand, normalizePlain } from '../storage/numeric';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;
export const HEADER_SIZE = 16;
export const MAX_MESSAGE_BYTES = 48_000_000;

const FLAG_CHECKSUM = 1 << 0;
const FLAG_MORE_TO_COME = 1 << 1;
const KNOWN_REQUIRED = FLAG_CHECKSUM | FLAG_MORE_TO_COME;

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

export interface Header {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export type Incoming =
  | { kind: 'msg'; header: Header; body: Document; moreToCome: boolean }
  | { kind: 'query'; header: Header; fullCollectionName: string; query: Document };

/** Numbers arrive as wrappers and are normalised per field by `normalizeCommand` (exact for data). */
const DESERIALIZE_OPTS = { validation: { utf8: false }, promoteValues: false } as const;

function readDoc(buf: Buffer, offset: number, end: number): [Document, number] {
  if (offset + 5 > end) throw new ProtocolError('truncated BSON document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError(`invalid BSON document size ${size}`);
  const doc = BSON.deserialize(buf.subarray(offset, offset + size), DESERIALIZE_OPTS);
  return [doc, offset + size];
}

function readCString(buf: Buffer, offset: number, end: number): [string, number] {
  const zero = buf.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new ProtocolError('unterminated cstring');
  return [buf.toString('utf8', offset, zero), zero + 1];
}

export function readHeader(buf: Buffer): Header {
  return {
    length: buf.readInt32LE(0),
    requestId: buf.readInt32LE(4),
    responseTo: buf.readInt32LE(8),
    opCode: buf.readInt32LE(12),
  };
}

/** Parses one complete message (`buf` holds exactly `header.length` bytes). Throws ProtocolError. */
export function parseMessage(buf: Buffer): Incoming {
  const header = readHeader(buf);
  if (header.opCode === OP_MSG) {
    if (buf.length < HEADER_SIZE + 5) throw new ProtocolError('OP_MSG too short');
    const flags = buf.readUInt32LE(HEADER_SIZE);
    if ((flags & 0xffff & ~KNOWN_REQUIRED) !== 0)
      throw new ProtocolError(`unsupported OP_MSG required flag bits 0x${flags.toString(16)}`);
    const end = flags & FLAG_CHECKSUM ? buf.length - 4 : buf.length;
    let offset = HEADER_SIZE + 4;
    let body: Document | undefined;
    const sequences: Array<[string, Document[]]> = [];
    while (offset < end) {
      const kind = buf[offset];
      offset += 1;
      if (kind === 0) {
        if (body) throw new ProtocolError('OP_MSG with more than one kind-0 section');
        [body, offset] = readDoc(buf, offset, end);
      } else if (kind === 1) {
        if (offset + 4 > end) throw new ProtocolError('truncated kind-1 section');
        const size = buf.readInt32LE(offset);
        const secEnd = offset + size;
        if (size < 5 || secEnd > end) throw new ProtocolError(`invalid kind-1 section size ${size}`);
        const [identifier, start] = readCString(buf, offset + 4, secEnd);
        let p = start;
        const docs: Document[] = [];
        while (p < secEnd) {
          let d: Document;
          [d, p] = readDoc(buf, p, secEnd);
          docs.push(d);
        }
        sequences.push([identifier, docs]);
        offset = secEnd;
      } else throw new ProtocolError(`unknown OP_MSG section kind ${String(kind)}`);
    }
    if (!body) throw new ProtocolError('OP_MSG without a body section');
    for (const [id, docs] of sequences) {
      const existing = body[id] as unknown;
      body[id] = Array.isArray(existing) ? [...(existing as Document[]), ...docs] : docs;
    }
    return {
      kind: 'msg',
      header,
      body: normalizeCommand(body),
      moreToCome: (flags & FLAG_MORE_TO_COME) !== 0,
    };
  }
  if (header.opCode === OP_QUERY) {
    let offset = HEADER_SIZE + 4;
    const [name, afterName] = readCString(buf, offset, buf.length);
    offset = afterName;
    offset += 8; // numberToSkip, numberToReturn
    const [query] = readDoc(buf, offset, buf.length);
    return { kind: 'query', header, fullCollectionName: name, query: normalizePlain(query) };
  }
  if (header.opCode === OP_COMPRESSED)
    throw new ProtocolError('OP_COMPRESSED received but compression was not negotiated');
  throw new ProtocolError(`unsupported opCode ${header.opCode}`);
}

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(HEADER_SIZE);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

export function encodeMsg(responseTo: number, doc: Document): Buffer {
  const body = BSON.serialize(doc);
  const prefix = Buffer.allocUnsafe(5);
  prefix.writeUInt32LE(0, 0);
  prefix[4] = 0;
  return Buffer.concat([header(HEADER_SIZE + 5 + body.length, responseTo, OP_MSG), prefix, body]);
}

export function encodeReply(responseTo: number, doc: Document, flags = 0): Buffer {
  const body = BSON.serialize(doc);
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(flags, 0);
  // cursorID (int64) = 0, startingFrom = 0
  fields.writeInt32LE(1, 16);
  return Buffer.concat([header(HEADER_SIZE + 20 + body.length, responseTo, OP_REPLY), fields, body]);
}
