import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { agendaStatus, can, sessionClocks, type AgendaSessionDto } from '@polos/shared';
import { errorCode } from '../../api/http';
import { Localized } from '../../components/Localized';
import { formatLocale, localized, resolveLocalized } from '../../i18n/format';
import { useWorkspace } from '../workspace';
import './agendaStrings';
import { agendaApi, viewerTimeZone, wallTimeToInstant } from './agendaApi';
import { EditSessionForm, zoneNames } from './EditSessionForm';
import { useAgenda, useNow } from './useAgenda';
import { zoneLabel, zoneName } from './zoneName';
import './agenda.css';
import { useWorkspaceTitle } from '../../components/WorkspaceText';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

function SessionItem({
  session,
  referenceZones,
  canModerate,
  onDeleted,
}: {
  session: AgendaSessionDto;
  referenceZones: readonly string[];
  canModerate: boolean;
  onDeleted: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const locale = formatLocale(i18n.language);
  const viewer = viewerTimeZone();
  const title = localized(session.title, i18n.language);
  const status = agendaStatus(session, now);
  const clocks = sessionClocks(session, viewer, referenceZones, locale);
  const startDate = new Date(session.start);
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  // Focus goes back to the Edit button when the form closes (saved or cancelled).
  const closeEditor = () => {
    setEditing(false);
    window.setTimeout(() => editButton.current?.focus(), 0);
  };
  const remove = async () => {
    if (!window.confirm(t('agenda.deleteConfirm', { title }))) return;
    try {
      await agendaApi.remove(session.id);
      onDeleted(t('agenda.deleted'));
    } catch (e) {
      onDeleted(t('agenda.error', { message: errorCode(e) }));
    }
  };
  return (
    <li
      id={`session-${session.id}`}
      className={`agenda-session agenda-${status}`}
      data-testid="agenda-session"
    >
      <h3>
        <Localized text={session.title} />{' '}
        <span className={`agenda-status agenda-status-${status}`}>{t(`agenda.status.${status}`)}</span>
      </h3>
      <dl className="agenda-clocks">
        {clocks.map((c, i) => (
          <div key={c.zone} className="agenda-clock">
            <dt title={c.zone}>
              {i === 0 && c.zone === viewer
                ? t('agenda.yourZone', { zone: zoneName(c.zone, locale, startDate) })
                : zoneName(c.zone, locale, startDate)}
            </dt>
            <dd>
              <time dateTime={session.start}>{c.start.text}</time> –{' '}
              <time dateTime={session.end}>{c.end.time}</time>{' '}
              <span className="muted">({c.start.offset})</span>
            </dd>
          </div>
        ))}
      </dl>
      <p className="muted">
        {t('agenda.plannedIn', { zone: zoneLabel(session.timeZone, locale, startDate) })}
      </p>
      <p className="agenda-actions">
        <a href={agendaApi.icsPath(session.id, i18n.language.slice(0, 2))} download>
          {t('agenda.downloadIcs')}
        </a>
        {canModerate && (
          <button
            type="button"
            ref={editButton}
            aria-expanded={editing}
            aria-label={t('agenda.editLabel', { title })}
            onClick={() => setEditing((v) => !v)}
          >
            {t('agenda.edit')}
          </button>
        )}
        {canModerate && (
          <button type="button" onClick={() => void remove()}>
            {t('agenda.delete')}
          </button>
        )}
      </p>
      {canModerate && editing && (
        <EditSessionForm
          session={session}
          onCancel={closeEditor}
          onDone={(message, saved) => {
            onDeleted(message);
            if (saved) closeEditor();
          }}
        />
      )}
    </li>
  );
}

/** A fresh idempotency key (a UUID where the browser has one; 8–64 URL-safe characters either way). */
function newRequestId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function ScheduleForm({ workspaceId, onDone }: { workspaceId: string; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const locale = formatLocale(i18n.language);
  const ws = useWorkspace();
  const id = useId();
  const [zone, setZone] = useState(viewerTimeZone());
  const [pending, setPending] = useState(false);
  // One idempotency key per "schedule" action, kept for its retries until it succeeds (QA M2): a double click or
  // a retry after a lost response gets the session the key already scheduled, never a second one.
  const requestId = useRef<string | null>(null);
  const inFlight = useRef(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    // The button is disabled while pending; this also stops an Enter press in a field in the meantime.
    if (inFlight.current) return;
    inFlight.current = true;
    setPending(true);
    requestId.current ??= newRequestId();
    const form = e.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => {
      const v = data.get(name);
      return typeof v === 'string' ? v.trim() : '';
    };
    try {
      await agendaApi.create(workspaceId, {
        title: {
          en: text('en'),
          es: text('es'),
          ...(text('pt') ? { pt: text('pt') } : {}),
          ...(text('fr') ? { fr: text('fr') } : {}),
        },
        start: wallTimeToInstant(text('date'), text('start'), zone),
        end: wallTimeToInstant(text('date'), text('end'), zone),
        timeZone: zone,
        blockId: text('block') || null,
        requestId: requestId.current,
      });
      requestId.current = null;
      form.reset();
      onDone(t('agenda.added'));
    } catch (err) {
      onDone(t('agenda.error', { message: errorCode(err) }));
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  };
  return (
    <form className="card agenda-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('agenda.schedule')}</h2>
      {(['en', 'es', 'pt', 'fr'] as const).map((l) => (
        <label key={l}>
          {t(`agenda.title${l[0].toUpperCase()}${l[1]}` as 'agenda.titleEn')}
          <input name={l} required={l === 'en' || l === 'es'} maxLength={200} />
        </label>
      ))}
      <label>
        {t('agenda.date')}
        <input name="date" type="date" required />
      </label>
      <label>
        {t('agenda.startTime')}
        <input name="start" type="time" required />
      </label>
      <label>
        {t('agenda.endTime')}
        <input name="end" type="time" required />
      </label>
      <label>
        {t('agenda.timeZone')}
        <input
          list={`${id}-zones`}
          value={zone}
          onChange={(e) => setZone(e.target.value)}
          aria-describedby={`${id}-zone-name`}
          required
        />
      </label>
      <p id={`${id}-zone-name`} className="muted">
        {zoneLabel(zone, locale)}
      </p>
      <datalist id={`${id}-zones`}>
        {zoneNames().map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <label>
        {t('agenda.block')}
        <select name="block" defaultValue="">
          <option value="">{t('agenda.noBlock')}</option>
          {ws.blocks.map((b) => {
            // <option> holds no markup: a fallback title (no version in the UI language) gets " (EN)".
            const blockTitle = resolveLocalized(b.title, i18n.language);
            return (
              <option key={b.id} value={b.id} lang={blockTitle.lang}>
                {blockTitle.fallback
                  ? `${blockTitle.text} (${blockTitle.lang.toUpperCase()})`
                  : blockTitle.text}
              </option>
            );
          })}
        </select>
      </label>
      <button type="submit" disabled={pending} aria-busy={pending}>
        {pending ? t('agenda.adding') : t('agenda.add')}
      </button>
    </form>
  );
}

function ClocksForm({
  workspaceId,
  current,
  onDone,
}: {
  workspaceId: string;
  current: [string, string];
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const zone = (name: string) => {
      const v = data.get(name);
      return typeof v === 'string' ? v.trim() : '';
    };
    try {
      await agendaApi.setClocks(workspaceId, [zone('z1'), zone('z2')]);
      onDone(t('agenda.clocksSaved'));
    } catch (err) {
      onDone(t('agenda.error', { message: errorCode(err) }));
    }
  };
  return (
    <form className="card agenda-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('agenda.clocks')}</h2>
      <label>
        {t('agenda.clock1')}
        <input name="z1" list={`${id}-zones`} defaultValue={current[0]} required />
      </label>
      <label>
        {t('agenda.clock2')}
        <input name="z2" list={`${id}-zones`} defaultValue={current[1]} required />
      </label>
      <datalist id={`${id}-zones`}>
        {zoneNames().map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <button type="submit">{t('agenda.saveClocks')}</button>
    </form>
  );
}

/** `/w/:workspaceId/agenda`: the sessions with their clocks, ICS links, the feed, and the admins' forms. */
export default function AgendaPage() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  useDocumentTitle(t('agenda.title'), useWorkspaceTitle(ws.workspace));
  const { agenda, error } = useAgenda(ws.workspaceId);
  const [status, setStatus] = useState('');
  const role = ws.workspace?.role;
  const feedUrl = agenda ? `${window.location.origin}${agenda.feedPath}` : '';
  const rotate = async () => {
    if (!window.confirm(t('agenda.revokeConfirm'))) return;
    try {
      await agendaApi.rotateFeed(ws.workspaceId);
      setStatus(t('agenda.revoked'));
    } catch (e) {
      setStatus(t('agenda.error', { message: errorCode(e) }));
    }
  };
  return (
    <section className="agenda-page" aria-labelledby="agenda-title">
      <h1 id="agenda-title">{t('agenda.title')}</h1>
      <p className="muted">{t('agenda.intro')}</p>
      <p role="status" className="agenda-status-line">
        {status}
      </p>
      {error != null && <p role="alert">{t('agenda.error', { message: errorCode(error) })}</p>}
      {agenda && agenda.sessions.length === 0 && <p>{t('agenda.empty')}</p>}
      {agenda && agenda.sessions.length > 0 && (
        <ol className="agenda-list">
          {agenda.sessions.map((s) => (
            <SessionItem
              key={s.id}
              session={s}
              referenceZones={agenda.referenceZones}
              canModerate={can(role, 'moderate')}
              onDeleted={setStatus}
            />
          ))}
        </ol>
      )}
      {agenda && (
        <section className="card" aria-labelledby="agenda-feed">
          <h2 id="agenda-feed">{t('agenda.subscribe')}</h2>
          <p className="muted">{t('agenda.subscribeHelp')}</p>
          <input readOnly value={feedUrl} aria-labelledby="agenda-feed" className="agenda-feed-url" />
          <p className="agenda-actions">
            <button
              type="button"
              onClick={() =>
                void navigator.clipboard?.writeText(feedUrl).then(() => setStatus(t('agenda.copied')))
              }
            >
              {t('agenda.copy')}
            </button>
            {can(role, 'administer') && (
              <button type="button" onClick={() => void rotate()}>
                {t('agenda.revoke')}
              </button>
            )}
          </p>
        </section>
      )}
      {agenda && can(role, 'administer') && (
        <ClocksForm workspaceId={ws.workspaceId} current={agenda.referenceZones} onDone={setStatus} />
      )}
      {can(role, 'moderate') && <ScheduleForm workspaceId={ws.workspaceId} onDone={setStatus} />}
    </section>
  );
}
