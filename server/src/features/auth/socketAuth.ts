import type { ExtendedError } from 'socket.io';
import type { ServerContext } from '../../context';
import type { SocketAuthenticator } from '../../contracts/feature';
import { regionGroupOfDoc } from '../districts/districts.presenter';
import { findDistrict } from '../districts/districts.service';
import { findSession } from '../sessions/sessions.service';
import { findUserById } from '../users/users.service';
import { readSessionCookie } from './cookies';
import { isAllowedOrigin } from './origin';

/** Handshake errors (the client's `connect_error` message). */
export const HandshakeError = {
  forbiddenOrigin: 'forbidden_origin',
  unauthenticated: 'unauthenticated',
  unavailable: 'unavailable',
} as const;

const handshakeError = (message: string): ExtendedError => new Error(message);

/**
 * The app's handshake: refuses foreign Origins, then authenticates with the same session cookie as HTTP.
 */
export function socketAuth(ctx: ServerContext): SocketAuthenticator {
  return async (socket) => {
    const { headers } = socket.handshake;
    if (!isAllowedOrigin(headers.origin, headers.host, ctx.config))
      throw handshakeError(HandshakeError.forbiddenOrigin);
    const sessionId = readSessionCookie(headers.cookie);
    if (!sessionId) throw handshakeError(HandshakeError.unauthenticated);
    let session, user, district;
    try {
      session = await findSession(sessionId, ctx.config.sessionSecret);
      user = session ? await findUserById(session.userId) : null;
      district = user ? await findDistrict(user.districtId) : null;
    } catch (error) {
      ctx.logger.warn({ err: error }, 'socket handshake failed');
      throw handshakeError(HandshakeError.unavailable);
    }
    if (!session || !user) throw handshakeError(HandshakeError.unauthenticated);
    socket.data = {
      userId: user._id.toHexString(),
      name: user.name,
      sessionKey: session._id,
      workspaces: {},
      blockId: null,
      subscriptions: {},
    };
    // Only what commands read: a connection must not keep the whole district (profile texts…) for its lifetime.
    return {
      userId: user._id,
      name: user.name,
      district: district
        ? {
            _id: district._id,
            name: district.name,
            country: district.country,
            regionGroup: regionGroupOfDoc(district),
          }
        : null,
      sessionExpiresAt: session.expiresAt,
    };
  };
}
