/** Types for `snowball-stemmers` (ships none): the Snowball project's stemmers compiled to JavaScript. */
declare module 'snowball-stemmers' {
  /** A stemmer for one algorithm name (`english` = Porter2, `spanish`, `portuguese`, `french`, …). */
  export function newStemmer(language: string): { stem(word: string): string };
  /** The algorithm names `newStemmer` accepts. */
  export function algorithms(): string[];
}
