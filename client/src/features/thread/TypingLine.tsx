import { useTranslation } from 'react-i18next';
import type { TypingUser } from './useThread';

/** "Ana is typing…" — polite, never announced on every keystroke (it is not a live region). */
export function TypingLine({ typing }: { typing: TypingUser[] }) {
  const { t } = useTranslation();
  let text = '';
  if (typing.length === 1) text = t('typing.one', { name: typing[0].name });
  else if (typing.length === 2) text = t('typing.two', { a: typing[0].name, b: typing[1].name });
  else if (typing.length > 2) text = t('typing.many');
  return (
    <p className="typing-line muted" data-testid="typing-line">
      {text || '\u00a0'}
    </p>
  );
}
