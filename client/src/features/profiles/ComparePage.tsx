import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { DistrictProfileDto } from '@polos/shared';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { useWorkspace } from '../workspace';
import { profileApi } from './profileApi';
import { fieldLabel, formatFieldValue } from './profileModel';
import './profileStrings';
import './profiles.css';
import { FieldValue, VIEW_FIELDS } from './ProfileView';
import { useWorkspaceTitle } from '../../components/WorkspaceText';

/**
 * 2–4 profiles side by side (`?ids=a,b`): one column per district, one row per field. The table scrolls sideways
 * at phone width with the field names kept in view (sticky first column).
 */
export default function ComparePage() {
  const { t, i18n } = useTranslation();
  const ws = useWorkspace();
  const [search] = useSearchParams();
  const ids = (search.get('ids') ?? '')
    .split(',')
    .filter((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id))
    .slice(0, 4);
  const key = ids.join(',');
  const [profiles, setProfiles] = useState<DistrictProfileDto[] | null>(null);
  const [error, setError] = useState('');
  useDocumentTitle(t('profiles.compare.title'), useWorkspaceTitle(ws.workspace));

  useEffect(() => {
    const list = key ? key.split(',') : [];
    if (list.length < 2) return;
    Promise.all(list.map((id) => profileApi.get(ws.workspaceId, id)))
      .then(setProfiles)
      .catch((e: Error) => setError(t('profiles.error', { message: e.message })));
  }, [ws.workspaceId, key, t]);

  const back = (
    <nav className="crumbs">
      <Link to={`/w/${ws.workspaceId}/directory?compare=${key}`}>{t('profiles.compare.back')}</Link>
    </nav>
  );
  if (ids.length < 2)
    return (
      <section className="card">
        {back}
        <p>{t('profiles.compare.needTwo')}</p>
      </section>
    );
  return (
    <section className="compare-page" aria-labelledby="compare-title">
      {back}
      <h1 id="compare-title">{t('profiles.compare.title')}</h1>
      {error && <p role="alert">{error}</p>}
      {!profiles ? (
        <p aria-busy="true">{t('profiles.loading')}</p>
      ) : (
        <div className="compare-scroll" tabIndex={0} aria-labelledby="compare-title">
          <table className="compare-table" data-testid="compare-table">
            <thead>
              <tr>
                <th scope="row">{t('profiles.compare.field')}</th>
                {profiles.map((p) => (
                  <th key={p.id} scope="col" data-testid="compare-column">
                    <Link to={`/w/${ws.workspaceId}/directory/${p.id}`}>{p.name}</Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {VIEW_FIELDS.map((field) => (
                <tr key={field}>
                  <th scope="row">{fieldLabel(field, t)}</th>
                  {profiles.map((p) => (
                    <td key={p.id}>
                      <FieldValue profile={p} field={field} />
                    </td>
                  ))}
                </tr>
              ))}
              {(['offers', 'requests'] as const).map((field) => (
                <tr key={field}>
                  <th scope="row">{fieldLabel(field, t)}</th>
                  {profiles.map((p) => (
                    <td key={p.id} className="pre-wrap">
                      {formatFieldValue(field, p[field], t, i18n.language)}
                    </td>
                  ))}
                </tr>
              ))}
              <tr>
                <th scope="row">{t('profiles.completeness.label')}</th>
                {profiles.map((p) => (
                  <td key={p.id}>{t('profiles.completeness.value', { percent: p.completeness.percent })}</td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
