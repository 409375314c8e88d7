/** The drafts feature's public entry: what other features may use. */
export { draftApi } from './draftApi';
export { clearDraftCaches, findUnsavedDraftEdits, type DraftCacheInfo } from './draftCache';
