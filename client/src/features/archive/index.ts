/** The archive feature's public entry: what other features may use (its pages are loaded lazily). */
export { default as ArchivePage } from './ArchivePage';
export { default as ArchiveThreadPage } from './ArchiveThreadPage';
