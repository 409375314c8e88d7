import type { TFunction } from 'i18next';
import type { AuditEntryDto } from '@polos/shared';

/** What the audit view knows to name an entry's target (ids the API returns → names in the UI language). */
export interface AuditNames {
  /** Member user id → display name. */
  members: ReadonlyMap<string, string>;
  /** Block or question id → its title / text in the UI language. */
  titles: ReadonlyMap<string, string>;
}

/** Details the view shows (other data keys are internal ids and stay out of the sentence). */
const DETAIL_KEYS = ['reason', 'title', 'maxUses'] as const;

const isRole = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/**
 * One audit entry as a translated sentence ("Changed the role of Ana from participant to observer") and its
 * translated details; ids become names (a user who is no longer a member: "a former member"), role codes their
 * translated names, and an unknown action still reads as a sentence naming its code.
 */
export function describeAudit(
  entry: AuditEntryDto,
  t: TFunction,
  names: AuditNames,
): { sentence: string; details: string[] } {
  const data = entry.data;
  const target =
    entry.targetType === 'user'
      ? (names.members.get(entry.targetId) ?? t('audit.formerMember'))
      : (names.titles.get(entry.targetId) ?? '');
  const role = (value: unknown) => (isRole(value) ? t(`roles.${value}`, { defaultValue: value }) : '');
  const key = `audit.actions.${entry.action.replace(/\./g, '_')}`;
  const sentence = t(key, {
    target,
    role: role(data.role),
    from: role(data.from),
    to: role(data.to),
    defaultValue: t('audit.actions.other', { code: entry.action }),
    interpolation: { escapeValue: false },
  });
  const details: string[] = [];
  for (const detail of DETAIL_KEYS) {
    const value = data[detail];
    if (typeof value === 'string' || typeof value === 'number')
      details.push(t(`audit.detail.${detail}`, { value, interpolation: { escapeValue: false } }));
  }
  for (const list of ['closedBlocks', 'closedQuestions'] as const) {
    const value = data[list];
    if (Array.isArray(value) && value.length > 0)
      details.push(t(`audit.detail.${list}`, { count: value.length }));
  }
  // member.remove stores the removed member's role: part of the sentence's meaning, shown as a detail.
  if (entry.action === 'member.remove' && isRole(data.role)) details.push(role(data.role));
  return { sentence, details };
}
