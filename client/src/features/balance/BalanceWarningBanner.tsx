import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BalanceWarningDto } from '@polos/shared';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import { regionLabel } from './regionLabel';
import './balanceStrings';

const pct = (n: number | null) => Math.round((n ?? 0) * 100);

/**
 * The live balance warning in the question view (moderators only receive `balance:warning`): says which region
 * dominates the shown question, or that none does any more. A polite live region, so a screen reader announces it
 * without interrupting.
 */
export function BalanceWarningBanner({ questionId }: { questionId: string }) {
  const { t } = useTranslation();
  const [warning, setWarning] = useState<BalanceWarningDto | null>(null);
  useSocketEvent('balance:warning', (w) => {
    if (w.questionId === questionId) setWarning(w);
  });
  const dominant = warning?.questionId === questionId ? warning.indicator.dominant : null;
  return (
    <p className="notice balance-warning" aria-live="polite" role="status" data-testid="balance-warning">
      {warning?.questionId === questionId &&
        (dominant
          ? t('balance.warning', {
              region: regionLabel(t, dominant),
              share: pct(warning.indicator.contributionShare[dominant]),
              members: pct(warning.indicator.memberShare[dominant]),
            })
          : t('balance.warningCleared'))}
    </p>
  );
}
