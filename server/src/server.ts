import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createApp } from './app';
import { createContext } from './context';
import type { AppDeps } from './deps';
import { flushDrafts } from './features/drafts/drafts.realtime';
import { createRealtime, type RealtimeServer } from './realtime';

export interface PolosServer {
  readonly app: Express;
  readonly httpServer: HttpServer;
  readonly io: RealtimeServer;
  /** Listens on `port`/`host` (0 = a free port) and resolves with the base URL. */
  listen(port: number, host: string): Promise<string>;
  /** Stops accepting, disconnects sockets, closes the HTTP server, flushes open drafts. Does not close the database. */
  close(): Promise<void>;
}

/** Builds HTTP + Socket.IO on one server without listening. */
export function createServer(deps: AppDeps): PolosServer {
  // One event bus per server: routes and socket handlers publish, the realtime broadcaster listens.
  const ctx = createContext(deps);
  const app = createApp(ctx);
  const httpServer = createHttpServer(app);
  const io = createRealtime(httpServer, ctx);
  return {
    app,
    httpServer,
    io,
    listen: (port, host) =>
      new Promise<string>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const address = httpServer.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          resolve(`http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`);
        });
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        // io.close() disconnects every socket and closes the underlying HTTP server.
        void io.close(() => resolve());
        httpServer.closeAllConnections();
      });
      // While the database is still open: flush and compact the drafts being edited.
      await flushDrafts(ctx);
    },
  };
}
