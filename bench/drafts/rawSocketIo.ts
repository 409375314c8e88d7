/**
 * A minimal Socket.IO client for the drafts benchmark's load generators: protocol 5 (Engine.IO 4) over one
 * WebSocket (`ws`), default namespace only. The server sees exactly what socket.io-client would send; the
 * load generator spends a fraction of the CPU on receipt (socket.io-client decodes every relayed packet into
 * objects, rebuilds its binary attachment through placeholders and dispatches it through two emitters — at 50
 * editors that took ~40 % of a core per 25 editors and left the 2-core machine too little headroom, so the
 * generators' own stalls, not the servers', decided the p99). Only what the benchmark needs: connect with an
 * auth payload, emit with an ack (binary attachments as `Uint8Array` fields), answer pings, and one callback for
 * incoming events with their binary attachments.
 *
 * Wire format (socket.io-protocol v5): a text frame `4` (Engine.IO message) + packet type (`0` CONNECT, `2`
 * EVENT, `3` ACK, `5` BINARY_EVENT, `6` BINARY_ACK) + `<attachments>-` for binary packets + ack id + JSON; each
 * attachment follows as one binary frame. Engine.IO pings are `2`, answered `3`.
 */
import WebSocket from 'ws';

/** An incoming event: its JSON text (the packet after the ack id, unparsed) and its binary attachments. */
export type RawEventListener = (json: string, attachments: Buffer[]) => void;

export class RawSocketIo {
  private readonly ws: WebSocket;
  private nextAckId = 0;
  private readonly acks = new Map<number, (json: string) => void>();
  /** A binary packet whose attachments are still arriving. */
  private pending: { json: string; replyTo: number; left: number; parts: Buffer[] } | null = null;
  private readonly connected: Promise<void>;
  onEvent: RawEventListener = () => undefined;

  /** Opens `ws://…/socket.io/` on `url` (http://host:port) and joins the default namespace with `auth`. */
  constructor(url: string, auth: Record<string, unknown>) {
    this.ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
    });
    this.connected = new Promise((resolve, reject) => {
      this.ws.once('error', reject);
      this.ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) return this.attachment(data);
        const text = data.toString('utf8');
        switch (text[0]) {
          case '0': // Engine.IO open: join the namespace
            this.ws.send(`40${JSON.stringify(auth)}`);
            return;
          case '2': // ping
            this.ws.send('3');
            return;
          case '4':
            if (text[1] === '0') return resolve();
            if (text[1] === '4') return reject(new Error(`connect refused: ${text.slice(2)}`));
            return this.packet(text);
        }
      });
    });
  }

  /** Resolves once the namespace accepted the connection. */
  ready(): Promise<void> {
    return this.connected;
  }

  /**
   * Emits `event` with `payload`, whose top-level `Uint8Array` fields travel as attachments; `ack` gets the reply's
   * JSON text (the array of arguments).
   */
  emit(event: string, payload: Record<string, unknown>, ack?: (json: string) => void): void {
    const attachments: Uint8Array[] = [];
    const fields: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(payload)) {
      if (value instanceof Uint8Array) {
        fields[name] = { _placeholder: true, num: attachments.length };
        attachments.push(value);
      } else fields[name] = value;
    }
    let id = '';
    if (ack) {
      const ackId = this.nextAckId++;
      this.acks.set(ackId, ack);
      id = String(ackId);
    }
    const json = JSON.stringify([event, fields]);
    this.ws.send(attachments.length > 0 ? `45${attachments.length}-${id}${json}` : `42${id}${json}`);
    for (const attachment of attachments) this.ws.send(attachment);
  }

  close(): void {
    this.ws.close();
  }

  /** A text packet: an event or an ack, complete or waiting for its attachments. */
  private packet(text: string): void {
    const type = text[1];
    let i = 2;
    let attachments = 0;
    if (type === '5' || type === '6') {
      const dash = text.indexOf('-', i);
      attachments = Number(text.slice(i, dash));
      i = dash + 1;
    }
    let j = i;
    while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j += 1;
    const ackId = j > i ? Number(text.slice(i, j)) : null;
    const json = text.slice(j);
    // -1: an event (an event's own ack id, asking us for a reply, is not used by the servers benchmarked).
    const replyTo = type === '3' || type === '6' ? (ackId ?? -1) : -1;
    if (attachments > 0) {
      this.pending = { json, replyTo, left: attachments, parts: [] };
      return;
    }
    this.deliver(replyTo, json, []);
  }

  private attachment(data: Buffer): void {
    const pending = this.pending;
    if (!pending) return;
    pending.parts.push(data);
    pending.left -= 1;
    if (pending.left > 0) return;
    this.pending = null;
    this.deliver(pending.replyTo, pending.json, pending.parts);
  }

  /** ackId -1: an event; otherwise the reply to our emit with that id. */
  private deliver(ackId: number, json: string, attachments: Buffer[]): void {
    if (ackId === -1) {
      this.onEvent(json, attachments);
      return;
    }
    const ack = this.acks.get(ackId);
    this.acks.delete(ackId);
    ack?.(json);
  }
}
