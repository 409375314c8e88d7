import {
  hasVisibleText,
  normalizeUserText,
  personNameSchema,
  postBodySchema,
  postCreateSchema,
  sessionStartSchema,
  stripBidiControls,
} from '@polos/shared';

/** Every `Bidi_Control` code point (UAX #9 / PropList.txt). */
const BIDI_CONTROLS = [
  '\u061C',
  '\u200E',
  '\u200F',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
];

/** Characters that show nothing: zero-width, joiners, fillers, blanks, BOM, whitespace of every kind. */
const INVISIBLE = [
  '\u200B', // zero-width space
  '\u200C', // zero-width non-joiner
  '\u200D', // zero-width joiner
  '\u2060', // word joiner
  '\uFEFF', // BOM / zero-width no-break space
  '\u3164', // Hangul filler
  '\u2800', // Braille pattern blank
  '\u115F', // Hangul choseong filler
  '\u1160', // Hangul jungseong filler
  '\uFFA0', // halfwidth Hangul filler
  '\u00AD', // soft hyphen
  '\u034F', // combining grapheme joiner
  '\u180E', // Mongolian vowel separator
  '\uFE0F', // variation selector 16
  '\u{E0020}', // tag space
  '\u00A0', // no-break space
  '\u3000', // ideographic space
  '\u2028', // line separator
  '\t',
  '\n',
  ' ',
  '\u0007', // control character
  ...BIDI_CONTROLS,
];

describe('text safety rules', () => {
  test.each(INVISIBLE.map((ch) => [ch.codePointAt(0)!.toString(16).toUpperCase(), ch]))(
    'U+%s alone (and repeated) is not visible text',
    (_hex, ch) => {
      expect(hasVisibleText(ch)).toBe(false);
      expect(hasVisibleText(ch.repeat(50))).toBe(false);
    },
  );

  test('everyInvisibleCharacterTogetherIsStillEmptyButOneLetterIsNot', () => {
    const all = INVISIBLE.join('');
    expect(hasVisibleText('')).toBe(false);
    expect(hasVisibleText(all)).toBe(false);
    expect(hasVisibleText(all + 'a' + all)).toBe(true);
    for (const visible of ['.', 'ñ', '1', '😀', '中', 'ب', '\u2801' /* Braille dot 1 */])
      expect(hasVisibleText(`\u200B${visible}\u3164`)).toBe(true);
  });

  test('stripsEveryBidiControlAndNothingElse', () => {
    expect(stripBidiControls(BIDI_CONTROLS.join(''))).toBe('');
    // The "gpj.exe" trick: U+202E makes it read "exe.jpg".
    expect(stripBidiControls('report\u202Egpj.exe')).toBe('reportgpj.exe');
    expect(stripBidiControls('Ana \u2067مرحبا\u2069 ñ 😀 \u200D')).toBe('Ana مرحبا ñ 😀 \u200D');
    expect(normalizeUserText('  \u202E Ana  \u202C ')).toBe('Ana');
  });
});

describe('user text in the shared schemas', () => {
  const questionId = 'a'.repeat(24);
  const clientId = 'client-0001';

  test.each([
    ['zero-width spaces', '\u200B\u200B\u200B'],
    ['Hangul fillers', '\u3164\u3164'],
    ['Braille blanks and spaces', '\u2800 \u2800\n\u2800'],
    ['joiners and word joiner', '\u200D\u200C\u2060'],
    ['bidi controls only', '\u202E\u202D\u2066'],
    ['empty', ''],
  ])('a post of %s is refused as empty', (_name, body) => {
    const result = postCreateSchema.safeParse({ questionId, clientId, body });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['body'], message: 'must contain visible text' });
  });

  test('storedTextHasNoBidiControlsAndIsTrimmed', () => {
    expect(postBodySchema.parse('  \u202Egpj.exe\u202C is *fine*\n')).toBe('gpj.exe is *fine*');
    expect(personNameSchema.parse('\u202EAna Pérez')).toBe('Ana Pérez');
    expect(sessionStartSchema.parse({ workspaceId: questionId, title: '\u2067Hamburg\u2069' })).toEqual({
      workspaceId: questionId,
      title: 'Hamburg',
    });
  });

  test('namesAndTitlesOfInvisibleCharactersAreRefused', () => {
    expect(personNameSchema.safeParse('\u3164').success).toBe(false);
    expect(personNameSchema.safeParse('\u200B \u2800').success).toBe(false);
    expect(sessionStartSchema.safeParse({ workspaceId: questionId, title: '\uFEFF' }).success).toBe(false);
  });

  test('lengthIsCountedAfterNormalising', () => {
    expect(personNameSchema.safeParse('a'.repeat(100)).success).toBe(true);
    expect(personNameSchema.safeParse('\u202E' + 'a'.repeat(100)).success).toBe(true);
    expect(personNameSchema.safeParse('a'.repeat(101)).error?.issues[0].message).toBe(
      'must be at most 100 characters',
    );
  });
});
