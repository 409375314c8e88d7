import type { Config } from '../../config/config';

/**
 * Whether a browser `Origin` may talk to us: one of PUBLIC_ORIGIN, the origin of the request's own
 * `Host`, or (outside production) any loopback origin such as the Vite dev server.
 * A missing Origin (non-browser clients) is accepted; authentication still applies.
 */
export function isAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  config: Config,
): boolean {
  if (origin === undefined) return true;
  if (config.publicOrigins.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (host !== undefined && url.host === host) return true;
  if (config.nodeEnv !== 'production' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))
    return true;
  return false;
}
