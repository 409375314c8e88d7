import { useTranslation } from 'react-i18next';
import { countryName } from '../../i18n/format';

/**
 * The map's table alternative: districts per country, most first; each country is a button that filters the
 * directory (`aria-pressed` when it is the current filter).
 */
export function CountryTable({
  counts,
  selected,
  onSelect,
}: {
  counts: Record<string, number>;
  selected: string | null;
  onSelect: (country: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const rows = Object.entries(counts)
    .map(([code, count]) => ({ code, count, name: countryName(code, i18n.language) }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, i18n.language));
  return (
    <details className="country-table">
      <summary>{t('profiles.map.tableTitle')}</summary>
      <div className="compare-scroll">
        <table className="diff-table" data-testid="country-table">
          <thead>
            <tr>
              <th scope="col">{t('profiles.map.country')}</th>
              <th scope="col">{t('profiles.map.districts')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.code}>
                <th scope="row">
                  <button
                    type="button"
                    className="link"
                    aria-pressed={selected === row.code}
                    aria-label={t('profiles.map.filterBy', { country: row.name })}
                    onClick={() => onSelect(row.code)}
                  >
                    {row.name}
                  </button>
                </th>
                <td>{row.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
