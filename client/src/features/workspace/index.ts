/** The workspace feature's public entry: what other features may use. */
export { useWorkspace } from './useWorkspace';
