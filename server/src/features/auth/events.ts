/** Sessions ended (sign-out, role change by an invite, expiry): their sockets are told and disconnected. */
export interface AuthRevoked {
  type: 'auth.revoked';
  sessionKeys: string[];
  reason: 'signed_out' | 'role_changed' | 'removed' | 'expired';
}

export type AuthEvent = AuthRevoked;
