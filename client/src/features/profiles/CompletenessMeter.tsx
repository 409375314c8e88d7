import { useTranslation } from 'react-i18next';
import type { CompletenessDto } from '@polos/shared';
import { fieldLabel } from './profileModel';

/** The completeness meter: percentage as a `<meter>`-like bar plus the names of the missing key fields. */
export function CompletenessMeter({ completeness }: { completeness: CompletenessDto }) {
  const { t } = useTranslation();
  const missing = completeness.missing.map((f) => fieldLabel(f, t)).join(', ');
  return (
    <section className="completeness" aria-labelledby="completeness-label" data-testid="completeness">
      <p id="completeness-label" className="small-title">
        {/* One message per language: French puts a no-break space before the colon. */}
        {t('profiles.completeness.line', { percent: completeness.percent })}
      </p>
      <div
        className="meter"
        role="meter"
        aria-labelledby="completeness-label"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={completeness.percent}
      >
        <span style={{ width: `${completeness.percent}%` }} />
      </div>
      <p className="muted" data-testid="completeness-missing">
        {completeness.missing.length
          ? t('profiles.completeness.missing', { fields: missing })
          : t('profiles.completeness.complete')}
      </p>
    </section>
  );
}
