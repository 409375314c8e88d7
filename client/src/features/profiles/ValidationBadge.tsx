import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DistrictProfileDto } from '@polos/shared';
import { formatDate } from './format';
import { profileApi } from './profileApi';

/** "Validated on <date>" (+ "edited since") or "Not validated"; moderators and admins can mark it validated. */
export function ValidationBadge({
  workspaceId,
  profile,
  onChange,
}: {
  workspaceId: string;
  profile: DistrictProfileDto;
  onChange?: (profile: DistrictProfileDto) => void;
}) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState('');
  const v = profile.validation;
  return (
    <p className="inline-form" data-testid="validation">
      {v ? (
        <>
          <span className="badge validated">
            {t('profiles.validation.validatedOn', { date: formatDate(v.validatedAt, i18n.language) })}
          </span>
          {v.editedSince && (
            <span className="badge edited-since">{t('profiles.validation.editedSince')}</span>
          )}
        </>
      ) : (
        <span className="badge">{t('profiles.validation.notValidated')}</span>
      )}
      {profile.canValidate && (!v || v.editedSince) && (
        <button
          type="button"
          onClick={() => {
            profileApi
              .validate(workspaceId, profile.id, true)
              .then((p) => {
                setStatus(t('profiles.validation.done'));
                onChange?.(p);
              })
              .catch((e: Error) => setStatus(t('profiles.error', { message: e.message })));
          }}
        >
          {t('profiles.validation.validate')}
        </button>
      )}
      <span role="status">{status}</span>
    </p>
  );
}
