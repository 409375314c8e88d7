/**
 * The floor for driver round trips in `npm run bench:db`: a MongoDB wire server that does no work at
 * all. It answers the handshake, returns one canned document for every `find`, `{ ok: 1 }` for any
 * other command, and nothing for moreToCome messages. The driver's own cost per command (building the
 * command, sessions, cursor objects, BSON, two socket hops) is all that is left to measure, so the
 * engine's share of a lookup is `findOne(engine) − findOne(bare)` in the same run.
 *
 *   node bench/lib/bare-wire-server.mjs   → prints `listening on mongodb://127.0.0.1:<port>`
 */
import net from 'node:net';
import { BSON, ObjectId } from 'bson';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const MORE_TO_COME = 1 << 1;

const hello = {
  helloOk: true,
  ismaster: true,
  isWritablePrimary: true,
  maxBsonObjectSize: 16 * 1024 * 1024,
  maxMessageSizeBytes: 48_000_000,
  maxWriteBatchSize: 100_000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: 1,
  minWireVersion: 0,
  maxWireVersion: 21,
  readOnly: false,
  ok: 1,
};
const user = {
  _id: new ObjectId(),
  email: 'user42@example.org',
  name: 'User 42',
  roles: ['participant'],
  createdAt: new Date(),
};
const bodies = {
  hello: BSON.serialize(hello),
  find: BSON.serialize({ cursor: { firstBatch: [user], id: BSON.Long.ZERO, ns: 'bench.users' }, ok: 1 }),
  ok: BSON.serialize({ ok: 1 }),
};

function frame(opCode, responseTo, prefix, body) {
  const out = Buffer.allocUnsafe(16 + prefix.length + body.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(0, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(opCode, 12);
  prefix.copy(out, 16);
  out.set(body, 16 + prefix.length);
  return out;
}
const replyPrefix = Buffer.alloc(20);
replyPrefix.writeInt32LE(1, 16); // numberReturned
const msgPrefix = Buffer.alloc(5); // flags 0, section kind 0

/** Name of the command: the first key of the kind-0 body (section kind byte at 20, document at 21). */
function commandName(message) {
  const start = 21 + 4 + 1; // document length, first element's type byte
  return message.toString('latin1', start, message.indexOf(0, start));
}

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
      const length = pending.readInt32LE(0);
      const message = pending.subarray(0, length);
      pending = pending.subarray(length);
      const requestId = message.readInt32LE(4);
      const opCode = message.readInt32LE(12);
      if (opCode === OP_QUERY) {
        socket.write(frame(OP_REPLY, requestId, replyPrefix, bodies.hello));
      } else if (opCode === OP_MSG) {
        if (message.readUInt32LE(16) & MORE_TO_COME) continue;
        const name = commandName(message);
        const body =
          name === 'find'
            ? bodies.find
            : name === 'hello' || name === 'ismaster' || name === 'isMaster'
              ? bodies.hello
              : bodies.ok;
        socket.write(frame(OP_MSG, requestId, msgPrefix, body));
      } else {
        socket.destroy();
      }
    }
  });
  socket.on('error', () => socket.destroy());
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on mongodb://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
