import type { TFunction } from 'i18next';
import { errorCode } from './http';

/**
 * A failed API call in the viewer's language: the translated `errors.<code>` message for a known error code
 * (`conflict`, `invalid`, `forbidden`, `not_found`, …, in client/src/i18n/locales), else `fallbackKey` with the
 * server's (English) message as `{message}`. The server's message is detail for developers, not the UI's words.
 */
export function errorText(error: unknown, t: TFunction, fallbackKey: string): string {
  const known = t(`errors.${errorCode(error)}`, { defaultValue: '' });
  if (known) return known;
  return t(fallbackKey, { message: error instanceof Error ? error.message : String(error) });
}
