import { useTranslation } from 'react-i18next';
import type { DirectoryCardDto } from '@polos/shared';

/** The directory's validation mark of a card: "Validated" (+ "edited since") or nothing. */
export function ValidationMini({ card }: { card: DirectoryCardDto }) {
  const { t } = useTranslation();
  if (!card.validated) return null;
  return (
    <span className="inline-form">
      <span className="badge validated">{t('profiles.field.validated')}</span>
      {card.editedSinceValidation && (
        <span className="badge edited-since">{t('profiles.validation.editedSince')}</span>
      )}
    </span>
  );
}
