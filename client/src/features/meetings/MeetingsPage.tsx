import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  formatInZone,
  MEETING_OUTCOMES,
  meetingConflictOf,
  type MeetingConflictDetails,
  type MeetingDto,
  type MeetingEventBody,
  type MeetingEventDto,
  type MeetingEventListDto,
  type MeetingOutcome,
  type MeetingScheduleBody,
  type MeetingScheduleDto,
  type MeetingSlotDto,
} from '@polos/shared';
import { ApiError } from '../../api/http';
import { errorText } from '../../api/errorText';
import { formatDate, formatLocale } from '../../i18n/format';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import { useWorkspace } from '../workspace';
import { InputField, SelectField, type FieldOption } from './fields';
import { meetingsApi } from './meetingsApi';
import './meetingsStrings';
import './meetings.css';
import { useWorkspaceTitle } from '../../components/WorkspaceText';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
/** A calendar day `YYYY-MM-DD` in the viewer's locale ("27 mar 2027"); the day itself, not shifted by a zone. */
const calendarDay = (day: string, language: string): string =>
  formatDate(`${day}T12:00:00Z`, language, { dateStyle: 'medium', timeZone: 'UTC' }) || day;

/** One slot in the venue's zone and the viewer's, each zone named (the two-clock pattern of the agenda). */
function slotClocks(slot: MeetingSlotDto, venueZone: string, locale: string) {
  return {
    venue: formatInZone(slot.start, venueZone, locale),
    venueEnd: formatInZone(slot.end, venueZone, locale),
    viewer: formatInZone(slot.start, viewerZone(), locale),
    viewerEnd: formatInZone(slot.end, viewerZone(), locale),
  };
}

/** An IANA zone as people read it ("America/New_York" → "America/New York"). */
const zoneName = (zone: string): string => zone.replace(/_/g, ' ');

/** The slots as the options of a select, each labelled by `slotLabel` (venue and viewer clocks). */
const slotOptions = (slots: MeetingSlotDto[], slotLabel: (s: MeetingSlotDto) => string): FieldOption[] =>
  slots.map((s) => ({ value: s.index, label: slotLabel(s) }));

/**
 * What a lost booking collided with (the 409's `MeetingConflictDetails`), in the viewer's language, with the slot's
 * start in the viewer’s own zone (named): "Not booked: Polo Sul already has a meeting in that slot (Mon, 18 Jan, 06:20,
 * America/Santiago)."
 */
function bookingConflictText(conflict: MeetingConflictDetails, t: TFunction, locale: string): string {
  const values = {
    time: formatInZone(conflict.slotStart, viewerZone(), locale).text,
    zone: zoneName(viewerZone()),
    district: conflict.reason === 'district_busy' ? conflict.districtName : '',
    table: conflict.reason === 'table_taken' ? conflict.table : 0,
  };
  return t(`meetings.conflictDetail.${conflict.reason}`, values);
}

/** The C2C meetings page: events list (and the organiser's form), or one event's schedule (`?event=`). */
export default function MeetingsPage() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  useDocumentTitle(t('meetings.title'), useWorkspaceTitle(ws.workspace));
  const [params, setParams] = useSearchParams();
  const eventId = params.get('event');
  const [status, setStatus] = useState('');
  return (
    <section className="meetings card" aria-labelledby="meetings-title">
      <h1 id="meetings-title">{t('meetings.title')}</h1>
      <p>
        {t('meetings.intro')} <Link to={`/w/${ws.workspaceId}/partners`}>{t('meetings.partnersLink')}</Link>
      </p>
      {/* Booking results and conflicts are announced here (polite; errors too, so a keyboard user hears them). */}
      <p className="meetings-status" role="status" aria-live="polite" data-testid="meetings-status">
        {status}
      </p>
      {eventId ? (
        <>
          <button type="button" className="link-button" onClick={() => setParams({})}>
            {t('meetings.back')}
          </button>
          <EventSchedule workspaceId={ws.workspaceId} eventId={eventId} announce={setStatus} />
        </>
      ) : (
        <EventList
          workspaceId={ws.workspaceId}
          announce={setStatus}
          open={(id) => setParams({ event: id })}
        />
      )}
    </section>
  );
}

