/** The auth feature's public entry: what other features may use. */
export { SignInPage } from './SignInPage';
export { useSession } from './useSession';
