/** The moderation feature's public entry: what other features may use. */
export { ModeratorConsole } from './ModeratorConsole';
