import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id parameters (OWASP minimum: m = 19 MiB, t = 2, p = 1). `algorithm: 2` is Argon2id
 * (the package's `Algorithm` is an ambient const enum, which isolated modules cannot read).
 */
export const PASSWORD_HASH_OPTIONS = {
  algorithm: 2,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

/** Verifies without throwing on malformed hashes. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** A hash to verify against when the email is unknown, so timing does not reveal which emails exist. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('polos-dummy-password-for-timing');
  return dummyHash;
}
