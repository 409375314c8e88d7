import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfilesProgressDto } from '@polos/shared';
import { useOnConnect } from '../../realtime/useSocketEvent';
import { profileApi } from './profileApi';
import { useDistrictUpdated, useProgressFact } from './live';

/**
 * "41 of 76 profiles complete — EU 22, LAC 19", kept live by the `districts:progress` fact (and re-read after a
 * reconnect or a `district:updated` fact, in case a progress fact was missed). A polite live region.
 */
export function ProgressLine({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<ProfilesProgressDto | null>(null);
  const reload = useCallback(() => {
    profileApi
      .progress(workspaceId)
      .then(setProgress)
      .catch(() => undefined);
  }, [workspaceId]);
  useEffect(reload, [reload]);
  useOnConnect(reload, [reload]);
  useProgressFact(workspaceId, setProgress);
  useDistrictUpdated(workspaceId, reload);
  return (
    <section className="card" aria-labelledby="progress-title">
      <h2 id="progress-title" className="small-title">
        {t('profiles.progress.title')}
      </h2>
      <p className="progress-line" aria-live="polite" data-testid="profiles-progress">
        {progress
          ? t('profiles.progress.line', {
              complete: progress.complete,
              total: progress.total,
              eu: progress.byRegion.EU?.complete ?? 0,
              lac: progress.byRegion.LAC?.complete ?? 0,
            })
          : '…'}
      </p>
    </section>
  );
}
