import { SAFE_LINK_HREF } from '@polos/shared/editor';

/** What the Link button does with an address typed by the user. */
export type LinkInput =
  | { kind: 'remove' }
  | { kind: 'link'; href: string }
  /** A scheme the editor refuses (`javascript:`, `data:`, `ftp:`…): named in the message shown. */
  | { kind: 'refused'; scheme: string }
  | { kind: 'invalid' };

/**
 * Reads a typed link address: empty removes the link; an address without a scheme (`example.org/x`, `//host`) gets
 * `https://`; an address with a scheme is kept only if the editor's URL policy ({@link SAFE_LINK_HREF}: http(s),
 * mailto) allows it, else it is refused by name; anything with spaces or no dot in the host is invalid.
 */
const parse = (href: string): URL | null => {
  try {
    return new URL(href);
  } catch {
    return null;
  }
};

export function readLinkInput(raw: string): LinkInput {
  const input = raw.trim();
  if (input === '') return { kind: 'remove' };
  if (/\s/.test(input)) return { kind: 'invalid' };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(input)?.[1];
  // `host:port` (e.g. `localhost:8080`) is not a scheme; `example.org:8080/x` neither.
  const isScheme = scheme !== undefined && !/^\d/.test(input.slice(scheme.length + 1));
  if (isScheme) {
    return SAFE_LINK_HREF.test(input) && parse(input)
      ? { kind: 'link', href: input }
      : { kind: 'refused', scheme: `${scheme.toLowerCase()}:` };
  }
  const href = `https://${input.replace(/^\/\//, '')}`;
  if (!parse(href)?.hostname.includes('.')) return { kind: 'invalid' };
  return { kind: 'link', href };
}
