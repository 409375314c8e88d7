/**
 * The word-count rule of the balance dashboard and of every stored `post.wordCount`: the number of maximal runs of
 * characters that are not white space, white space being Unicode's `White_Space` property as ECMAScript's `\s`
 * matches it (spaces of every script — U+00A0, U+2000–U+200A, U+3000 … —, tabs, line and paragraph separators).
 * So "hola  mundo\nnuevo" is 3, "São Paulo, 2026" is 3, "—" is 1 and "" is 0; Markdown marks stay part of their
 * word ("**clave**" is 1). Text without spaces between words (Chinese, Japanese, Thai) counts as one word per run
 * — the rule of MongoDB's `$regexFindAll: /\S+/` that earlier dashboards computed, kept so figures do not change.
 */
export function countWords(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(/\S+/gu)) n += 1;
  return n;
}
