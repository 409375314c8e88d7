import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type InputHTMLAttributes,
} from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  DISTRICT_KINDS,
  REGION_GROUPS,
  can,
  type DirectoryCardDto,
  type DirectoryPageDto,
} from '@polos/shared';
import { countryName, formatNumber } from '../../i18n/format';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { useWorkspace } from '../workspace';
import { apiQuery, compareIds, hasFilters, withParam, FILTER_KEYS } from './directoryQuery';
import { ImportPanel } from './ImportPanel';
import { useDistrictUpdated } from './live';
import { CountryTable } from './CountryTable';
import { exportUrl, profileApi } from './profileApi';
import { countryFilterOptions, useCountryOptions, useSectorOptions } from './pickers';
import './profileStrings';
import './profiles.css';
import { ValidationMini } from './ValidationMini';
import { useWorkspaceTitle } from '../../components/WorkspaceText';

// d3-geo, topojson and the atlas load only when the map is shown.
const CountryMap = lazy(() => import('./map/CountryMap'));

const PAGE = 50;

/**
 * A text input bound to a URL parameter: typed characters show at once (local state), the URL follows; a change
 * of the URL from elsewhere (clear filters, back button) replaces the local value.
 */
function UrlInput({
  value,
  onChange,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  value: string;
  onChange: (value: string) => void;
}) {
  const [local, setLocal] = useState(value);
  useEffect(() => setLocal(value), [value]);
  return (
    <input
      {...rest}
      value={local}
      onChange={(e) => {
        setLocal(e.target.value);
        onChange(e.target.value);
      }}
    />
  );
}

