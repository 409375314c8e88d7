/** The search feature's public entry: the page (`/w/:workspaceId/search`) and the keyboard shortcut. */
export { default as SearchPage } from './SearchPage';
export { useSearchShortcut } from './useSearchShortcut';