function EventList(props: {
  workspaceId: string;
  announce: (s: string) => void;
  open: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [list, setList] = useState<MeetingEventListDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    meetingsApi
      .events(props.workspaceId)
      .then(setList, (e: unknown) => setError(errorText(e, t, 'meetings.error')));
  }, [props.workspaceId]);
  useEffect(load, [load]);
  useSocketEvent('meeting-event:updated', (fact) => {
    if (fact.workspaceId === props.workspaceId) load();
  });
  if (error) return <p role="alert">{error}</p>;
  if (!list) return <p aria-busy="true">{t('meetings.loading')}</p>;
  return (
    <>
      <h2>{t('meetings.events')}</h2>
      {list.items.length === 0 && <p>{t('meetings.noEvents')}</p>}
      <ul className="meetings-events">
        {list.items.map((e) => (
          <li key={e.id}>
            <strong>{e.title}</strong>
            {e.state === 'cancelled' && <span className="badge"> {t('meetings.cancelledEvent')}</span>}
            <br />
            {t('meetings.when', {
              from: calendarDay(e.startDate, i18n.resolvedLanguage ?? i18n.language),
              to: calendarDay(e.endDate, i18n.resolvedLanguage ?? i18n.language),
              dayStart: e.dayStart,
              dayEnd: e.dayEnd,
              zone: e.timeZone,
            })}
            {' · '}
            {e.mode === 'venue' ? e.venue : t('meetings.online')}
            <br />
            {t('meetings.minutes', { minutes: e.meetingMinutes, tables: e.tables })}{' '}
            <button type="button" onClick={() => props.open(e.id)}>
              {t('meetings.open')}
            </button>
          </li>
        ))}
      </ul>
      {list.canOrganise && <CreateEventForm workspaceId={props.workspaceId} announce={props.announce} />}
    </>
  );
}

function CreateEventForm(props: { workspaceId: string; announce: (s: string) => void }) {
  const { t } = useTranslation();
  return (
    <EventForm
      initial={{
        title: '',
        startDate: '',
        endDate: '',
        dayStart: '09:00',
        dayEnd: '13:00',
        timeZone: viewerZone(),
        mode: 'venue',
        venue: '',
        onlineUrl: null,
        meetingMinutes: 20,
        tables: 10,
      }}
      heading={t('meetings.create.heading')}
      submitLabel={t('meetings.create.submit')}
      onSave={async (form) => {
        try {
          await meetingsApi.createEvent(props.workspaceId, form);
          props.announce(t('meetings.create.done'));
        } catch (err) {
          props.announce(errorText(err, t, 'meetings.error'));
        }
      }}
    />
  );
}

/** The fields of an event that may change (all of them; the server refuses slot fields once meetings are booked). */
const EVENT_FIELDS = [
  'title',
  'startDate',
  'endDate',
  'dayStart',
  'dayEnd',
  'timeZone',
  'mode',
  'venue',
  'onlineUrl',
  'meetingMinutes',
  'tables',
] as const;

/**
 * The organiser's edit of an open event: sends only the fields changed (`PATCH`). Days, hours, zone, meeting length
 * and fewer tables are refused (409) once a meeting is scheduled; that message is announced in the live region.
 */
