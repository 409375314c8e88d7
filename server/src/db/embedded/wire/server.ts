/**
 * TCP server: frames messages per connection, processes them in order, replies (or not, for moreToCome).
 * Malformed, truncated or oversized input closes only that connection, with a log line.
 */
import net from 'node:net';
import type { Document } from 'bson';
import type { ConnectionInfo } from '../commands/context';
import type { EngineLogger } from '../types';
import { EngineError } from '../errors';
import {
  HEADER_SIZE,
  MAX_MESSAGE_BYTES,
  ProtocolError,
  encodeMsg,
  encodeReply,
  parseMessage,
} from './protocol';
import type { Incoming } from './protocol';

export interface CommandRunner {
  run(db: string, cmd: Document, conn: ConnectionInfo, bytes?: number): Promise<Document>;
  connectionCount: number;
}

const MAX_FRAME = MAX_MESSAGE_BYTES + 16 * 1024 * 1024;

export class WireServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private nextConnId = 1;
  private pending = new Set<Promise<void>>();

  constructor(
    private readonly runner: CommandRunner,
    private readonly logger: EngineLogger,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.on('error', (err) => this.logger.error('server error', { error: err.message }));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  private accept(socket: net.Socket): void {
    const conn: ConnectionInfo = {
      id: this.nextConnId++,
      remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`,
    };
    this.sockets.add(socket);
    this.runner.connectionCount++;
    socket.setNoDelay(true);
    let chunks: Buffer[] = [];
    let buffered = 0;
    let chain: Promise<void> = Promise.resolve();
    let closed = false;

    const fail = (reason: string): void => {
      if (closed) return;
      closed = true;
      this.logger.warn('closing connection after protocol error', {
        connectionId: conn.id,
        remote: conn.remote,
        reason,
      });
      socket.destroy();
    };

    socket.on('data', (chunk: Buffer) => {
      if (closed) return;
      chunks.push(chunk);
      buffered += chunk.length;
      try {
        while (buffered >= 4) {
          let first = chunks[0];
          if (first.length < 4) {
            first = Buffer.concat(chunks, buffered);
            chunks = [first];
          }
          const len = first.readInt32LE(0);
          if (len < HEADER_SIZE || len > MAX_FRAME) {
            fail(`invalid message length ${len}`);
            return;
          }
          if (buffered < len) return;
          const all = chunks.length === 1 ? first : Buffer.concat(chunks, buffered);
          const frame = all.subarray(0, len);
          const rest = all.subarray(len);
          chunks = rest.length ? [rest] : [];
          buffered = rest.length;
          let msg: Incoming;
          try {
            msg = parseMessage(frame);
          } catch (err) {
            fail(
              err instanceof ProtocolError
                ? err.message
                : `malformed message: ${err instanceof Error ? err.message : String(err)}`,
            );
            return;
          }
          const p = chain
            .then(() => this.handle(socket, conn, msg))
            .catch((err: unknown) => {
              this.logger.error('connection handler failed', {
                connectionId: conn.id,
                error: err instanceof Error ? err.message : String(err),
              });
              socket.destroy();
            });
          chain = p;
          this.pending.add(p);
          void p.finally(() => this.pending.delete(p));
        }
      } catch (err) {
        fail(`framing error: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    socket.on('error', (err) =>
      this.logger.debug('socket error', { connectionId: conn.id, error: err.message }),
    );
    socket.on('close', () => {
      closed = true;
      this.sockets.delete(socket);
      this.runner.connectionCount--;
    });
  }

  private async handle(socket: net.Socket, conn: ConnectionInfo, msg: Incoming): Promise<void> {
    if (socket.destroyed) return;
    if (msg.kind === 'query') {
      const ns = msg.fullCollectionName;
      let reply: Document;
      if (!ns.endsWith('.$cmd')) {
        reply = { $err: 'OP_QUERY is only supported for commands', code: 5739101, ok: 0 };
        socket.write(encodeReply(msg.header.requestId, reply, 2));
        return;
      }
      const db = ns.slice(0, -5);
      const q = msg.query;
      const cmd =
        '$query' in q && typeof q.$query === 'object' && q.$query !== null ? (q.$query as Document) : q;
      reply = await this.runner.run(db, cmd, conn);
      socket.write(encodeReply(msg.header.requestId, reply));
      return;
    }
    const { body } = msg;
    const db = body.$db as unknown;
    let reply: Document;
    if (typeof db !== 'string' || db.length === 0) {
      reply = new EngineError(
        40414,
        'Location40414',
        "BSON field 'OperationRequest.$db' is missing but a required field",
      ).toReply();
    } else {
      reply = await this.runner.run(db, body, conn, msg.header.length);
    }
    if (msg.moreToCome || socket.destroyed) return;
    let out: Buffer;
    try {
      out = encodeMsg(msg.header.requestId, reply);
    } catch (err) {
      out = encodeMsg(
        msg.header.requestId,
        new EngineError(
          10334,
          'BSONObjectTooLarge',
          `reply could not be encoded: ${err instanceof Error ? err.message : String(err)}`,
        ).toReply(),
      );
    }
    socket.write(out);
  }

  async close(): Promise<void> {
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.allSettled([...this.pending]);
    for (const s of this.sockets) s.destroy();
    await closing;
  }
}
