import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { setupWorker } from '@socket.io/sticky';
import { createApp } from './app';
import { createContext, type ServerContext } from './context';
import type { AnyFeature, SocketAuthenticator } from './contracts/feature';
import type { AppDeps } from './deps';
import { features as appFeatures } from './features';
import { createRealtime, type RealtimeServer } from './realtime';

export interface PolosServer {
  readonly app: Express;
  readonly httpServer: HttpServer;
  readonly io: RealtimeServer;
  /** What the features were built from (its event bus included). */
  readonly ctx: ServerContext;
  /** Listens on `port`/`host` (0 = a free port) and resolves with the base URL. */
  listen(port: number, host: string): Promise<string>;
  /**
   * Instead of `listen`, in a node:cluster worker: serves the connections the primary hands over
   * (@socket.io/sticky `setupMaster`). HTTP keep-alive is off here, so a kept-alive connection opened by one
   * request can never carry another session's long-polling request to the wrong worker.
   */
  acceptFromClusterPrimary(): void;
  /**
   * Stops accepting, disconnects sockets, closes the HTTP server, then runs every feature's `close` (drafts flush
   * and compact). Does not close the database.
   */
  close(): Promise<void>;
}

export interface ServerOptions {
  /** The features to build (default: the app's list, `features/index.ts`). */
  features?: readonly AnyFeature[];
  /** The socket handshake (default: the session cookie). Test harnesses and benchmarks pass their own. */
  authenticate?: SocketAuthenticator;
}

/**
 * The composition root: builds every feature once for this server (one event bus), then HTTP (their routes)
 * and Socket.IO (their commands and presenters) on one server without listening. The app, the test harnesses
 * and the benchmarks all build servers here.
 */
export function createServer(deps: AppDeps, options: ServerOptions = {}): PolosServer {
  const ctx = createContext(deps);
  const built = (options.features ?? appFeatures).map((feature) => ({
    name: feature.name,
    parts: feature.setup(ctx),
  }));
  const app = createApp(
    ctx,
    built.flatMap(({ parts }) => (parts.routes ? [parts.routes] : [])),
  );
  const httpServer = createHttpServer(app);
  const io = createRealtime(httpServer, ctx, built, options.authenticate);
  return {
    app,
    httpServer,
    io,
    ctx,
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
    // setupWorker also turns HTTP keep-alive off (see the interface).
    acceptFromClusterPrimary: () => {
      setupWorker(io);
      // Stateless sticky routing (scripts/cluster.mjs): the session id names this worker, so the primary routes a
      // long-polling request by its `sid` even before it has heard of the session over IPC.
      const workerId = cluster.worker?.id;
      if (workerId !== undefined) io.engine.generateId = () => workerSessionId(workerId);
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        // io.close() disconnects every socket and closes the underlying HTTP server.
        void io.close(() => resolve());
        httpServer.closeAllConnections();
      });
      // While the database is still open (drafts: flush and compact the drafts being edited).
      for (const { name, parts } of built) {
        try {
          await parts.close?.();
        } catch (error) {
          ctx.logger.warn({ err: error, feature: name }, 'feature shutdown failed');
        }
      }
    },
  };
}

/**
 * An Engine.IO session id that names the cluster worker owning it: `W<worker id, base 36>_` then random base64url
 * characters, 20 characters in all (the length @socket.io/sticky's primary expects; ≥ 96 random bits for 4-digit
 * worker ids). scripts/cluster.mjs reads the worker id back (`/sid=W([0-9a-z]+)_/`).
 */
export function workerSessionId(workerId: number): string {
  const prefix = `W${workerId.toString(36)}_`;
  return (
    prefix +
    randomBytes(15)
      .toString('base64url')
      .slice(0, 20 - prefix.length)
  );
}
