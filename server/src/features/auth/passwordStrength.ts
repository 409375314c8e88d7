import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import * as zxcvbnEs from '@zxcvbn-ts/language-es-es';
import { AppError } from '../../lib/errors';

/**
 * Lowest zxcvbn score (0–4) a new password needs: 3 = "safely unguessable: moderate protection from an
 * offline slow-hash scenario" (zxcvbn's own scale; argon2id is such a slow hash).
 */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
/** zxcvbn-ts with the common, English and Spanish dictionaries (the UI languages), built on first use. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary, ...zxcvbnEs.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  });
  return estimator;
}

/**
 * Refuses a weak new password with `400 weak_password` (the client shows its own localised message for the
 * code). `userInputs` (name, email) count as guessable words: "maria.gomez2024" is weak for María Gómez.
 *
 * @throws AppError `weak_password` when zxcvbn scores the password below {@link MIN_PASSWORD_SCORE}.
 */
export async function assertStrongPassword(password: string, userInputs: string[] = []): Promise<void> {
  // zxcvbn's cost grows with length; the schema caps passwords, and the first 100 characters decide.
  const result = await zxcvbn().checkAsync(password.slice(0, 100), userInputs.filter(Boolean));
  if (result.score >= MIN_PASSWORD_SCORE) return;
  throw new AppError(
    'weak_password',
    'This password is too easy to guess: use a longer one, e.g. a few unrelated words',
    { status: 400, details: { score: result.score, minScore: MIN_PASSWORD_SCORE } },
  );
}
