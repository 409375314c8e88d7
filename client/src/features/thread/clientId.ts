/**
 * A fresh idempotency key for a post: 32 hex digits from the CSPRNG. (`crypto.randomUUID` exists only
 * in secure contexts; `getRandomValues` everywhere.)
 */
export function newClientId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
