/**
 * The soak server child (see soakServer.ts, which forks this file's bundle under `--expose-gc`): the real server
 * built exactly as the test harness does, on the parent's database, answering `stats` and `stop` over IPC.
 */
import { connectDatabase } from '../../server/src/db/connection';
import { draftRuntime } from '../../server/src/features/drafts/drafts.runtime';
import { presenceOf } from '../../server/src/features/presence/presence.service';
import { createLogger } from '../../server/src/lib/logger';
import { createServer } from '../../server/src/server';
import type { FromChild, ToChild } from './soakServer';
import { testConfig } from './server';

/** The child: builds the server exactly as the test harness does, on the parent's database. */
async function runChild(dbUri: string): Promise<void> {
  const config = testConfig();
  const logger = createLogger(config.logLevel);
  const database = await connectDatabase(dbUri, 'embedded', logger);
  const server = createServer({ config, logger, db: database });
  const url = await server.listen(0, '127.0.0.1');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const reply = (message: FromChild) => process.send?.(message);

  process.on('message', (message: ToChild) => {
    void (async () => {
      if (message.type === 'stop') {
        await server.close();
        await database.close();
        process.exit(0);
      }
      // Several full collections with turns of the event loop between them: finalisers and weak references
      // released by one collection are collected by the next.
      for (let i = 0; message.gc && i < 4; i++) {
        gc();
        await new Promise((resolve) => setImmediate(resolve));
      }
      let draftMembers = 0;
      for (const room of draftRuntime(server.ctx).hub.loadedRooms()) draftMembers += room.members.size;
      reply({
        type: 'stats',
        stats: {
          heapUsed: process.memoryUsage().heapUsed + process.memoryUsage().external,
          engineClients: server.io.engine.clientsCount,
          sockets: server.io.of('/').sockets.size,
          rooms: server.io.of('/').adapter.rooms.size,
          presenceBlocks: presenceOf(server.ctx).size,
          draftMembers,
        },
      });
    })().catch((error: unknown) => reply({ type: 'error', message: String(error) }));
  });
  reply({ type: 'ready', url });
}

if (process.env.POLOS_SOAK_DB_URI) {
  runChild(process.env.POLOS_SOAK_DB_URI).catch((error: unknown) => {
    process.send?.({ type: 'error', message: error instanceof Error ? error.stack : String(error) });
    process.exit(1);
  });
}
