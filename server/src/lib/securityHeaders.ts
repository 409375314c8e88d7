import type { RequestHandler } from 'express';
import type { Config } from '../config/config';

/** HSTS: one year, subdomains included (the OWASP and helmet default). */
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

/** `ws:`/`wss:` twin of an `http:`/`https:` origin (the Socket.IO connection of that origin). */
const socketOrigin = (origin: string): string => origin.replace(/^http/, 'ws');

/**
 * `connect-src` sources: the page's own origin and the configured public origins with their WebSocket
 * twins — never any `ws:`/`wss:` host, so injected script could not open a socket to a foreign server.
 * Without `PUBLIC_ORIGIN` the request's own host is used (both `ws:` and `wss:`, since a TLS proxy may
 * sit in front).
 */
function connectSources(config: Pick<Config, 'publicOrigins'>, host: string | undefined): string[] {
  if (config.publicOrigins.length > 0)
    return ["'self'", ...config.publicOrigins.flatMap((o) => [o, socketOrigin(o)])];
  const safeHost = host && /^[A-Za-z0-9.[\]:-]+$/.test(host) ? host : null;
  return safeHost ? ["'self'", `ws://${safeHost}`, `wss://${safeHost}`] : ["'self'"];
}

/**
 * Conservative security headers. The CSP forbids inline scripts, so even a sanitiser bug in Markdown
 * rendering cannot execute injected script. HSTS is sent in production and whenever a public origin is
 * `https:` (issue 15.9); browsers ignore it on plain-HTTP responses, so a local production start is unharmed.
 */
export function securityHeaders(config: Pick<Config, 'nodeEnv' | 'publicOrigins'>): RequestHandler {
  const hsts = config.nodeEnv === 'production' || config.publicOrigins.some((o) => o.startsWith('https:'));
  return (req, res, next) => {
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        `connect-src ${connectSources(config, req.headers.host).join(' ')}`,
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
    if (hsts) res.setHeader('Strict-Transport-Security', HSTS_VALUE);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    next();
  };
}
