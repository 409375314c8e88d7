import {
  clearDraftCaches,
  draftCacheName,
  findUnsavedDraftEdits,
  markDraftCacheUnsaved,
  noteDraftCache,
  onDraftCachesClearedElsewhere,
  registerLiveDraftCache,
  unsavedDraftCaches,
} from '../../client/src/features/drafts/draftCache';

/** A stand-in for the browser's IndexedDB factory: lists databases, deletes them asynchronously. */
function fakeIndexedDb(names: string[]) {
  const existing = new Set(names);
  const deleted: string[] = [];
  const factory = {
    databases: () => Promise.resolve([...existing].map((name) => ({ name, version: 1 }))),
    deleteDatabase: (name: string) => {
      const request: { onsuccess?: () => void; onerror?: () => void } = {};
      setTimeout(() => {
        existing.delete(name);
        deleted.push(name);
        request.onsuccess?.();
      }, 0);
      return request;
    },
  };
  Object.defineProperty(globalThis, 'indexedDB', { value: factory, configurable: true, writable: true });
  return { deleted, existing };
}

describe('draft caches on the device', () => {
  afterEach(() => {
    localStorage.clear();
    delete (globalThis as { indexedDB?: unknown }).indexedDB;
  });

  test('eachUserHasTheirOwnCacheOfADraft', () => {
    expect(draftCacheName('u1', 'd1')).toBe('polos-draft:u1:d1');
    expect(draftCacheName('u2', 'd1')).not.toBe(draftCacheName('u1', 'd1'));
  });

  test('theRegistryTracksUnsavedEditsPerUser', () => {
    noteDraftCache('u1', 'd1', { title: 'Policies', workspaceId: 'w1' });
    noteDraftCache('u1', 'd2');
    expect(unsavedDraftCaches('u1')).toEqual([]);
    markDraftCacheUnsaved('u1', 'd1', true);
    // Noting the cache again (e.g. on the next join) keeps the mark.
    noteDraftCache('u1', 'd1', { title: 'Policies (EU–LAC)', workspaceId: 'w1' });
    expect(unsavedDraftCaches('u1')).toEqual([
      { draftId: 'd1', title: 'Policies (EU–LAC)', workspaceId: 'w1', unsaved: true },
    ]);
    expect(unsavedDraftCaches('u2')).toEqual([]);
    markDraftCacheUnsaved('u1', 'd1', false);
    expect(unsavedDraftCaches('u1')).toEqual([]);
  });

  test('aCorruptRegistryReadsAsEmpty', () => {
    localStorage.setItem('polos-draft-caches:u1', '{not json');
    expect(unsavedDraftCaches('u1')).toEqual([]);
    markDraftCacheUnsaved('u1', 'd1', true);
    expect(unsavedDraftCaches('u1').map((d) => d.draftId)).toEqual(['d1']);
  });

  test('findingUnsavedEditsFirstLetsOpenDraftsFinishSending', async () => {
    markDraftCacheUnsaved('u1', 'd1', true);
    markDraftCacheUnsaved('u1', 'd2', true);
    // d1 is open here and its last update is acknowledged while we wait; d2 was edited in a closed page.
    const unregister = registerLiveDraftCache({
      userId: 'u1',
      draftId: 'd1',
      settle: () =>
        new Promise((resolve) =>
          setTimeout(() => {
            markDraftCacheUnsaved('u1', 'd1', false);
            resolve(true);
          }, 10),
        ),
      close: () => Promise.resolve(),
    });
    expect((await findUnsavedDraftEdits('u1')).map((d) => d.draftId)).toEqual(['d2']);
    unregister();
  });

  test('aDraftThatCannotSendDoesNotHoldUpSignOutForever', async () => {
    markDraftCacheUnsaved('u1', 'd1', true);
    const unregister = registerLiveDraftCache({
      userId: 'u1',
      draftId: 'd1',
      settle: () => new Promise(() => undefined),
      close: () => Promise.resolve(),
    });
    // settle() never resolves: without the 50 ms bound this await never returns and the test times out.
    expect((await findUnsavedDraftEdits('u1', 50)).map((d) => d.draftId)).toEqual(['d1']);
    unregister();
  });

  test('clearingDeletesTheUsersCachesAndLegacyOnesButNotOtherUsers', async () => {
    const idb = fakeIndexedDb(['polos-draft:u1:d1', 'polos-draft:u2:d1', 'polos-draft-d9', 'unrelated']);
    noteDraftCache('u1', 'd1');
    noteDraftCache('u1', 'd3'); // listed but no longer present: deleting it is harmless
    markDraftCacheUnsaved('u2', 'd1', true);
    const closed: string[] = [];
    const live = ['u1', 'u2'].map((userId) =>
      registerLiveDraftCache({
        userId,
        draftId: 'd1',
        settle: () => Promise.resolve(true),
        close: () => {
          closed.push(userId);
          return Promise.resolve();
        },
      }),
    );
    await clearDraftCaches('u1');
    expect(closed).toEqual(['u1']);
    expect(idb.deleted.sort()).toEqual(['polos-draft-d9', 'polos-draft:u1:d1', 'polos-draft:u1:d3']);
    expect([...idb.existing].sort()).toEqual(['polos-draft:u2:d1', 'unrelated']);
    expect(localStorage.getItem('polos-draft-caches:u1')).toBeNull();
    expect(unsavedDraftCaches('u2').map((d) => d.draftId)).toEqual(['d1']);
    for (const unregister of live) unregister();
  });

  test('clearingWithoutIndexedDbStillForgetsTheRegistry', async () => {
    markDraftCacheUnsaved('u1', 'd1', true);
    await clearDraftCaches('u1');
    expect(unsavedDraftCaches('u1')).toEqual([]);
  });

  test('otherTabsLearnThatTheUsersCachesWereCleared', () => {
    const listener = jest.fn();
    const stop = onDraftCachesClearedElsewhere('u1', listener);
    const storage = (key: string, newValue: string | null) =>
      window.dispatchEvent(new StorageEvent('storage', { key, newValue }));
    storage('polos-draft-caches:u1', '{"d1":{"unsaved":true}}');
    storage('polos-draft-caches:u2', null);
    expect(listener).not.toHaveBeenCalled();
    storage('polos-draft-caches:u1', null);
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
    storage('polos-draft-caches:u1', null);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