function EditEventForm(props: {
  workspaceId: string;
  event: MeetingEventDto;
  locked: boolean;
  announce: (s: string) => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { event } = props;
  const initial: MeetingEventBody = {
    title: event.title,
    startDate: event.startDate,
    endDate: event.endDate,
    dayStart: event.dayStart,
    dayEnd: event.dayEnd,
    timeZone: event.timeZone,
    mode: event.mode,
    venue: event.venue,
    onlineUrl: event.onlineUrl,
    meetingMinutes: event.meetingMinutes,
    tables: event.tables,
  };
  return (
    <EventForm
      initial={initial}
      heading={t('meetings.edit.heading')}
      submitLabel={t('meetings.edit.submit')}
      hint={props.locked ? t('meetings.edit.locked') : undefined}
      focusOnMount
      onSave={async (form) => {
        const patch: Record<string, unknown> = {};
        for (const k of EVENT_FIELDS) if ((form[k] ?? null) !== (initial[k] ?? null)) patch[k] = form[k];
        if (Object.keys(patch).length === 0) {
          props.announce(t('meetings.edit.unchanged'));
          return;
        }
        try {
          await meetingsApi.updateEvent(props.workspaceId, event.id, patch);
          props.announce(t('meetings.edit.done'));
          props.onDone();
        } catch (err) {
          props.announce(
            err instanceof ApiError && err.code === 'conflict'
              ? t('meetings.edit.conflict', { message: err.message })
              : errorText(err, t, 'meetings.error'),
          );
        }
      }}
    />
  );
}

/** The event form shared by "new event" and "edit event" (labels on every field; the venue only for venue mode). */
function EventForm(props: {
  initial: MeetingEventBody;
  heading: string;
  submitLabel: string;
  hint?: string;
  focusOnMount?: boolean;
  onSave: (form: MeetingEventBody) => Promise<void>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [form, setForm] = useState<MeetingEventBody>(props.initial);
  const { focusOnMount } = props;
  useEffect(() => {
    if (focusOnMount) headingRef.current?.focus();
  }, [focusOnMount]);
  const set = <K extends keyof MeetingEventBody>(k: K, v: MeetingEventBody[K]) =>
    setForm((f) => ({ ...f, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void props.onSave({
      ...form,
      venue: form.mode === 'venue' ? form.venue : null,
      onlineUrl: form.onlineUrl || null,
    });
  };
  const field = (
    key: 'title' | 'startDate' | 'endDate' | 'dayStart' | 'dayEnd' | 'timeZone' | 'venue' | 'onlineUrl',
    type = 'text',
    required = true,
  ) => (
    <InputField
      id={`${id}-${key}`}
      label={t(`meetings.create.${key}`)}
      type={type}
      required={required}
      value={form[key] ?? ''}
      onChange={(v) => set(key, v)}
    />
  );
  const numberField = (key: 'meetingMinutes' | 'tables', min: number, max: number) => (
    <InputField
      id={`${id}-${key}`}
      label={t(`meetings.create.${key}`)}
      type="number"
      min={min}
      max={max}
      value={form[key]}
      onChange={(v) => set(key, Number(v))}
    />
  );
  return (
    <form className="meetings-form" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} ref={headingRef} tabIndex={-1}>
        {props.heading}
      </h2>
      {props.hint && <p className="muted">{props.hint}</p>}
      {field('title')}
      {field('startDate', 'date')}
      {field('endDate', 'date')}
      {field('dayStart', 'time')}
      {field('dayEnd', 'time')}
      {field('timeZone')}
      <fieldset>
        <legend>{t('meetings.create.mode')}</legend>
        {(['venue', 'online'] as const).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name={`${id}-mode`}
              checked={form.mode === m}
              onChange={() => set('mode', m)}
            />
            {t(m === 'venue' ? 'meetings.create.venueMode' : 'meetings.create.onlineMode')}
          </label>
        ))}
      </fieldset>
      {form.mode === 'venue' && field('venue')}
      {field('onlineUrl', 'url', false)}
      {numberField('meetingMinutes', 15, 30)}
      {numberField('tables', 1, 200)}
      <button type="submit">{props.submitLabel}</button>
    </form>
  );
}

/**
 * Central scheduling (issue 11 item 3): the organiser books any matched pair of the workspace into a slot at a
 * table directly (no request first). Results and conflicts go to the page's live region through `act`.
 */
function CentralScheduleForm(props: {
  data: MeetingScheduleDto;
  slotLabel: (s: MeetingSlotDto) => string;
  onSubmit: (body: MeetingScheduleBody) => Promise<void>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const pairs = props.data.matchedPairs;
  const slots = props.data.event.slots;
  const [pair, setPair] = useState('0');
  const [slot, setSlot] = useState(String(slots.find((s) => Date.parse(s.start) > Date.now())?.index ?? 0));
  const [table, setTable] = useState('1');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = pairs[Number(pair)];
    if (!p) return;
    void props.onSubmit({
      aDistrictId: p.a.id,
      bDistrictId: p.b.id,
      slot: Number(slot),
      table: Number(table),
    });
  };
  return (
    <form
      className="meetings-form"
      onSubmit={submit}
      aria-labelledby={`${id}-h`}
      data-testid="central-schedule"
    >
      <h3 id={`${id}-h`}>{t('meetings.central.heading')}</h3>
      {pairs.length === 0 ? (
        <p>{t('meetings.central.none')}</p>
      ) : (
        <>
          <SelectField
            id={`${id}-pair`}
            label={t('meetings.central.pair')}
            value={pair}
            onChange={setPair}
            options={pairs.map((p, i) => ({
              key: `${p.a.id}|${p.b.id}`,
              value: i,
              label: t('meetings.central.pairLabel', {
                a: p.a.name,
                aCountry: p.a.country,
                b: p.b.name,
                bCountry: p.b.country,
              }),
            }))}
          />
          <SelectField
            id={`${id}-slot`}
            label={t('meetings.central.slot')}
            value={slot}
            onChange={setSlot}
            options={slotOptions(slots, props.slotLabel)}
          />
          <InputField
            id={`${id}-table`}
            label={t('meetings.central.table')}
            type="number"
            required
            min={1}
            max={props.data.event.tables}
            value={table}
            onChange={setTable}
          />
          <button type="submit">{t('meetings.central.submit')}</button>
        </>
      )}
    </form>
  );
}

function EventSchedule(props: { workspaceId: string; eventId: string; announce: (s: string) => void }) {
  const { t, i18n } = useTranslation();
  const locale = formatLocale(i18n.language);
  const [data, setData] = useState<MeetingScheduleDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const editId = useId();
  const { workspaceId, eventId, announce } = props;
  const bookedMessage = (x: MeetingDto) =>
    t('meetings.booked', { from: x.from.name, to: x.to.name, table: x.table });
  const load = useCallback(() => {
    meetingsApi
      .schedule(workspaceId, eventId)
      .then(setData, (e: unknown) => setError(errorText(e, t, 'meetings.error')));
  }, [workspaceId, eventId]);
  useEffect(load, [load]);
  // Both sides see bookings, acceptances and outcomes as they are stored.
  useSocketEvent('meeting:updated', (fact) => {
    if (fact.eventId === eventId) load();
  });
  useSocketEvent('meeting-event:updated', (fact) => {
    if (fact.event.id === eventId) load();
  });

  /** Runs a write, announces its result (or the conflict) in the live region, and reloads. */
  const act = async (run: () => Promise<unknown>, done: (m: MeetingDto) => string) => {
    try {
      const m = (await run()) as MeetingDto;
      announce(done(m));
    } catch (e) {
      // A lost booking says what it collided with as data (`details`), worded here in the viewer's language.
      const booking = e instanceof ApiError && e.code === 'conflict' ? meetingConflictOf(e.details) : null;
      announce(
        booking
          ? bookingConflictText(booking, t, locale)
          : e instanceof ApiError && e.code === 'conflict'
            ? t('meetings.conflict', { message: e.message })
            : errorText(e, t, 'meetings.error'),
      );
    }
    load();
  };

  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p aria-busy="true">{t('meetings.loading')}</p>;
  const { event } = data;
  const myIds = new Set(data.myDistricts.map((d) => d.id));
  const open = event.state === 'open';
  const now = Date.now();
  const slotLabel = (s: MeetingSlotDto) => {
    const c = slotClocks(s, event.timeZone, locale);
    return `${c.venue.text} (${zoneName(event.timeZone)}) · ${c.viewer.text} (${zoneName(viewerZone())})`;
  };
  const futureSlots = event.slots.filter((s) => Date.parse(s.start) > now);

  return (
    <>
      <h2>{event.title}</h2>
      <p>
        {t('meetings.when', {
          from: calendarDay(event.startDate, i18n.resolvedLanguage ?? i18n.language),
          to: calendarDay(event.endDate, i18n.resolvedLanguage ?? i18n.language),
          dayStart: event.dayStart,
          dayEnd: event.dayEnd,
          zone: event.timeZone,
        })}
        {' · '}
        {event.mode === 'venue' ? event.venue : t('meetings.online')}
        {event.state === 'cancelled' && <strong> · {t('meetings.cancelledEvent')}</strong>}
      </p>
      {data.myDistricts.map((d) => (
        <p key={d.id}>
          <a href={meetingsApi.icsPath(workspaceId, eventId, d.id, i18n.language)} download>
            {t('meetings.ics', { name: d.name })}
          </a>
        </p>
      ))}
      {open && data.myDistricts.length > 0 && (
        <RequestForm
          data={data}
          slots={futureSlots}
          slotLabel={slotLabel}
          onSubmit={(body, partnerName) =>
            act(
              () => meetingsApi.request(workspaceId, eventId, body),
              () => t('meetings.request.done', { name: partnerName }),
            )
          }
        />
      )}
      {data.canOrganise && open && (
        <div className="meeting-actions">
          <button
            type="button"
            aria-expanded={editing}
            aria-controls={editing ? editId : undefined}
            onClick={() => setEditing((v) => !v)}
          >
            {editing ? t('meetings.edit.close') : t('meetings.edit.open')}
          </button>
          <button
            type="button"
            onClick={() =>
              void act(
                () => meetingsApi.cancelEvent(workspaceId, eventId),
                () => t('meetings.eventCancelled'),
              )
            }
          >
            {t('meetings.cancelEvent')}
          </button>
        </div>
      )}
      {data.canOrganise && open && editing && (
        <div id={editId}>
          <EditEventForm
            workspaceId={workspaceId}
            event={event}
            locked={data.meetings.some((m) => m.state === 'scheduled')}
            announce={announce}
            onDone={() => {
              setEditing(false);
              load();
            }}
          />
        </div>
      )}
      {data.canOrganise && open && (
        <CentralScheduleForm
          data={data}
          slotLabel={slotLabel}
          onSubmit={(body) => act(() => meetingsApi.book(workspaceId, eventId, body), bookedMessage)}
        />
      )}
      <h3>{t('meetings.schedule')}</h3>
      <div className="meetings-table-wrap">
        <table className="meetings-table">
          <thead>
            <tr>
              <th scope="col">{t('meetings.venueTime', { zone: zoneName(event.timeZone) })}</th>
              <th scope="col">{t('meetings.yourTime', { zone: zoneName(viewerZone()) })}</th>
              <th scope="col">{t('meetings.meetingsCol')}</th>
            </tr>
          </thead>
          <tbody>
            {event.slots.map((s) => {
              const c = slotClocks(s, event.timeZone, locale);
              const here = data.meetings.filter((m) => m.slot === s.index && m.state !== 'cancelled');
              return (
                <tr key={s.index} data-slot={s.index}>
                  <th scope="row" data-testid="venue-time">
                    {c.venue.text}–{c.venueEnd.time} <span className="zone">{c.venue.offset}</span>
                  </th>
                  <td data-testid="viewer-time">
                    {c.viewer.text}–{c.viewerEnd.time} <span className="zone">{c.viewer.offset}</span>
                  </td>
                  <td>
                    {here.length === 0 && <span className="muted">{t('meetings.free')}</span>}
                    <ul className="meetings-in-slot">
                      {here.map((m) => (
                        <MeetingItem
                          key={m.id}
                          meeting={m}
                          data={data}
                          myIds={myIds}
                          slots={futureSlots}
                          slotLabel={slotLabel}
                          act={act}
                          workspaceId={workspaceId}
                        />
                      ))}
                    </ul>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function RequestForm(props: {
  data: MeetingScheduleDto;
  slots: MeetingSlotDto[];
  slotLabel: (s: MeetingSlotDto) => string;
  onSubmit: (
    body: { fromDistrictId: string; toDistrictId: string; slot: number; note: string | null },
    partnerName: string,
  ) => Promise<void>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [from, setFrom] = useState(props.data.myDistricts[0]?.id ?? '');
  const partners = props.data.partners[from] ?? [];
  const [to, setTo] = useState('');
  const [slot, setSlot] = useState('');
  const [note, setNote] = useState('');
  const partner = partners.find((p) => p.id === to) ?? partners[0];
  const chosenSlot = slot || String(props.slots[0]?.index ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!partner || chosenSlot === '') return;
    void props.onSubmit(
      { fromDistrictId: from, toDistrictId: partner.id, slot: Number(chosenSlot), note: note || null },
      partner.name,
    );
  };
  return (
    <form className="meetings-form" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('meetings.request.heading')}</h3>
      {props.data.myDistricts.length > 1 && (
        <SelectField
          id={`${id}-from`}
          label={t('meetings.request.district')}
          value={from}
          onChange={setFrom}
          options={props.data.myDistricts.map((d) => ({ value: d.id, label: d.name }))}
        />
      )}
      {partners.length === 0 ? (
        <p>{t('meetings.request.noPartners')}</p>
      ) : (
        <>
          <SelectField
            id={`${id}-to`}
            label={t('meetings.request.partner')}
            value={partner?.id ?? ''}
            onChange={setTo}
            options={partners.map((p) => ({ value: p.id, label: `${p.name} (${p.country})` }))}
          />
          <SelectField
            id={`${id}-slot`}
            label={t('meetings.request.slot')}
            value={chosenSlot}
            onChange={setSlot}
            options={slotOptions(props.slots, props.slotLabel)}
          />
          <InputField
            id={`${id}-note`}
            label={t('meetings.request.note')}
            maxLength={500}
            value={note}
            onChange={setNote}
          />
          <button type="submit">{t('meetings.request.submit')}</button>
        </>
      )}
    </form>
  );
}

function MeetingItem(props: {
  meeting: MeetingDto;
  data: MeetingScheduleDto;
  myIds: Set<string>;
  slots: MeetingSlotDto[];
  slotLabel: (s: MeetingSlotDto) => string;
  act: (run: () => Promise<unknown>, done: (m: MeetingDto) => string) => Promise<void>;
  workspaceId: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { meeting: m, myIds, act, workspaceId } = props;
  const [proposeSlot, setProposeSlot] = useState('');
  const [table, setTable] = useState('1');
  const [outcome, setOutcome] = useState<MeetingOutcome>(m.outcome ?? 'follow_up');
  const [outcomeNote, setOutcomeNote] = useState(m.outcomeNote ?? '');
  const mineFrom = myIds.has(m.from.id);
  const mineTo = myIds.has(m.to.id);
  const mine = mineFrom || mineTo;
  const organiser = props.data.canOrganise;
  const asked = m.proposedBy === 'from' ? mineTo : m.proposedBy === 'to' ? mineFrom : false;
  const proposer = m.proposedBy === 'from' ? m.from.name : m.proposedBy === 'to' ? m.to.name : '';
  const ended = m.end !== null && Date.parse(m.end) <= Date.now();
  const booked = (x: MeetingDto) =>
    t('meetings.booked', { from: x.from.name, to: x.to.name, table: x.table });
  return (
    <li className={`meeting meeting-${m.state}`}>
      <span>{t('meetings.pair', { from: m.from.name, to: m.to.name })}</span>{' '}
      <span className="badge">{t(`meetings.state.${m.state}`)}</span>
      {m.table !== null && <span> · {t('meetings.table', { table: m.table })}</span>}
      {m.outcome && <span> · {t(`meetings.outcome.${m.outcome}`)}</span>}
      {m.note && <q className="meeting-note">{m.note}</q>}
      {m.state === 'requested' && proposer && <span> · {t('meetings.proposedBy', { name: proposer })}</span>}
      {m.state === 'requested' && mine && !asked && <span> · {t('meetings.waiting')}</span>}
      <div className="meeting-actions">
        {m.state === 'requested' && asked && (
          <button type="button" onClick={() => void act(() => meetingsApi.accept(workspaceId, m.id), booked)}>
            {t('meetings.accept')}
          </button>
        )}
        {m.state === 'requested' && mine && props.slots.length > 0 && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const slot = Number(proposeSlot || props.slots[0].index);
              void act(
                () => meetingsApi.propose(workspaceId, m.id, slot),
                () => t('meetings.proposed'),
              );
            }}
          >
            <SelectField
              id={`${id}-p`}
              label={t('meetings.propose')}
              value={proposeSlot}
              onChange={setProposeSlot}
              options={slotOptions(props.slots, props.slotLabel)}
            />
            <button type="submit">{t('meetings.proposeSubmit')}</button>
          </form>
        )}
        {m.state === 'requested' && organiser && m.slot !== null && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void act(
                () =>
                  meetingsApi.book(workspaceId, m.eventId, {
                    aDistrictId: m.from.id,
                    bDistrictId: m.to.id,
                    slot: m.slot ?? 0,
                    table: Number(table),
                  }),
                booked,
              );
            }}
          >
            <InputField
              id={`${id}-t`}
              label={t('meetings.book')}
              type="number"
              min={1}
              max={props.data.event.tables}
              value={table}
              onChange={setTable}
            />
            <button type="submit">{t('meetings.bookSubmit')}</button>
          </form>
        )}
        {m.state !== 'cancelled' && (mine || organiser) && !ended && (
          <button
            type="button"
            onClick={() =>
              void act(
                () => meetingsApi.cancel(workspaceId, m.id),
                () => t('meetings.cancelled'),
              )
            }
          >
            {t('meetings.cancel')}
          </button>
        )}
        {m.state === 'scheduled' && ended && (mine || organiser) && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void act(
                () => meetingsApi.outcome(workspaceId, m.id, { outcome, note: outcomeNote || null }),
                () => t('meetings.outcome.done'),
              );
            }}
          >
            <SelectField
              id={`${id}-o`}
              label={t('meetings.outcome.label')}
              value={outcome}
              onChange={(v) => setOutcome(v as MeetingOutcome)}
              options={MEETING_OUTCOMES.map((o) => ({ value: o, label: t(`meetings.outcome.${o}`) }))}
            />
            <InputField
              id={`${id}-on`}
              label={t('meetings.outcome.note')}
              maxLength={2000}
              value={outcomeNote}
              onChange={setOutcomeNote}
            />
            <button type="submit">{t('meetings.outcome.save')}</button>
          </form>
        )}
      </div>
    </li>
  );
}
