import type { AuditEntryDto } from '@polos/shared';
import { i18next } from '../../client/src/i18n';
import '../../client/src/features/history/historyStrings';
import { describeAudit, type AuditNames } from '../../client/src/features/members/auditText';

/**
 * The audit view reads as sentences in the UI language (QA: raw `member.remove`, "from: participant · to:
 * observer", `closedBlocks: [ids]`): names instead of ids, translated roles, counts instead of id lists.
 */
const ANA = 'a'.repeat(24);
const GONE = 'd'.repeat(24);
const Q = 'q'.repeat(24);
const names: AuditNames = { members: new Map([[ANA, 'Ana Souza']]), titles: new Map([[Q, 'Skills']]) };
const entry = (
  action: string,
  targetType: string,
  targetId: string,
  data: Record<string, unknown>,
): AuditEntryDto => ({
  id: 'e'.repeat(24),
  workspaceId: 'w'.repeat(24),
  actor: { id: 'm'.repeat(24), name: 'Mod' },
  action,
  targetType,
  targetId,
  data,
  at: '2026-11-29T23:49:00.000Z',
});

afterAll(async () => {
  await i18next.changeLanguage('en');
});

test.each([
  [
    'en',
    [
      'Changed the role of Ana Souza from participant to observer',
      'Removed a former member from the workspace',
      'Ended the live session',
      'Closed the question “Skills”',
      'Other action (some.future)',
    ],
    '2 blocks closed · 1 question closed',
  ],
  [
    'es',
    [
      'Cambió el rol de Ana Souza de participante a observador',
      'Quitó a un antiguo miembro del espacio de trabajo',
      'Terminó la sesión en vivo',
      'Cerró la pregunta «Skills»',
      'Otra acción (some.future)',
    ],
    '2 bloques cerrados · 1 pregunta cerrada',
  ],
])('entriesReadAsSentencesWithNames (%s)', async (language, sentences, sessionDetails) => {
  await i18next.changeLanguage(language);
  const t = i18next.t.bind(i18next);
  const described = [
    entry('member.role', 'user', ANA, { from: 'participant', to: 'observer' }),
    entry('member.remove', 'user', GONE, { role: 'participant' }),
    entry('session.end', 'liveSession', 's'.repeat(24), {
      closedBlocks: ['b1', 'b2'],
      closedQuestions: ['q1'],
    }),
    entry('question.close', 'question', Q, {}),
    entry('some.future', 'thing', 'x', {}),
  ].map((e) => describeAudit(e, t, names));
  expect(described.map((d) => d.sentence)).toEqual(sentences);
  expect(described[2].details.join(' · ')).toBe(sessionDetails);
  expect(JSON.stringify(described)).not.toMatch(/[a-f0-9]{24}|closedBlocks|member\.role/);
});
