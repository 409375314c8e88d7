/**
 * The ceiling: a bare Socket.IO server on the same stack, no auth, no validation, no database. A
 * client joins one room; a sender's `post:create` is acked and its payload broadcast to the room as
 * `post:created`, shaped like the app's stored change. Prints `listening on <url>` when ready.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false });
let seq = 0;

io.on('connection', (socket) => {
  socket.on('room:join', (payload: { room: string }, ack: (reply: unknown) => void) => {
    void socket.join(payload.room);
    ack({ ok: true, data: null });
  });
  socket.on(
    'post:create',
    (payload: { questionId: string; clientId: string; body: string }, ack: (reply: unknown) => void) => {
      seq += 1;
      const now = new Date().toISOString();
      const change = {
        questionId: payload.questionId,
        seq,
        kind: 'created',
        post: {
          id: `bare${String(seq).padStart(20, '0')}`,
          questionId: payload.questionId,
          parentId: null,
          author: {
            id: 'bare-author',
            name: 'Bench Participant',
            districtName: 'Demo district',
            country: 'ES',
          },
          clientId: payload.clientId,
          body: payload.body,
          seq,
          reactions: {},
          editedAt: null,
          deletedAt: null,
          hidden: false,
          createdAt: now,
          updatedAt: now,
        },
      };
      ack({ ok: true, data: change });
      io.to(`question:${payload.questionId}`).emit('post:created', change);
    },
  );
});

httpServer.listen(0, '127.0.0.1', () => {
  const { port } = httpServer.address() as AddressInfo;
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => {
  void io.close(() => process.exit(0));
});
