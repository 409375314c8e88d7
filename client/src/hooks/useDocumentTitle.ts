import { useEffect } from 'react';

/** The product name, last in every tab title. */
const APP_NAME = 'Polos';

/**
 * Sets the browser tab's title while the page is shown: the given parts (most specific first, already in the
 * UI language; empty parts skipped) and the product name, joined by " · " — e.g. "Members · Workspace · Polos".
 * Restores "Polos" when the page goes away.
 */
export function useDocumentTitle(...parts: ReadonlyArray<string | null | undefined>): void {
  const title = [...parts.filter((p): p is string => Boolean(p && p.trim())), APP_NAME].join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
  useEffect(
    () => () => {
      document.title = APP_NAME;
    },
    [],
  );
}
