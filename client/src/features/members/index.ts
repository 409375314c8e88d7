/** The members feature's public entry (its pages are loaded lazily). */
export { default as AuditPage } from './AuditPage';
export { default as MembersPage } from './MembersPage';
