/**
 * Text safety rules for everything a user writes that others read (post bodies, display names, titles).
 * Defined once here and applied at the schema edge (`schemas/common.ts`), so the server stores and the
 * client's composer checks by the same rule.
 *
 * Two kinds of text "lie about themselves":
 * - **Bidirectional controls** reorder what is shown: U+202E RIGHT-TO-LEFT OVERRIDE makes the name
 *   "gpj.exe" read "exe.jpg". They are removed ({@link stripBidiControls}); the UI additionally
 *   isolates every piece of user text (`<bdi>` / `dir="auto"`) so that text which legitimately mixes
 *   directions cannot reorder its surroundings.
 * - **Invisible characters** let a post or name look empty: zero-width space, Hangul filler, Braille
 *   blank, joiners. Text made only of them counts as empty ({@link hasVisibleText}).
 */

/**
 * Unicode property `Bidi_Control` (UAX #9, PropList.txt): U+061C ARABIC LETTER MARK, U+200E/U+200F
 * LEFT-TO-RIGHT / RIGHT-TO-LEFT MARK, U+202A–U+202E embeddings, overrides and POP DIRECTIONAL
 * FORMATTING, U+2066–U+2069 isolates and POP DIRECTIONAL ISOLATE.
 */
export const BIDI_CONTROL = /\p{Bidi_Control}/u;
const BIDI_CONTROLS = new RegExp(BIDI_CONTROL.source, 'gu');

/**
 * Blank-looking characters named on top of the Unicode properties below: U+2800 BRAILLE PATTERN BLANK
 * (a symbol, `So`, in no such property) and the Hangul fillers U+115F, U+1160, U+3164, U+FFA0 (already
 * `Default_Ignorable_Code_Point`, named here because they are the fillers seen in the field and fonts
 * that lack them draw them as wide blanks).
 */
export const INVISIBLE_FILLERS = ['\u2800', '\u115F', '\u1160', '\u3164', '\uFFA0'] as const;

/**
 * One code point that shows nothing visible: Unicode `White_Space` (spaces, tabs, line breaks,
 * U+3000 …), `Default_Ignorable_Code_Point` (U+00AD, U+034F, U+180E, U+200B–U+200F, U+202A–U+202E,
 * U+2060–U+206F, U+FE00–U+FE0F, U+FEFF, tag characters …; DerivedCoreProperties.txt), control
 * characters (general category `Cc`), and {@link INVISIBLE_FILLERS}.
 */
const INVISIBLE_CHAR = new RegExp(
  `[\\p{White_Space}\\p{Default_Ignorable_Code_Point}\\p{Cc}${INVISIBLE_FILLERS.join('')}]`,
  'u',
);
const ALL_INVISIBLE = new RegExp(`^${INVISIBLE_CHAR.source}*$`, 'u');

/** `text` without any `Bidi_Control` character (see {@link BIDI_CONTROL}). */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * True when `text` contains at least one character that is not invisible (whitespace,
 * default-ignorable, control character or blank filler; see {@link INVISIBLE_FILLERS}).
 * `''`, `'\u200B\u200B'`, `'\u3164'` and `' \u2800\n'` are all false.
 */
export function hasVisibleText(text: string): boolean {
  return !ALL_INVISIBLE.test(text);
}

/**
 * Normalises user-written text the way the schemas store it: bidi controls removed, then trimmed.
 * (The caller still checks {@link hasVisibleText} and the length.)
 */
export function normalizeUserText(text: string): string {
  return stripBidiControls(text).trim();
}

/**
 * `text` wrapped in U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE (its own bidi controls
 * removed first): the plain-text equivalent of `<bdi>`, for user text placed inside a translated sentence
 * or an accessible name ("Replying to {{name}}"), where an element cannot go.
 */
export function isolateBidi(text: string): string {
  return `\u2068${stripBidiControls(text)}\u2069`;
}
