import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  SEARCH_KINDS,
  searchResultPath,
  type DirectoryPageDto,
  type MemberDto,
  type SearchResponseDto,
  type SearchResultDto,
} from '@polos/shared';
import { api, errorCode } from '../../api/http';
import { formatDate, resolveLocalized } from '../../i18n/format';
import { useWorkspace } from '../workspace';
import './searchStrings';
import { SEARCH_INPUT_ID } from './useSearchShortcut';
import './search.css';
import { useWorkspaceTitle } from '../../components/WorkspaceText';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

/** Text with `<mark>` around the given ranges, built as React nodes (the text is escaped by React, never HTML). */
export function Highlighted({ text, ranges }: { text: string; ranges: ReadonlyArray<[number, number]> }) {
  const parts: ReactNode[] = [];
  let at = 0;
  ranges.forEach(([s, e], i) => {
    if (s < at || e > text.length) return;
    if (s > at) parts.push(text.slice(at, s));
    parts.push(<mark key={i}>{text.slice(s, e)}</mark>);
    at = e;
  });
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

const FILTERS = ['type', 'blockId', 'region', 'from', 'to', 'authorId', 'districtId'] as const;

function ResultItem({ workspaceId, r }: { workspaceId: string; r: SearchResultDto }) {
  const { t, i18n } = useTranslation();
  const title = r.title || r.snippet.text.slice(0, 80);
  const titleRanges = r.title ? r.titleHighlights : r.snippet.highlights.filter(([, e]) => e <= 80);
  return (
    <li className="search-result" data-testid="search-result">
      {/* Each result is a heading: screen-reader users jump between results by heading (QA m8). */}
      <h2 className="search-result-title">
        <Link to={searchResultPath(workspaceId, r)} className="search-result-link">
          <span className="search-kind">{t(`search.kind.${r.kind}`)}</span>{' '}
          <Highlighted text={title} ranges={titleRanges} />
        </Link>
      </h2>
      {r.title && r.snippet.text && (
        <p className="search-snippet">
          {r.snippet.truncatedStart && '… '}
          <Highlighted text={r.snippet.text} ranges={r.snippet.highlights} />
          {r.snippet.truncatedEnd && ' …'}
        </p>
      )}
      <p className="search-meta muted">
        {r.releaseNumber != null && <span>{t('search.release', { number: r.releaseNumber })} · </span>}
        {r.authorName && <span>{t('search.by', { name: r.authorName })} · </span>}
        {r.districtName && r.kind !== 'profile' && <span>{r.districtName} · </span>}
        <time dateTime={r.at}>{formatDate(r.at, i18n.language)}</time>
        {r.hidden && <span className="search-hidden"> · {t('search.hidden')}</span>}
      </p>
    </li>
  );
}

/** An option of the author and district filters: an id and the name shown. */
interface FilterOption {
  id: string;
  name: string;
}

/**
 * The options of the author and district filters (the server's `authorId` / `districtId`): the workspace's
 * members (`GET …/members`) and its districts (every page of `GET …/districts`), each sorted by name in the UI
 * language. Empty lists until loaded (or when a read fails: the filters then offer only "any").
 */
function useFilterOptions(
  workspaceId: string,
  lang: string,
): { authors: FilterOption[]; districts: FilterOption[] } {
  const [authors, setAuthors] = useState<FilterOption[]>([]);
  const [districts, setDistricts] = useState<FilterOption[]>([]);
  useEffect(() => {
    let live = true;
    const byName = (a: FilterOption, b: FilterOption) => a.name.localeCompare(b.name, lang);
    api<MemberDto[]>('GET', `/api/workspaces/${workspaceId}/members`).then(
      (members) =>
        live &&
        setAuthors(
          members
            .filter((m) => !m.user.deleted && m.user.name)
            .map((m) => ({ id: m.user.id, name: m.user.name }))
            .sort(byName),
        ),
      () => undefined,
    );
    void (async () => {
      const out: FilterOption[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 50; page += 1) {
        const q = new URLSearchParams({ limit: '100' });
        if (cursor) q.set('cursor', cursor);
        const body: DirectoryPageDto = await api<DirectoryPageDto>(
          'GET',
          `/api/workspaces/${workspaceId}/districts?${q.toString()}`,
        );
        out.push(...body.items.map((d) => ({ id: d.id, name: d.name })));
        cursor = body.nextCursor;
        if (!cursor) break;
      }
      if (live) setDistricts(out.sort(byName));
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [workspaceId, lang]);
  return { authors, districts };
}

/** `/w/:workspaceId/search`: a labelled search landmark, filters, the count in a live region, results as links. */
export default function SearchPage() {
  const { t, i18n } = useTranslation();
  const ws = useWorkspace();
  useDocumentTitle(t('search.title'), useWorkspaceTitle(ws.workspace));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const [state, setState] = useState<
    | { status: 'idle' }
    | { status: 'loading' }
    | { status: 'done'; body: SearchResponseDto }
    | { status: 'error'; code: string }
  >({ status: 'idle' });
  const inputRef = useRef<HTMLInputElement>(null);
  const lang = i18n.language.slice(0, 2);
  const { authors, districts } = useFilterOptions(ws.workspaceId, lang);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);
  useEffect(() => setDraft(q), [q]);

  const query = params.toString();
  useEffect(() => {
    if (!q.trim()) {
      setState({ status: 'idle' });
      return;
    }
    let live = true;
    setState({ status: 'loading' });
    const search = new URLSearchParams(query);
    search.set('lang', lang);
    api<SearchResponseDto>('GET', `/api/workspaces/${ws.workspaceId}/search?${search.toString()}`).then(
      (body) => live && setState({ status: 'done', body }),
      (e: unknown) => live && setState({ status: 'error', code: errorCode(e) }),
    );
    return () => {
      live = false;
    };
  }, [query, q, lang, ws.workspaceId]);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    next.set('q', draft.trim());
    for (const f of FILTERS) {
      const field = data.get(f);
      const v = typeof field === 'string' ? field : (params.get(f) ?? '');
      if (v) next.set(f, v);
    }
    setParams(next);
  };

  return (
    <section className="search-page" aria-labelledby="search-title">
      <h1 id="search-title">{t('search.title')}</h1>
      <form role="search" aria-label={t('search.landmark')} onSubmit={submit} className="search-form">
        <label htmlFor={SEARCH_INPUT_ID}>{t('search.label')}</label>
        <div className="search-row">
          <input
            ref={inputRef}
            id={SEARCH_INPUT_ID}
            type="search"
            name="q"
            value={draft}
            maxLength={200}
            onChange={(e) => setDraft(e.target.value)}
            aria-describedby="search-hint"
            required
          />
          <button type="submit">{t('search.submit')}</button>
        </div>
        <p id="search-hint" className="muted">
          {t('search.shortcutHint')}
        </p>
        <fieldset className="search-filters">
          <legend>{t('search.filters')}</legend>
          <label>
            {t('search.type')}
            <select name="type" defaultValue={params.get('type') ?? ''} key={`type-${query}`}>
              <option value="">{t('search.anyType')}</option>
              {SEARCH_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`search.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('search.block')}
            <select name="blockId" defaultValue={params.get('blockId') ?? ''} key={`block-${query}`}>
              <option value="">{t('search.anyBlock')}</option>
              {ws.blocks.map((b) => {
                // <option> holds no markup: a fallback title (no version in the UI language) gets " (EN)".
                const title = resolveLocalized(b.title, i18n.language);
                return (
                  <option key={b.id} value={b.id} lang={title.lang}>
                    {title.fallback ? `${title.text} (${title.lang.toUpperCase()})` : title.text}
                  </option>
                );
              })}
            </select>
          </label>
          <label>
            {t('search.region')}
            <select name="region" defaultValue={params.get('region') ?? ''} key={`region-${query}`}>
              <option value="">{t('search.anyRegion')}</option>
              <option value="EU">{t('search.regionEU')}</option>
              <option value="LAC">{t('search.regionLAC')}</option>
            </select>
          </label>
          <label>
            {t('search.author')}
            <select
              name="authorId"
              defaultValue={params.get('authorId') ?? ''}
              key={`author-${query}-${authors.length}`}
            >
              <option value="">{t('search.anyAuthor')}</option>
              {authors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('search.district')}
            <select
              name="districtId"
              defaultValue={params.get('districtId') ?? ''}
              key={`district-${query}-${districts.length}`}
            >
              <option value="">{t('search.anyDistrict')}</option>
              {districts.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('search.from')}
            <input type="date" name="from" defaultValue={params.get('from') ?? ''} key={`from-${query}`} />
          </label>
          <label>
            {t('search.to')}
            <input type="date" name="to" defaultValue={params.get('to') ?? ''} key={`to-${query}`} />
          </label>
        </fieldset>
      </form>
      <p role="status" aria-live="polite" className="search-count" data-testid="search-count">
        {state.status === 'loading' && t('search.searching')}
        {state.status === 'done' &&
          t('search.count', { count: state.body.results.length, query: state.body.query })}
      </p>
      {state.status === 'error' && <p role="alert">{t('search.error', { message: state.code })}</p>}
      {state.status === 'done' && state.body.results.length > 0 && (
        <ol className="search-results" aria-label={t('search.results')}>
          {state.body.results.map((r) => (
            <ResultItem key={`${r.kind}:${r.id}`} workspaceId={ws.workspaceId} r={r} />
          ))}
        </ol>
      )}
      {state.status === 'done' && state.body.more && <p className="muted">{t('search.more')}</p>}
    </section>
  );
}
