/**
 * What a user wrote in a question's composer and has not had stored yet, kept on this device (localStorage) so that
 * it survives the composer being unmounted (thread locked and unlocked, question changed) and a reload:
 *
 * - **drafts**: the text being written, per reply target (`''` = a new post, else the id of the post replied to);
 * - **unsent**: posts submitted but not acknowledged by the server yet, with their `clientId` (the server stores a
 *   `(author, clientId)` once, so re-sending one after a reload cannot duplicate it). An entry is removed when the
 *   server acknowledges the post, or when the user discards it.
 *
 * One key per user and question (`polos-compose:<userId>:<questionId>`), so on a shared computer one user's text is
 * never offered to another; sign-out deletes all of the user's keys (`clearComposeStore`). No React here: the
 * sign-out flow (entry chunk) uses this module.
 */

const PREFIX = 'polos-compose:';

/** A post submitted from this device and not yet acknowledged. */
export interface UnsentPost {
  clientId: string;
  body: string;
  parentId: string | null;
}

interface ComposeRecord {
  drafts: Record<string, string>;
  unsent: UnsentPost[];
}

const keyOf = (userId: string, questionId: string) => `${PREFIX}${userId}:${questionId}`;
/** The drafts map's key of a reply target (`''` = a new top-level post). */
const targetKey = (parentId: string | null) => parentId ?? '';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled by the browser: nothing is kept, nothing breaks
  }
}

function isUnsent(value: unknown): value is UnsentPost {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.clientId === 'string' &&
    typeof v.body === 'string' &&
    (v.parentId === null || typeof v.parentId === 'string')
  );
}

function read(userId: string, questionId: string): ComposeRecord {
  try {
    const raw = storage()?.getItem(keyOf(userId, questionId));
    const parsed = (raw ? JSON.parse(raw) : {}) as Partial<ComposeRecord> | null;
    const drafts: Record<string, string> = {};
    if (parsed?.drafts && typeof parsed.drafts === 'object') {
      for (const [target, text] of Object.entries(parsed.drafts))
        if (typeof text === 'string') drafts[target] = text;
    }
    const unsent = Array.isArray(parsed?.unsent) ? parsed.unsent.filter(isUnsent) : [];
    return { drafts, unsent };
  } catch {
    return { drafts: {}, unsent: [] }; // unreadable (hand-edited, another version): start empty
  }
}

function write(userId: string, questionId: string, record: ComposeRecord): void {
  const store = storage();
  if (!store) return;
  try {
    if (Object.keys(record.drafts).length === 0 && record.unsent.length === 0)
      store.removeItem(keyOf(userId, questionId));
    else store.setItem(keyOf(userId, questionId), JSON.stringify(record));
  } catch {
    // Quota exceeded: the text stays in the composer, only the device copy is missing.
  }
}

/** The unsent text of the composer for this reply target (`parentId` null = a new post), or `''`. */
export function loadComposerDraft(userId: string, questionId: string, parentId: string | null): string {
  return read(userId, questionId).drafts[targetKey(parentId)] ?? '';
}

/** Keeps (or, when blank, forgets) the composer's text for this reply target. */
export function saveComposerDraft(
  userId: string,
  questionId: string,
  parentId: string | null,
  text: string,
): void {
  const record = read(userId, questionId);
  if (text.trim()) record.drafts[targetKey(parentId)] = text;
  else delete record.drafts[targetKey(parentId)];
  write(userId, questionId, record);
}

/**
 * A post was submitted: in one write, its text moves from the draft of its reply target to the unsent posts (so it
 * is never in neither place).
 */
export function moveDraftToUnsent(userId: string, questionId: string, post: UnsentPost): void {
  const record = read(userId, questionId);
  delete record.drafts[targetKey(post.parentId)];
  if (!record.unsent.some((p) => p.clientId === post.clientId)) record.unsent.push(post);
  write(userId, questionId, record);
}

/** The posts submitted on this device and not acknowledged yet, in the order they were submitted. */
export function loadUnsent(userId: string, questionId: string): UnsentPost[] {
  return read(userId, questionId).unsent;
}

/** Forgets an unsent post (the server acknowledged it, or the user discarded it). */
export function forgetUnsent(userId: string, questionId: string, clientId: string): void {
  const record = read(userId, questionId);
  const unsent = record.unsent.filter((p) => p.clientId !== clientId);
  if (unsent.length === record.unsent.length) return;
  write(userId, questionId, { ...record, unsent });
}

/** Deletes everything the user wrote and did not send from this device (sign-out). */
export function clearComposeStore(userId: string): void {
  const store = storage();
  if (!store) return;
  const prefix = `${PREFIX}${userId}:`;
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
}