/** Every matching district (all pages, up to 5,000) for the map's counts and points. */
async function allMatching(workspaceId: string, query: URLSearchParams): Promise<DirectoryCardDto[]> {
  const out: DirectoryCardDto[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page += 1) {
    const q = new URLSearchParams(query);
    q.set('limit', '100');
    if (cursor) q.set('cursor', cursor);
    const result = await profileApi.list(workspaceId, q);
    out.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/**
 * The directory of the workspace's districts: filters (region group, country, kind, sector, size ranges,
 * validated, text) and sort kept in the URL, cards or a table, live updates (`district:updated`), the offline
 * map (lazy; a click on a country sets `country=`), a selection of 2–4 districts to compare, CSV/JSON export of
 * the filtered list, and the admins' CSV import.
 */
export default function DirectoryPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const ws = useWorkspace();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const [page, setPage] = useState<DirectoryPageDto | null>(null);
  const [error, setError] = useState('');
  const [announce, setAnnounce] = useState('');
  const [mapItems, setMapItems] = useState<DirectoryCardDto[] | null>(null);
  const countries = useCountryOptions(lang);
  const sectors = useSectorOptions(lang);
  useDocumentTitle(t('profiles.directory.title'), useWorkspaceTitle(ws.workspace));

  const view = search.get('view') === 'table' ? 'table' : 'cards';
  const showMap = search.get('map') !== '0';
  // Local mirrors of URL state that inputs need synchronously (the router applies URL changes in a transition).
  const compareParam = search.get('compare') ?? '';
  const [selected, setSelected] = useState(() => compareIds(search));
  useEffect(() => setSelected(compareIds(new URLSearchParams({ compare: compareParam }))), [compareParam]);
  const queryKey = apiQuery(search).toString();
  const mapKey = apiQuery(search, { without: ['country'] }).toString();
  const loadedCount = useRef(PAGE);

  // The list: debounced on typing, re-read on every filter change and on live facts.
  const load = useCallback(
    (limit: number) => {
      const query = new URLSearchParams(queryKey);
      query.set('limit', String(Math.min(100, Math.max(PAGE, limit))));
      return profileApi
        .list(ws.workspaceId, query)
        .then((result) => {
          setPage(result);
          setError('');
        })
        .catch((e: Error) => setError(t('profiles.error', { message: e.message })));
    },
    [ws.workspaceId, queryKey, t],
  );
  useEffect(() => {
    const timer = setTimeout(() => void load(PAGE), 200);
    loadedCount.current = PAGE;
    return () => clearTimeout(timer);
  }, [load]);

  const loadMap = useCallback(() => {
    if (!showMap) return;
    allMatching(ws.workspaceId, new URLSearchParams(mapKey))
      .then(setMapItems)
      .catch(() => undefined);
  }, [ws.workspaceId, mapKey, showMap]);
  useEffect(() => {
    const timer = setTimeout(loadMap, 200);
    return () => clearTimeout(timer);
  }, [loadMap]);

  // The country filter lists the countries that have districts in the workspace (all filters off), with counts.
  const [countryCounts, setCountryCounts] = useState<Record<string, number> | null>(null);
  const loadCountries = useCallback(() => {
    allMatching(ws.workspaceId, new URLSearchParams())
      .then((all) => {
        const out: Record<string, number> = {};
        for (const d of all) out[d.country] = (out[d.country] ?? 0) + 1;
        setCountryCounts(out);
      })
      .catch(() => undefined);
  }, [ws.workspaceId]);
  useEffect(loadCountries, [loadCountries]);

  // Live: another member changed a profile, re-read what is shown (same filters, same length).
  const liveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useDistrictUpdated(ws.workspaceId, () => {
    if (liveTimer.current) clearTimeout(liveTimer.current);
    liveTimer.current = setTimeout(() => {
      void load(loadedCount.current).then(() => setAnnounce(t('profiles.directory.updated')));
      loadMap();
      loadCountries();
    }, 150);
  });
  useEffect(() => () => void (liveTimer.current && clearTimeout(liveTimer.current)), []);

  const setParam = (key: string, value: string | null) =>
    setSearch(withParam(search, key, value), { replace: key === 'q' });

  const more = () => {
    if (!page?.nextCursor) return;
    const query = new URLSearchParams(queryKey);
    query.set('limit', String(PAGE));
    query.set('cursor', page.nextCursor);
    profileApi
      .list(ws.workspaceId, query)
      .then((next) => {
        loadedCount.current += next.items.length;
        setPage({ ...next, items: [...page.items, ...next.items] });
      })
      .catch((e: Error) => setError(t('profiles.error', { message: e.message })));
  };

  const toggleCompare = (id: string, on: boolean) => {
    const next = on ? [...selected.filter((x) => x !== id), id].slice(-4) : selected.filter((x) => x !== id);
    setSelected(next);
    setSearch(withParam(search, 'compare', next.join(',') || null), { replace: true });
  };

  const counts = useMemo(() => {
    const out: Record<string, number> = {};
    for (const d of mapItems ?? []) out[d.country] = (out[d.country] ?? 0) + 1;
    return out;
  }, [mapItems]);
  const points = useMemo(
    () =>
      (mapItems ?? [])
        .filter((d) => d.coordinates)
        .map((d) => ({
          id: d.id,
          name: d.name,
          country: d.country,
          lat: d.coordinates!.lat,
          lon: d.coordinates!.lng,
        })),
    [mapItems],
  );
  // Stable for the memoised map: reads the current URL through a ref.
  const searchRef = useRef(search);
  searchRef.current = search;
  const selectCountry = useCallback(
    (code: string) => {
      const current = searchRef.current;
      setSearch(withParam(current, 'country', current.get('country') === code ? null : code));
    },
    [setSearch],
  );

  const select = (
    key: (typeof FILTER_KEYS)[number],
    label: string,
    options: Array<{ value: string; label: string }>,
  ) => (
    <div className="field">
      <label htmlFor={`dir-${key}`} className="field-label">
        {label}
      </label>
      <select id={`dir-${key}`} value={search.get(key) ?? ''} onChange={(e) => setParam(key, e.target.value)}>
        <option value="">{t('profiles.directory.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const range = (prefix: 'firms' | 'employees', label: string) => (
    <fieldset className="field">
      <legend className="field-label">{label}</legend>
      <div className="range-pair">
        {(['Min', 'Max'] as const).map((edge) => (
          <label key={edge}>
            <span className="visually-hidden">
              {label} {t(`profiles.directory.${edge === 'Min' ? 'min' : 'max'}`)}
            </span>
            <UrlInput
              id={`dir-${prefix}${edge}`}
              type="number"
              min={0}
              inputMode="numeric"
              placeholder={t(`profiles.directory.${edge === 'Min' ? 'min' : 'max'}`)}
              value={search.get(`${prefix}${edge}`) ?? ''}
              onChange={(v) => setParam(`${prefix}${edge}`, v.replace(/[^\d]/g, ''))}
            />
          </label>
        ))}
      </div>
    </fieldset>
  );

  const items = page?.items ?? [];
  return (
    <div className="directory-page">
      <h1>{t('profiles.directory.title')}</h1>
      <p className="muted">{t('profiles.directory.intro')}</p>
      <div className="directory-layout">
        <form
          className="directory-filters card"
          role="search"
          aria-labelledby="dir-filters-title"
          onSubmit={(e) => e.preventDefault()}
        >
          <h2 id="dir-filters-title" className="small-title">
            {t('profiles.directory.filters')}
          </h2>
          <div className="field">
            <label htmlFor="dir-q" className="field-label">
              {t('profiles.directory.text')}
            </label>
            <UrlInput
              id="dir-q"
              type="search"
              value={search.get('q') ?? ''}
              onChange={(v) => setParam('q', v)}
            />
          </div>
          {select(
            'regionGroup',
            t('profiles.directory.regionGroup'),
            REGION_GROUPS.map((g) => ({ value: g, label: t(`profiles.regionGroup.${g}`) })),
          )}
          {select(
            'country',
            t('profiles.directory.country'),
            countryFilterOptions(countryCounts, countries, search.get('country'), lang),
          )}
          {select(
            'kind',
            t('profiles.directory.kind'),
            DISTRICT_KINDS.map((k) => ({ value: k, label: t(`profiles.kind.${k}`) })),
          )}
          {select(
            'sector',
            t('profiles.directory.sector'),
            sectors.map((s) => ({ value: s.code, label: s.label })),
          )}
          {range('firms', t('profiles.directory.firmsRange'))}
          {range('employees', t('profiles.directory.employeesRange'))}
          {select('validated', t('profiles.directory.validated'), [
            { value: 'true', label: t('profiles.directory.validatedYes') },
            { value: 'false', label: t('profiles.directory.validatedNo') },
          ])}
          <div className="field">
            <label htmlFor="dir-sort" className="field-label">
              {t('profiles.directory.sort')}
            </label>
            <select
              id="dir-sort"
              value={search.get('sort') ?? 'name'}
              onChange={(e) => setParam('sort', e.target.value)}
            >
              <option value="name">{t('profiles.directory.sortName')}</option>
              <option value="country">{t('profiles.directory.sortCountry')}</option>
              <option value="-firms">{t('profiles.directory.sortFirms')}</option>
              <option value="-employees">{t('profiles.directory.sortEmployees')}</option>
              <option value="-updated">{t('profiles.directory.sortUpdated')}</option>
            </select>
          </div>
          {hasFilters(search) && (
            <button
              type="button"
              onClick={() => {
                const next = new URLSearchParams(search);
                for (const key of FILTER_KEYS) next.delete(key);
                setSearch(next);
              }}
            >
              {t('profiles.directory.clear')}
            </button>
          )}
        </form>

        <div className="directory-results">
          <div className="toolbar-row">
            <p aria-live="polite" data-testid="directory-count">
              {page ? t('profiles.directory.count', { count: page.total }) : t('profiles.loading')}
            </p>
            <fieldset className="inline-form" aria-label={t('profiles.directory.view')}>
              <button type="button" aria-pressed={view === 'cards'} onClick={() => setParam('view', null)}>
                {t('profiles.directory.cards')}
              </button>
              <button type="button" aria-pressed={view === 'table'} onClick={() => setParam('view', 'table')}>
                {t('profiles.directory.table')}
              </button>
              <button
                type="button"
                aria-pressed={showMap}
                onClick={() => setParam('map', showMap ? '0' : null)}
              >
                {showMap ? t('profiles.directory.hideMap') : t('profiles.directory.showMap')}
              </button>
            </fieldset>
            <a className="button" href={exportUrl(ws.workspaceId, apiQuery(search), 'csv')} download>
              {t('profiles.directory.exportCsv')}
            </a>
            <a className="button" href={exportUrl(ws.workspaceId, apiQuery(search), 'json')} download>
              {t('profiles.directory.exportJson')}
            </a>
          </div>
          <div className="toolbar-row">
            <button
              type="button"
              className="primary"
              disabled={selected.length < 2}
              data-testid="compare-button"
              onClick={() =>
                void navigate(`/w/${ws.workspaceId}/directory/compare?ids=${selected.join(',')}`)
              }
            >
              {t('profiles.directory.compare', { count: selected.length })}
            </button>
            <span className="muted">{t('profiles.directory.compareHint')}</span>
          </div>
          <p className="visually-hidden" role="status">
            {announce}
          </p>
          {error && <p role="alert">{error}</p>}

          {showMap && (
            <section className="card" aria-labelledby="dir-map-title">
              <h2 id="dir-map-title" className="small-title">
                {t('profiles.map.title')}
              </h2>
              <Suspense fallback={<p aria-busy="true">{t('profiles.map.loading')}</p>}>
                <CountryMap
                  counts={counts}
                  points={points}
                  selected={search.get('country')}
                  onSelect={selectCountry}
                />
              </Suspense>
              <CountryTable counts={counts} selected={search.get('country')} onSelect={selectCountry} />
            </section>
          )}

          {page && items.length === 0 && <p>{t('profiles.directory.none')}</p>}
          {view === 'cards' ? (
            <ul className="district-cards" data-testid="directory-list">
              {items.map((d) => (
                <li
                  key={d.id}
                  className="card district-card"
                  data-testid="district-card"
                  data-district-id={d.id}
                >
                  <h3>
                    <Link to={`/w/${ws.workspaceId}/directory/${d.id}`}>{d.name}</Link>{' '}
                    {d.demo && <span className="badge">{t('profiles.demo')}</span>}
                  </h3>
                  <p className="muted">
                    {[d.localDesignation, t(`profiles.kind.${d.kind}`)].filter(Boolean).join(' · ')}
                  </p>
                  <p>
                    {countryName(d.country, lang)}
                    {d.region ? ` · ${d.region}` : ''}
                    {d.city ? ` · ${d.city}` : ''}
                  </p>
                  <p className="small">
                    {[
                      d.members ? t('profiles.directory.firmsShort', { count: d.members.firms }) : null,
                      d.employees !== null
                        ? t('profiles.directory.employeesShort', { count: d.employees })
                        : null,
                      t('profiles.directory.offersShort', { count: d.offers.length }),
                      t('profiles.directory.requestsShort', { count: d.requests.length }),
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </p>
                  <ValidationMini card={d} />
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={selected.includes(d.id)}
                      onChange={(e) => toggleCompare(d.id, e.target.checked)}
                    />
                    {t('profiles.directory.compareSelect', { name: d.name })}
                  </label>
                </li>
              ))}
            </ul>
          ) : (
            <div className="compare-scroll">
              <table className="compare-table" data-testid="directory-list">
                <thead>
                  <tr>
                    <th scope="col">{t('profiles.field.name')}</th>
                    <th scope="col">{t('profiles.field.country')}</th>
                    <th scope="col">{t('profiles.field.kind')}</th>
                    <th scope="col">{t('profiles.field.firms')}</th>
                    <th scope="col">{t('profiles.field.employees')}</th>
                    <th scope="col">{t('profiles.field.validated')}</th>
                    <th scope="col">{t('profiles.directory.compare', { count: selected.length })}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((d) => (
                    <tr key={d.id} data-testid="district-card" data-district-id={d.id}>
                      <td>
                        <Link to={`/w/${ws.workspaceId}/directory/${d.id}`}>{d.name}</Link>
                      </td>
                      <td>{countryName(d.country, lang)}</td>
                      <td>{t(`profiles.kind.${d.kind}`)}</td>
                      <td>{d.members ? formatNumber(d.members.firms, lang) : ''}</td>
                      <td>{d.employees !== null ? formatNumber(d.employees, lang) : ''}</td>
                      <td>
                        <ValidationMini card={d} />
                      </td>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={t('profiles.directory.compareSelect', { name: d.name })}
                          checked={selected.includes(d.id)}
                          onChange={(e) => toggleCompare(d.id, e.target.checked)}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {page?.nextCursor && (
            <button type="button" onClick={more}>
              {t('profiles.directory.more')}
            </button>
          )}
          {can(ws.workspace?.role, 'administer') && (
            <ImportPanel workspaceId={ws.workspaceId} onImported={() => void load(loadedCount.current)} />
          )}
        </div>
      </div>
    </div>
  );
}
