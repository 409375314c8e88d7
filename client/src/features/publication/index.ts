/**
 * The publication feature's public entry (issue 12.4): the archive page's panel (bundle download for moderators,
 * public-page toggle for admins) and the public year page (lazy, works signed out).
 */
export { PublicationPanel } from './PublicationPanel';
export const loadPublicYearPage = () => import('./PublicYearPage');
