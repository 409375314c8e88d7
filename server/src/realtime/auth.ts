import type { ExtendedError } from 'socket.io';
import type { ServerContext } from '../context';
import { isAllowedOrigin } from '../features/auth/origin';
import { readSessionCookie } from '../features/auth/cookies';
import { findDistrict } from '../features/districts/districts.service';
import { findSession } from '../features/sessions/sessions.service';
import { findUserById } from '../features/users/users.service';
import type { SocketUser, TypedSocket } from './types';

/** Handshake errors (the client's `connect_error` message). */
export const HandshakeError = {
  forbiddenOrigin: 'forbidden_origin',
  unauthenticated: 'unauthenticated',
  unavailable: 'unavailable',
} as const;

const handshakeError = (message: string): ExtendedError => new Error(message);

/**
 * `io.use()` middleware: refuses foreign Origins, then authenticates with the same session cookie as
 * HTTP. Sets `socket.data` and records the user for command handlers.
 */
export function socketAuth(ctx: ServerContext, users: WeakMap<TypedSocket, SocketUser>) {
  return (socket: TypedSocket, next: (err?: ExtendedError) => void): void => {
    const { headers } = socket.handshake;
    if (!isAllowedOrigin(headers.origin, headers.host, ctx.config)) {
      next(handshakeError(HandshakeError.forbiddenOrigin));
      return;
    }
    const sessionId = readSessionCookie(headers.cookie);
    if (!sessionId) {
      next(handshakeError(HandshakeError.unauthenticated));
      return;
    }
    void (async () => {
      try {
        const session = await findSession(sessionId, ctx.config.sessionSecret);
        const user = session ? await findUserById(session.userId) : null;
        if (!session || !user) {
          next(handshakeError(HandshakeError.unauthenticated));
          return;
        }
        const district = await findDistrict(user.districtId);
        socket.data = {
          userId: user._id.toHexString(),
          name: user.name,
          sessionKey: session._id,
          workspaces: {},
          blockId: null,
          subscriptions: {},
        };
        users.set(socket, {
          userId: user._id,
          name: user.name,
          district,
          sessionExpiresAt: session.expiresAt,
        });
        next();
      } catch (error) {
        ctx.logger.warn({ err: error }, 'socket handshake failed');
        next(handshakeError(HandshakeError.unavailable));
      }
    })();
  };
}
