import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MATCH_SCOPES,
  NACE_DIVISIONS,
  countryName,
  naceLabel,
  type InterestDto,
  type InterestFactDto,
  type InterestListDto,
  type MatchDistrictDto,
  type MatchReason,
  type MatchScope,
  type SuggestionsDto,
} from '@polos/shared';
import { ApiError } from '../../api/http';
import { errorText } from '../../api/errorText';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import { useWorkspace } from '../workspace';
import '../profiles';
import './matchingStrings';
import { matchingApi } from './matchingApi';
import './matching.css';
import { useWorkspaceTitle } from '../../components/WorkspaceText';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

type T = ReturnType<typeof useTranslation>['t'];

/** One reason of a suggestion in words of the UI language (sector and country names from shared data). */
function reasonText(r: MatchReason, t: T, lng: string): string {
  const sectors = (codes: string[]) => codes.map((c) => `${c} ${naceLabel(c, lng)}`).join(', ');
  switch (r.kind) {
    case 'offerMatchesRequest': {
      const head = t(r.offerOwner === 'mine' ? 'matching.reason.offerMine' : 'matching.reason.offerTheirs', {
        offer: r.offerTitle,
        request: r.requestTitle,
      });
      const parts = [head];
      if (r.terms.length) parts.push(t('matching.reason.terms', { terms: r.terms.join(', ') }));
      if (r.nace.length) parts.push(t('matching.reason.nace', { codes: sectors(r.nace) }));
      return parts.join('; ');
    }
    case 'requestTargetsCountry':
      return t(r.requestOwner === 'mine' ? 'matching.reason.countryMine' : 'matching.reason.countryTheirs', {
        request: r.requestTitle,
        country: countryName(r.country, lng),
      });
    case 'sharedSectors':
      return t('matching.reason.sharedSectors', { sectors: sectors(r.nace) });
    case 'complementarySectors':
      return t('matching.reason.complementarySectors', {
        pairs: r.pairs.map((p) => `${naceLabel(p.mine, lng)} ↔ ${naceLabel(p.theirs, lng)}`).join(', '),
      });
    case 'complementaryKinds':
      return t('matching.reason.kinds', {
        mine: t(`profiles.kind.${r.mine}`),
        theirs: t(`profiles.kind.${r.theirs}`),
      });
    case 'similarSize':
      return t('matching.reason.size', { mine: r.myFirms, theirs: r.theirFirms });
  }
}

/** The partner an interest goes to: a suggestion's district (with its cards), or an incoming interest's sender. */
type InterestTarget = Pick<MatchDistrictDto, 'id' | 'name'> &
  Partial<Pick<MatchDistrictDto, 'offers' | 'requests'>>;

/** Number of suggestions shown at first and added by each "Show more" (a long list is ~19,000 px at 390 px). */
const SUGGESTIONS_PAGE = 10;

