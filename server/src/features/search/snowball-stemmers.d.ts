/** Types of `snowball-stemmers` 0.6 (ships none): Snowball stemmers by algorithm name ("spanish", …). */
declare module 'snowball-stemmers' {
  export interface Stemmer {
    stem(word: string): string;
  }
  export function newStemmer(algorithm: string): Stemmer;
  export function algorithms(): string[];
}
