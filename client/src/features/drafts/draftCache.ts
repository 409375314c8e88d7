/**
 * The device caches of conclusions drafts: y-indexeddb keeps each draft a user opened in an IndexedDB database
 * named per user and draft (`polos-draft:<userId>:<draftId>`), so one user's offline edits are never loaded in
 * another user's session on a shared computer. A small per-user registry in localStorage lists those caches and
 * marks the ones holding edits the server has not acknowledged yet; sign-out warns about those, then deletes the
 * user's caches.
 *
 * No Yjs here: the sign-out flow (entry chunk) uses this module, the editor chunk feeds it.
 */

const CACHE_PREFIX = 'polos-draft:';
/** Caches of earlier versions, named by draft only: nobody can tell whose edits they hold, so they are deleted. */
const LEGACY_CACHE_PREFIX = 'polos-draft-';
const REGISTRY_PREFIX = 'polos-draft-caches:';

/** The IndexedDB database of one user's copy of one draft. */
export function draftCacheName(userId: string, draftId: string): string {
  return `${CACHE_PREFIX}${userId}:${draftId}`;
}

export interface DraftCacheInfo {
  draftId: string;
  title?: string;
  workspaceId?: string;
  /** Holds edits the server has not acknowledged (set on a local edit, cleared once the server holds them all). */
  unsaved: boolean;
}

type Registry = Record<string, Omit<DraftCacheInfo, 'draftId'>>;

const registryKey = (userId: string) => `${REGISTRY_PREFIX}${userId}`;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled by the browser
  }
}

function readRegistry(userId: string): Registry {
  try {
    const raw = storage()?.getItem(registryKey(userId));
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Registry) : {};
  } catch {
    return {};
  }
}

function writeRegistry(userId: string, registry: Registry): void {
  try {
    if (Object.keys(registry).length === 0) storage()?.removeItem(registryKey(userId));
    else storage()?.setItem(registryKey(userId), JSON.stringify(registry));
  } catch {
    // Quota or disabled storage: the caches are still found through indexedDB.databases() at sign-out.
  }
}

/** Records that this user's device holds a cache of the draft (and its title, for the sign-out warning). */
export function noteDraftCache(
  userId: string,
  draftId: string,
  info: { title?: string; workspaceId?: string } = {},
): void {
  const registry = readRegistry(userId);
  const entry = registry[draftId] ?? { unsaved: false };
  registry[draftId] = { ...entry, ...info, unsaved: entry.unsaved };
  writeRegistry(userId, registry);
}

/** Marks the draft's cache as holding unacknowledged edits (true) or none (false). */
export function markDraftCacheUnsaved(userId: string, draftId: string, unsaved: boolean): void {
  const registry = readRegistry(userId);
  const entry = registry[draftId];
  if (entry?.unsaved === unsaved) return;
  registry[draftId] = { ...entry, unsaved };
  writeRegistry(userId, registry);
}

/** The user's draft caches holding edits the server has not acknowledged. */
export function unsavedDraftCaches(userId: string): DraftCacheInfo[] {
  return Object.entries(readRegistry(userId))
    .filter(([, entry]) => typeof entry === 'object' && entry !== null && entry.unsaved === true)
    .map(([draftId, entry]) => ({ ...entry, draftId }));
}

/** A draft open in this page: it can wait for its updates in flight, and close its cache before deletion. */
export interface LiveDraftCache {
  userId: string;
  draftId: string;
  /** Resolves once the updates in flight are acknowledged or refused (marks the cache saved when it is). */
  settle(): Promise<unknown>;
  /** Stops writing to and closes the IndexedDB database. */
  close(): Promise<void>;
}

const live = new Set<LiveDraftCache>();

export function registerLiveDraftCache(entry: LiveDraftCache): () => void {
  live.add(entry);
  return () => live.delete(entry);
}

/**
 * The user's drafts with edits that would be lost by deleting the caches now. Drafts open in this page first get
 * up to `waitMs` to have their updates in flight acknowledged, so a sign-out right after typing does not warn.
 */
export async function findUnsavedDraftEdits(userId: string, waitMs = 5000): Promise<DraftCacheInfo[]> {
  const settling = [...live].filter((entry) => entry.userId === userId).map((entry) => entry.settle());
  if (settling.length > 0) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled(settling),
      new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
    ]);
    clearTimeout(timer);
  }
  return unsavedDraftCaches(userId);
}

/** Deletes one IndexedDB database; resolves when it is gone (or cannot be deleted: nothing more to do). */
function deleteDatabase(name: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      if (typeof indexedDB === 'undefined') throw new Error('no IndexedDB');
      request = indexedDB.deleteDatabase(name);
    } catch {
      resolve();
      return;
    }
    // Connections elsewhere (another tab) close on `versionchange` (y-indexeddb does); never hang a sign-out.
    const timer = setTimeout(resolve, timeoutMs);
    request.onsuccess = request.onerror = () => {
      clearTimeout(timer);
      resolve();
    };
  });
}

async function databaseNames(): Promise<string[]> {
  try {
    if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return [];
    return (await indexedDB.databases()).flatMap((db) => (db.name ? [db.name] : []));
  } catch {
    return [];
  }
}

/**
 * Deletes the user's draft caches (and the legacy, unattributable ones) from this device and forgets them:
 * drafts open in this page close their cache first.
 */
export async function clearDraftCaches(userId: string, timeoutMs = 5000): Promise<void> {
  await Promise.allSettled(
    [...live].filter((entry) => entry.userId === userId).map((entry) => entry.close()),
  );
  const names = new Set(Object.keys(readRegistry(userId)).map((draftId) => draftCacheName(userId, draftId)));
  for (const name of await databaseNames()) {
    if (name.startsWith(`${CACHE_PREFIX}${userId}:`) || name.startsWith(LEGACY_CACHE_PREFIX)) names.add(name);
  }
  await Promise.all([...names].map((name) => deleteDatabase(name, timeoutMs)));
  writeRegistry(userId, {});
}

/**
 * Calls `listener` when another tab of this browser cleared the user's draft caches (that user signed out there):
 * a draft open here must stop writing to its deleted cache.
 */
export function onDraftCachesClearedElsewhere(userId: string, listener: () => void): () => void {
  if (typeof window === 'undefined') return () => undefined;
  const onStorage = (event: StorageEvent) => {
    if (event.key === registryKey(userId) && event.newValue === null) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => window.removeEventListener('storage', onStorage);
}

let legacyPurged = false;

/** Deletes (once per page) the caches of earlier versions, which were named by draft only. */
export async function purgeLegacyDraftCaches(): Promise<void> {
  if (legacyPurged) return;
  legacyPurged = true;
  const legacy = (await databaseNames()).filter((name) => name.startsWith(LEGACY_CACHE_PREFIX));
  await Promise.all(legacy.map((name) => deleteDatabase(name, 5000)));
}