function InterestForm(props: {
  workspaceId: string;
  fromDistrictId: string;
  target: InterestTarget;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [about, setAbout] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const aboutRef = useRef<HTMLSelectElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const d = props.target;
  const offers = d.offers ?? [];
  const requests = d.requests ?? [];
  const hasCards = offers.length + requests.length > 0;
  // The button that opened the form is gone: keyboard and screen-reader users continue in the form's first field.
  useEffect(() => (aboutRef.current ?? noteRef.current)?.focus(), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const [side, cardId] = about ? (about.split(':') as ['offer' | 'request', string]) : [null, null];
      await matchingApi.express(props.workspaceId, {
        fromDistrictId: props.fromDistrictId,
        toDistrictId: d.id,
        about: side && cardId ? { side, owner: 'to', cardId } : null,
        ...(note.trim() ? { note } : {}),
      });
      props.onDone(t('matching.interest.sent'));
    } catch (err) {
      setError(errorText(err, t, 'matching.error'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="matching-interest-form" onSubmit={(e) => void submit(e)}>
      {hasCards && (
        <>
          <label htmlFor={`${id}-about`}>{t('matching.interest.about')}</label>
          <select id={`${id}-about`} ref={aboutRef} value={about} onChange={(e) => setAbout(e.target.value)}>
            <option value="">{t('matching.interest.aboutNone')}</option>
            {offers.length > 0 && (
              <optgroup label={t('matching.interest.theirOffers')}>
                {offers.map((c) => (
                  <option key={`o${c.id}`} value={`offer:${c.id}`}>
                    {c.title}
                  </option>
                ))}
              </optgroup>
            )}
            {requests.length > 0 && (
              <optgroup label={t('matching.interest.theirRequests')}>
                {requests.map((c) => (
                  <option key={`r${c.id}`} value={`request:${c.id}`}>
                    {c.title}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </>
      )}
      <label htmlFor={`${id}-note`}>{t('matching.interest.note')}</label>
      <textarea
        id={`${id}-note`}
        ref={noteRef}
        maxLength={500}
        rows={3}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      {error && <p role="alert">{error}</p>}
      <div className="matching-actions">
        <button type="submit" disabled={busy}>
          {t('matching.interest.send')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('matching.interest.cancel')}
        </button>
      </div>
    </form>
  );
}

/** One interest as "from → to · card" with its note. */
function InterestLine({ i }: { i: InterestDto }) {
  return (
    <>
      <strong>{i.from.name}</strong> → <strong>{i.to.name}</strong>
      {i.about && <span> · {i.about.title}</span>}
    </>
  );
}

function InterestList(props: {
  title: string;
  /** The section's id (the target of the page's in-page links). */
  sectionId?: string;
  items: InterestDto[];
  mine: Set<string>;
  onWithdraw?: (i: InterestDto) => void;
  /** For incoming interests: answer with an interest back (a match), optionally with a note. */
  answerBack?: { workspaceId: string; onDone: (message: string) => void };
  /** For matches: the other side's interest (by the id of ours), shown with its card and note. */
  reverseOf?: (i: InterestDto) => InterestDto | undefined;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const [answering, setAnswering] = useState<string | null>(null);
  const backButton = (interestId: string) => document.getElementById(`${headingId}-back-${interestId}`);
  return (
    <section aria-labelledby={headingId} className="matching-list" id={props.sectionId}>
      <h3 id={headingId} tabIndex={-1}>
        {props.title} ({props.items.length})
      </h3>
      {props.items.length === 0 ? (
        <p>{t('matching.lists.empty')}</p>
      ) : (
        <ul>
          {props.items.map((i) => (
            <li key={i.id}>
              <InterestLine i={i} />
              {i.mutual && <span className="matching-badge"> {t('matching.interest.match')}</span>}
              {i.note && <p className="matching-note">{i.note}</p>}
              {(() => {
                const reverse = props.reverseOf?.(i);
                return (
                  reverse && (
                    <div className="matching-reverse">
                      <InterestLine i={reverse} />
                      {reverse.note && <p className="matching-note">{reverse.note}</p>}
                    </div>
                  )
                );
              })()}
              {props.onWithdraw && props.mine.has(i.from.id) && (
                <button
                  type="button"
                  aria-label={t('matching.withdrawNamed', { name: i.to.name })}
                  onClick={() => props.onWithdraw?.(i)}
                >
                  {t('matching.withdraw')}
                </button>
              )}
              {props.answerBack &&
                props.mine.has(i.to.id) &&
                (answering === i.id ? (
                  <InterestForm
                    workspaceId={props.answerBack.workspaceId}
                    fromDistrictId={i.to.id}
                    target={{ id: i.from.id, name: i.from.name }}
                    onCancel={() => {
                      setAnswering(null);
                      requestAnimationFrame(() => backButton(i.id)?.focus());
                    }}
                    onDone={(message) => {
                      setAnswering(null);
                      props.answerBack?.onDone(message);
                    }}
                  />
                ) : (
                  <button
                    type="button"
                    id={`${headingId}-back-${i.id}`}
                    aria-label={t('matching.interest.expressBackNamed', { name: i.from.name })}
                    onClick={() => setAnswering(i.id)}
                  >
                    {t('matching.interest.expressBack')}
                  </button>
                ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** `/w/:workspaceId/partners`: suggestions with reasons, filters, interests and matches, live. */
export default function MatchingPage() {
  const { t, i18n } = useTranslation();
  const ws = useWorkspace();
  useDocumentTitle(t('matching.title'), useWorkspaceTitle(ws.workspace));
  const workspaceId = ws.workspaceId;
  const lng = i18n.resolvedLanguage ?? i18n.language;
  const ids = useId();
  const [list, setList] = useState<InterestListDto | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [districtId, setDistrictId] = useState('');
  const [scope, setScope] = useState<MatchScope>('cross');
  const [sector, setSector] = useState('');
  const [country, setCountry] = useState('');
  const [applied, setApplied] = useState({ scope: 'cross' as MatchScope, sector: '', country: '' });
  const [suggestions, setSuggestions] = useState<SuggestionsDto | null>(null);
  const [openForm, setOpenForm] = useState<string | null>(null);
  const [shown, setShown] = useState(SUGGESTIONS_PAGE);
  const [announce, setAnnounce] = useState('');
  const [error, setError] = useState<string | null>(null);

  const loadList = useCallback(async () => {
    try {
      const l = await matchingApi.interests(workspaceId);
      setList(l);
      setDistrictId((current) => current || l.myDistricts[0]?.id || '');
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) setListError(t('matching.noAccess'));
      else setListError(errorText(err, t, 'matching.error'));
    }
  }, [workspaceId, t]);

  const loadSuggestions = useCallback(async () => {
    if (!districtId) return;
    const q = new URLSearchParams({ scope: applied.scope });
    if (applied.sector) q.set('sector', applied.sector);
    if (/^[A-Za-z]{2}$/.test(applied.country)) q.set('country', applied.country.toUpperCase());
    try {
      setSuggestions(await matchingApi.suggestions(workspaceId, districtId, q));
      setError(null);
    } catch (err) {
      setError(errorText(err, t, 'matching.error'));
    }
  }, [workspaceId, districtId, applied, t]);

  useEffect(() => {
    void loadList();
  }, [loadList]);
  useEffect(() => {
    void loadSuggestions();
  }, [loadSuggestions]);

  useSocketEvent('matching:interest', (fact: InterestFactDto) => {
    if (fact.workspaceId !== workspaceId) return;
    const mine = new Set(list?.myDistrictIds ?? []);
    if (fact.change === 'expressed' && mine.has(fact.interest.to.id))
      setAnnounce(
        fact.match
          ? t('matching.liveMatch', { name: fact.interest.from.name })
          : t('matching.liveIncoming', { name: fact.interest.from.name }),
      );
    void loadList();
    void loadSuggestions();
  });

  const mine = new Set(list?.myDistrictIds ?? []);
  const active = (list?.items ?? []).filter((i) => i.state === 'active');
  const matches = active.filter((i) => i.mutual && mine.has(i.from.id));
  const incoming = active.filter((i) => !i.mutual && mine.has(i.to.id));
  const outgoing = active.filter((i) => !i.mutual && mine.has(i.from.id));
  // A match lists our interest; the partner's (its card and note) would otherwise be shown nowhere.
  const reverseOf = (i: InterestDto) => active.find((j) => j.from.id === i.to.id && j.to.id === i.from.id);
  // New filters or another district start again with the first page of suggestions.
  useEffect(() => setShown(SUGGESTIONS_PAGE), [districtId, applied]);
  const showMore = () => {
    const firstNew = suggestions?.items[shown];
    setShown((n) => n + SUGGESTIONS_PAGE);
    if (firstNew) focusCard(firstNew.district.id);
  };
  const focusHeading = (sectionId: string) =>
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[id="${sectionId}"] h3`)?.focus());
  const focusCard = (districtId: string) =>
    requestAnimationFrame(() => document.getElementById(`${ids}-card-${districtId}`)?.focus());

  const withdraw = async (i: InterestDto) => {
    try {
      await matchingApi.withdraw(workspaceId, i.id);
      setAnnounce(t('matching.withdrawn'));
      await loadList();
      await loadSuggestions();
    } catch (err) {
      setError(errorText(err, t, 'matching.error'));
    }
  };

  const setHidden = async (hidden: boolean) => {
    try {
      await matchingApi.setHidden(workspaceId, districtId, hidden);
      await loadSuggestions();
    } catch (err) {
      setError(errorText(err, t, 'matching.error'));
    }
  };

  return (
    <section className="matching-page" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('matching.title')}</h2>
      <p>{t('matching.intro')}</p>
      <p role="status" aria-live="polite" className="matching-announce">
        {announce}
      </p>
      {listError && <p role="alert">{listError}</p>}
      {error && <p role="alert">{error}</p>}
      {!list && !listError && <p aria-busy="true">{t('matching.loading')}</p>}
      {list && list.myDistricts.length === 0 && <p>{t('matching.notRepresentative')}</p>}
      {list && list.myDistricts.length > 0 && (
        <nav aria-label={t('matching.jumpTo')} className="matching-jump">
          <a href={`#${ids}-matches`}>{t('matching.lists.matches')}</a>
          <a href={`#${ids}-incoming`}>{t('matching.lists.incoming')}</a>
          <a href={`#${ids}-outgoing`}>{t('matching.lists.outgoing')}</a>
          <a href={`#${ids}-suggestions`}>{t('matching.suggestions')}</a>
        </nav>
      )}
      {list && list.myDistricts.length > 0 && (
        <div className="matching-lists">
          <InterestList
            sectionId={`${ids}-matches`}
            title={t('matching.lists.matches')}
            items={matches}
            mine={mine}
            onWithdraw={(i) => void withdraw(i)}
            reverseOf={reverseOf}
          />
          <InterestList
            sectionId={`${ids}-incoming`}
            title={t('matching.lists.incoming')}
            items={incoming}
            mine={mine}
            answerBack={{
              workspaceId,
              onDone: (message) => {
                setAnnounce(message);
                void loadList();
                void loadSuggestions();
                focusHeading(`${ids}-matches`);
              },
            }}
          />
          <InterestList
            sectionId={`${ids}-outgoing`}
            title={t('matching.lists.outgoing')}
            items={outgoing}
            mine={mine}
            onWithdraw={(i) => void withdraw(i)}
          />
        </div>
      )}
      {list && list.myDistricts.length > 0 && (
        <>
          <h3 id={`${ids}-suggestions`} tabIndex={-1}>
            {t('matching.suggestions')}
          </h3>
          <form
            className="matching-filters"
            onSubmit={(e) => {
              e.preventDefault();
              setApplied({ scope, sector, country });
            }}
          >
            <label>
              {t('matching.district')}
              <select value={districtId} onChange={(e) => setDistrictId(e.target.value)}>
                {list.myDistricts.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('matching.scope.label')}
              <select value={scope} onChange={(e) => setScope(e.target.value as MatchScope)}>
                {MATCH_SCOPES.map((s) => (
                  <option key={s} value={s}>
                    {t(`matching.scope.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('matching.sector')}
              <select value={sector} onChange={(e) => setSector(e.target.value)}>
                <option value="">{t('matching.anySector')}</option>
                {NACE_DIVISIONS.map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.code} {naceLabel(d.code, lng)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('matching.country')}
              <input
                value={country}
                maxLength={2}
                size={3}
                autoCapitalize="characters"
                onChange={(e) => setCountry(e.target.value)}
              />
            </label>
            <button type="submit">{t('matching.apply')}</button>
          </form>
          {suggestions && (
            <label className="matching-hide">
              <input
                type="checkbox"
                checked={suggestions.hidden}
                onChange={(e) => void setHidden(e.target.checked)}
              />{' '}
              {t('matching.hidden')}
            </label>
          )}
          {suggestions && suggestions.items.length === 0 && <p>{t('matching.none')}</p>}
          <ol className="matching-suggestions">
            {suggestions?.items.slice(0, shown).map((s) => (
              <li key={s.district.id} className="matching-card">
                <h3 id={`${ids}-card-${s.district.id}`} tabIndex={-1}>
                  {s.district.name}{' '}
                  <span className="matching-meta">
                    {countryName(s.district.country, lng)} · {t('matching.score', { score: s.score })}
                    {s.crossRegion && ` · ${t('matching.crossRegion')}`}
                  </span>
                </h3>
                <p className="matching-meta">{t(`profiles.kind.${s.district.kind}`)}</p>
                <h4>{t('matching.why')}</h4>
                <ul>
                  {s.reasons.map((r, i) => (
                    <li key={i}>{reasonText(r, t, lng)}</li>
                  ))}
                </ul>
                <p>
                  {s.interest.outgoing && (
                    <span className="matching-badge">{t('matching.interest.outgoing')} </span>
                  )}
                  {s.interest.incoming && (
                    <span className="matching-badge">{t('matching.interest.incoming')} </span>
                  )}
                  {s.interest.outgoing && s.interest.incoming && (
                    <span className="matching-badge">{t('matching.interest.match')}</span>
                  )}
                </p>
                {openForm === s.district.id ? (
                  <InterestForm
                    workspaceId={workspaceId}
                    fromDistrictId={districtId}
                    target={s.district}
                    onCancel={() => {
                      setOpenForm(null);
                      focusCard(s.district.id);
                    }}
                    onDone={(message) => {
                      setOpenForm(null);
                      focusCard(s.district.id);
                      setAnnounce(message);
                      void loadList();
                      void loadSuggestions();
                    }}
                  />
                ) : (
                  !s.interest.outgoing && (
                    <button
                      type="button"
                      aria-label={t('matching.interest.expressNamed', { name: s.district.name })}
                      onClick={() => setOpenForm(s.district.id)}
                    >
                      {t('matching.interest.express')}
                    </button>
                  )
                )}
              </li>
            ))}
          </ol>
          {suggestions && suggestions.items.length > shown && (
            <button type="button" onClick={showMore}>
              {t('matching.showMore', {
                count: Math.min(SUGGESTIONS_PAGE, suggestions.items.length - shown),
              })}
            </button>
          )}
        </>
      )}
      {list && ws.canModerate && <InterestList title={t('matching.lists.all')} items={active} mine={mine} />}
    </section>
  );
}
