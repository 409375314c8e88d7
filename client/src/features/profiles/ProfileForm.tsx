import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DISTRICT_KINDS,
  MEMBER_TYPES,
  PROFILE_LANGUAGES,
  profileCompleteness,
  regionGroupOf,
  type CooperationCard,
  type DistrictProfileDto,
  type DistrictProfileFields,
  type ProfileConflictDetails,
  type ProfileField,
} from '@polos/shared';
import { ApiError } from '../../api/http';
import { profileApi } from './profileApi';
import {
  changedFields,
  fieldLabel,
  fieldsOf,
  formatFieldValue,
  memberLabel,
  newCardId,
  sameValue,
  serverFieldErrors,
  validateDraft,
  type FieldError,
} from './profileModel';
import { CodeListPicker, useCountryOptions, useLanguageOptions, useSectorOptions } from './pickers';
import { CompletenessMeter } from './CompletenessMeter';
import './profileStrings';

type Draft = DistrictProfileFields;

/** Trims list items and drops empty ones; empty member/summary/contact objects become null. */
export function cleanDraft(draft: Draft): Draft {
  const list = (items: string[]) => items.map((s) => s.trim()).filter((s) => s.length > 0);
  const summaryEntries = PROFILE_LANGUAGES.map((l) => [l, draft.summary?.[l]?.trim() ?? ''] as const).filter(
    ([, text]) => text.length > 0,
  );
  const contact = draft.contactPerson;
  const contactEmpty =
    !contact || [contact.name, contact.role, contact.email, contact.phone].every((v) => !v?.trim());
  return {
    ...draft,
    services: list(draft.services),
    rdPartners: list(draft.rdPartners),
    internationalPartners: list(draft.internationalPartners),
    summary: summaryEntries.length ? Object.fromEntries(summaryEntries) : null,
    contactPerson: contactEmpty ? null : contact,
  };
}

/**
 * After a save on a stale base: the draft on the new base. Fields this editor did not touch take the stored
 * value (someone else's change is not undone); touched fields keep the editor's value.
 */
export function rebaseDraft(oldBase: Draft, draft: Draft, newBase: Draft): Draft {
  const out = { ...draft } as Record<string, unknown>;
  for (const key of Object.keys(newBase) as ProfileField[]) {
    if (sameValue(oldBase[key], draft[key])) out[key] = newBase[key];
  }
  return out as Draft;
}

const emptyToNull = (s: string) => (s.trim() === '' ? null : s);
const numberOrNull = (s: string) => (s.trim() === '' ? null : Number(s));

interface FieldProps {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}

/** A labelled control with its error tied by `aria-describedby` and `aria-invalid`. */
function Field({ id, label, error, hint, children }: FieldProps) {
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {hint}
      {children(error ? errorId : undefined, Boolean(error))}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export interface ProfileFormProps {
  workspaceId: string;
  profile: DistrictProfileDto;
  /** Called with the stored profile after each successful save. */
  onSaved: (profile: DistrictProfileDto) => void;
}

/**
 * The whole profile as an accessible form: every field of the contract, offers and requests as editable cards,
 * sectors from the NACE list in the UI language, countries by Intl.DisplayNames. Saves only the changed fields on
 * the revision it started from; a 409 shows both values of each conflicting field and lets the editor choose.
 */
export function ProfileForm({ workspaceId, profile, onSaved }: ProfileFormProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [base, setBase] = useState<DistrictProfileDto>(profile);
  const [draft, setDraft] = useState<Draft>(() => fieldsOf(profile));
  const [coordText, setCoordText] = useState(() => ({
    lat: profile.coordinates ? String(profile.coordinates.lat) : '',
    lng: profile.coordinates ? String(profile.coordinates.lng) : '',
  }));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [status, setStatus] = useState('');
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<ProfileConflictDetails | null>(null);
  const [choices, setChoices] = useState<Record<string, 'theirs' | 'mine'>>({});
  const errorSummary = useRef<HTMLParagraphElement>(null);
  const conflictPanel = useRef<HTMLElement>(null);
  const focusCard = useRef<string | null>(null);
  const countries = useCountryOptions(lang);
  const sectors = useSectorOptions(lang);
  const languages = useLanguageOptions(lang);

  // A newer profile from the parent (e.g. after a restore) replaces an untouched form.
  const baseFields = useMemo(() => fieldsOf(base), [base]);
  useEffect(() => {
    if (profile.revision > base.revision && sameValue(draft, baseFields)) {
      setBase(profile);
      setDraft(fieldsOf(profile));
      setCoordText({
        lat: profile.coordinates ? String(profile.coordinates.lat) : '',
        lng: profile.coordinates ? String(profile.coordinates.lng) : '',
      });
    }
    // Only a new `profile` prop matters here (the draft is compared, not watched).
  }, [profile]);

  useEffect(() => {
    if (focusCard.current) {
      document.getElementById(focusCard.current)?.focus();
      focusCard.current = null;
    }
  });

  const errorOf = (path: string) => errors.find((e) => e.path === path)?.message;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const completeness = profileCompleteness(cleanDraft(draft));
  const disabled = !base.canEdit;

  const setCoord = (axis: 'lat' | 'lng', text: string) => {
    const next = { ...coordText, [axis]: text };
    setCoordText(next);
    if (next.lat.trim() === '' && next.lng.trim() === '') set('coordinates', null);
    else
      set('coordinates', {
        lat: next.lat.trim() === '' ? Number.NaN : Number(next.lat),
        lng: next.lng.trim() === '' ? Number.NaN : Number(next.lng),
      });
  };

  const save = async (current: DistrictProfileDto, toSave: Draft) => {
    const clean = cleanDraft(toSave);
    const problems = validateDraft(clean, t);
    setErrors(problems);
    if (problems.length) {
      setStatus('');
      requestAnimationFrame(() => errorSummary.current?.focus());
      return;
    }
    const changes = changedFields(fieldsOf(current), clean);
    if (Object.keys(changes).length === 0) {
      setStatus(t('profiles.form.noChanges'));
      return;
    }
    setSaving(true);
    setStatus(t('profiles.form.saving'));
    try {
      const saved = await profileApi.update(workspaceId, current.id, current.revision, changes);
      setBase(saved);
      setDraft(fieldsOf(saved));
      setConflict(null);
      setChoices({});
      setStatus(t('profiles.saved'));
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'conflict' && error.details) {
        const details = error.details as ProfileConflictDetails;
        const rebased = rebaseDraft(fieldsOf(current), clean, fieldsOf(details.current));
        setBase(details.current);
        setDraft(rebased);
        setConflict(details);
        setChoices(Object.fromEntries(details.conflicts.map((c) => [c.field, 'mine'])));
        setStatus('');
        // The save button sits at the bottom of a long form: bring the editor (and focus) to the choices.
        requestAnimationFrame(() => conflictPanel.current?.focus());
      } else if (error instanceof ApiError && error.status === 400) {
        const fieldErrors = serverFieldErrors(error.details);
        setErrors(fieldErrors);
        setStatus(fieldErrors.length ? '' : t('profiles.error', { message: error.message }));
        if (fieldErrors.length) requestAnimationFrame(() => errorSummary.current?.focus());
      } else {
        setStatus(t('profiles.error', { message: (error as Error).message }));
      }
    } finally {
      setSaving(false);
    }
  };

  const resolveConflict = () => {
    if (!conflict) return;
    let next = draft;
    for (const c of conflict.conflicts) {
      if (choices[c.field] === 'theirs') next = { ...next, [c.field]: c.theirs };
    }
    setDraft(next);
    void save(base, next);
  };

  const textInput = (
    field: 'name' | 'localDesignation' | 'region' | 'city' | 'regionCode' | 'website',
    required = false,
  ) => (
    <Field id={`pf-${field}`} label={fieldLabel(field, t)} error={errorOf(field)}>
      {(describedBy, invalid) => (
        <input
          id={`pf-${field}`}
          value={draft[field] ?? ''}
          required={required}
          disabled={disabled}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          type={field === 'website' ? 'url' : 'text'}
          onChange={(e) => set(field, (required ? e.target.value : emptyToNull(e.target.value)) as never)}
        />
      )}
    </Field>
  );

  const longText = (field: 'specialisation' | 'governance') => (
    <Field id={`pf-${field}`} label={fieldLabel(field, t)} error={errorOf(field)}>
      {(describedBy, invalid) => (
        <textarea
          id={`pf-${field}`}
          value={draft[field] ?? ''}
          disabled={disabled}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => set(field, emptyToNull(e.target.value))}
        />
      )}
    </Field>
  );

  const lineList = (field: 'services' | 'rdPartners' | 'internationalPartners') => (
    <Field
      id={`pf-${field}`}
      label={fieldLabel(field, t)}
      error={errors.find((e) => e.path === field || e.path.startsWith(`${field}.`))?.message}
      hint={<span className="muted small">{t('profiles.form.onePerLine')}</span>}
    >
      {(describedBy, invalid) => (
        <textarea
          id={`pf-${field}`}
          value={draft[field].join('\n')}
          disabled={disabled}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => set(field, e.target.value.split('\n'))}
        />
      )}
    </Field>
  );

  const numberInput = (
    id: string,
    label: string,
    value: number | null,
    onChange: (n: number | null) => void,
    error: string | undefined,
    step = '1',
  ) => (
    <Field key={id} id={id} label={label} error={error}>
      {(describedBy, invalid) => (
        <input
          id={id}
          type="number"
          inputMode={step === '1' ? 'numeric' : 'decimal'}
          step={step}
          value={value === null || Number.isNaN(value) ? '' : value}
          disabled={disabled}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => onChange(numberOrNull(e.target.value))}
        />
      )}
    </Field>
  );

  const setMember = (type: (typeof MEMBER_TYPES)[number], value: number | null) => {
    const current = draft.members ?? { firms: 0, smes: 0, universitiesAndRnd: 0, publicBodies: 0, other: 0 };
    const next = { ...current, [type]: value ?? 0 };
    set('members', MEMBER_TYPES.every((k) => next[k] === 0) && value === null ? null : next);
  };

  const cardList = (list: 'offers' | 'requests') => {
    const cards = draft[list];
    const update = (index: number, patch: Partial<CooperationCard>) =>
      set(
        list,
        cards.map((c, i) => (i === index ? { ...c, ...patch } : c)),
      );
    return (
      <section aria-labelledby={`pf-${list}-title`}>
        <h3 id={`pf-${list}-title`} className="small-title">
          {fieldLabel(list, t)}
        </h3>
        {cards.length === 0 && <p className="muted">{t('profiles.card.none')}</p>}
        <div className="offer-cards">
          {cards.map((card, index) => {
            const prefix = `pf-${list}-${card.id}`;
            const titleError = errorOf(`${list}.${index}.title`);
            const descError = errorOf(`${list}.${index}.description`);
            return (
              <fieldset
                key={card.id}
                className={`offer-card${list === 'requests' ? ' request' : ''}`}
                data-testid={`${list}-card`}
              >
                <legend>
                  {t(list === 'offers' ? 'profiles.card.offerN' : 'profiles.card.requestN', { n: index + 1 })}
                </legend>
                <Field id={`${prefix}-title`} label={t('profiles.card.title')} error={titleError}>
                  {(describedBy, invalid) => (
                    <input
                      id={`${prefix}-title`}
                      value={card.title}
                      disabled={disabled}
                      aria-describedby={describedBy}
                      aria-invalid={invalid || undefined}
                      onChange={(e) => update(index, { title: e.target.value })}
                    />
                  )}
                </Field>
                <Field id={`${prefix}-desc`} label={t('profiles.card.description')} error={descError}>
                  {(describedBy, invalid) => (
                    <textarea
                      id={`${prefix}-desc`}
                      value={card.description ?? ''}
                      disabled={disabled}
                      aria-describedby={describedBy}
                      aria-invalid={invalid || undefined}
                      onChange={(e) => update(index, { description: emptyToNull(e.target.value) })}
                    />
                  )}
                </Field>
                <CodeListPicker
                  id={`${prefix}-sectors`}
                  label={t('profiles.card.sectors')}
                  values={card.sectors}
                  options={sectors}
                  disabled={disabled}
                  addLabel={t('profiles.form.addSector')}
                  removeLabel={(name) => t('profiles.countryPicker.remove', { country: name })}
                  error={errorOf(`${list}.${index}.sectors`)}
                  onChange={(values) => update(index, { sectors: values })}
                />
                <CodeListPicker
                  id={`${prefix}-countries`}
                  label={t('profiles.card.targetCountries')}
                  values={card.targetCountries}
                  options={countries}
                  disabled={disabled}
                  addLabel={t('profiles.countryPicker.add')}
                  removeLabel={(name) => t('profiles.countryPicker.remove', { country: name })}
                  error={errorOf(`${list}.${index}.targetCountries`)}
                  onChange={(values) => update(index, { targetCountries: values })}
                />
                {!disabled && (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      set(
                        list,
                        cards.filter((_, i) => i !== index),
                      );
                      focusCard.current = `pf-add-${list}`;
                    }}
                  >
                    {t('profiles.card.remove')}
                  </button>
                )}
              </fieldset>
            );
          })}
        </div>
        {!disabled && (
          <button
            type="button"
            id={`pf-add-${list}`}
            onClick={() => {
              const id = newCardId();
              set(list, [...cards, { id, title: '', description: null, sectors: [], targetCountries: [] }]);
              focusCard.current = `pf-${list}-${id}-title`;
            }}
          >
            {t(list === 'offers' ? 'profiles.card.addOffer' : 'profiles.card.addRequest')}
          </button>
        )}
      </section>
    );
  };

  const contact = draft.contactPerson ?? { name: '', role: null, email: null, phone: null };
  const setContact = (patch: Partial<typeof contact>) => set('contactPerson', { ...contact, ...patch });

  return (
    <form
      className="profile-form"
      noValidate
      aria-labelledby="profile-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (!saving) void save(base, draft);
      }}
    >
      <h2 id="profile-form-title">{t('profiles.form.title')}</h2>
      <CompletenessMeter completeness={completeness} />
      {disabled && <p className="notice">{t('profiles.form.readOnly')}</p>}

      {conflict && (
        <section
          ref={conflictPanel}
          tabIndex={-1}
          className="card conflict"
          role="alert"
          aria-labelledby="conflict-title"
          data-testid="conflict"
        >
          <h3 id="conflict-title">{t('profiles.conflict.title')}</h3>
          <p>{t('profiles.conflict.intro')}</p>
          {conflict.conflicts.map((c) => {
            const name = `conflict-${c.field}`;
            return (
              <fieldset key={c.field} className="conflict-field" data-field={c.field}>
                <legend>{fieldLabel(c.field, t)}</legend>
                <div className="conflict-choices">
                  <label className="checkbox">
                    <input
                      type="radio"
                      name={name}
                      checked={choices[c.field] === 'theirs'}
                      onChange={() => setChoices((s) => ({ ...s, [c.field]: 'theirs' }))}
                    />
                    <span>
                      <strong>{t('profiles.conflict.keepTheirs')}</strong> —{' '}
                      {t('profiles.conflict.theirsPlain')}:{' '}
                      <span className="pre-wrap" data-testid="conflict-theirs">
                        {formatFieldValue(c.field, c.theirs, t, lang) || t('profiles.conflict.empty')}
                      </span>
                    </span>
                  </label>
                  <label className="checkbox">
                    <input
                      type="radio"
                      name={name}
                      checked={choices[c.field] === 'mine'}
                      onChange={() => setChoices((s) => ({ ...s, [c.field]: 'mine' }))}
                    />
                    <span>
                      <strong>{t('profiles.conflict.keepMine')}</strong> — {t('profiles.conflict.mine')}:{' '}
                      <span className="pre-wrap" data-testid="conflict-mine">
                        {formatFieldValue(c.field, c.yours, t, lang) || t('profiles.conflict.empty')}
                      </span>
                    </span>
                  </label>
                </div>
              </fieldset>
            );
          })}
          <button type="button" className="primary" onClick={resolveConflict} disabled={saving}>
            {t('profiles.conflict.apply')}
          </button>
        </section>
      )}

      {errors.length > 0 && (
        <p ref={errorSummary} tabIndex={-1} role="alert" className="field-error">
          {t('profiles.form.errors', { count: errors.length })}
        </p>
      )}

      <fieldset>
        <legend>{t('profiles.section.identity')}</legend>
        <div className="profile-grid">
          {textInput('name', true)}
          {textInput('localDesignation')}
          <Field id="pf-kind" label={fieldLabel('kind', t)} error={errorOf('kind')}>
            {(describedBy, invalid) => (
              <select
                id="pf-kind"
                value={draft.kind}
                disabled={disabled}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                onChange={(e) => set('kind', e.target.value as Draft['kind'])}
              >
                {DISTRICT_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`profiles.kind.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {numberInput(
            'pf-foundingYear',
            fieldLabel('foundingYear', t),
            draft.foundingYear,
            (n) => set('foundingYear', n),
            errorOf('foundingYear'),
          )}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('profiles.section.location')}</legend>
        <div className="profile-grid">
          <Field
            id="pf-country"
            label={fieldLabel('country', t)}
            error={errorOf('country')}
            hint={
              <span className="muted small" data-testid="region-group">
                {t('profiles.field.regionGroup')}: {t(`profiles.regionGroup.${regionGroupOf(draft.country)}`)}{' '}
                ({t('profiles.form.derived')})
              </span>
            }
          >
            {(describedBy, invalid) => (
              <select
                id="pf-country"
                value={draft.country}
                disabled={disabled}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                onChange={(e) => set('country', e.target.value)}
              >
                {countries.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {textInput('region', true)}
          {textInput('regionCode')}
          {textInput('city')}
          <Field
            id="pf-lat"
            label={t('profiles.field.latitude')}
            error={errorOf('coordinates.lat') ?? errorOf('coordinates')}
          >
            {(describedBy, invalid) => (
              <input
                id="pf-lat"
                type="number"
                step="any"
                inputMode="decimal"
                value={coordText.lat}
                disabled={disabled}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                onChange={(e) => setCoord('lat', e.target.value)}
              />
            )}
          </Field>
          <Field id="pf-lng" label={t('profiles.field.longitude')} error={errorOf('coordinates.lng')}>
            {(describedBy, invalid) => (
              <input
                id="pf-lng"
                type="number"
                step="any"
                inputMode="decimal"
                value={coordText.lng}
                disabled={disabled}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                onChange={(e) => setCoord('lng', e.target.value)}
              />
            )}
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('profiles.section.activity')}</legend>
        <CodeListPicker
          id="pf-sectors"
          label={fieldLabel('sectors', t)}
          values={draft.sectors}
          options={sectors}
          disabled={disabled}
          addLabel={t('profiles.form.addSector')}
          removeLabel={(name) => t('profiles.countryPicker.remove', { country: name })}
          error={errors.find((e) => e.path === 'sectors' || e.path.startsWith('sectors.'))?.message}
          onChange={(values) => set('sectors', values)}
        />
        {longText('specialisation')}
      </fieldset>

      <fieldset>
        <legend>{t('profiles.section.size')}</legend>
        <fieldset>
          <legend>{t('profiles.field.members')}</legend>
          <div className="profile-grid">
            {MEMBER_TYPES.map((type) =>
              numberInput(
                `pf-members-${type}`,
                memberLabel(type, t),
                draft.members ? draft.members[type] : null,
                (n) => setMember(type, n),
                errorOf(`members.${type}`) ?? (type === 'firms' ? errorOf('members') : undefined),
              ),
            )}
          </div>
        </fieldset>
        <div className="profile-grid">
          {numberInput(
            'pf-employees',
            fieldLabel('employees', t),
            draft.employees,
            (n) => set('employees', n),
            errorOf('employees'),
          )}
          {numberInput(
            'pf-managementFte',
            fieldLabel('managementFte', t),
            draft.managementFte,
            (n) => set('managementFte', n),
            errorOf('managementFte'),
            '0.1',
          )}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('profiles.section.organisation')}</legend>
        {longText('governance')}
        {lineList('services')}
        {lineList('rdPartners')}
      </fieldset>

      <fieldset>
        <legend>{t('profiles.section.international')}</legend>
        <CodeListPicker
          id="pf-exportMarkets"
          label={fieldLabel('exportMarkets', t)}
          values={draft.exportMarkets}
          options={countries}
          disabled={disabled}
          addLabel={t('profiles.countryPicker.add')}
          removeLabel={(name) => t('profiles.countryPicker.remove', { country: name })}
          error={errors.find((e) => e.path.startsWith('exportMarkets'))?.message}
          onChange={(values) => set('exportMarkets', values)}
        />
        {lineList('internationalPartners')}
        <CodeListPicker
          id="pf-workingLanguages"
          label={fieldLabel('workingLanguages', t)}
          values={draft.workingLanguages}
          options={languages}
          disabled={disabled}
          addLabel={t('profiles.form.addLanguage')}
          removeLabel={(name) => t('profiles.countryPicker.remove', { country: name })}
          error={errors.find((e) => e.path.startsWith('workingLanguages'))?.message}
          onChange={(values) => set('workingLanguages', values)}
        />
      </fieldset>

      <fieldset>
        <legend>{t('profiles.section.cooperation')}</legend>
        {cardList('offers')}
        {cardList('requests')}
      </fieldset>

      <fieldset>
        <legend>{t('profiles.section.contact')}</legend>
        {textInput('website')}
        <fieldset>
          <legend>{t('profiles.field.contactPerson')}</legend>
          <div className="profile-grid">
            <Field
              id="pf-contact-name"
              label={t('profiles.field.contactName')}
              error={errorOf('contactPerson.name') ?? errorOf('contactPerson')}
            >
              {(describedBy, invalid) => (
                <input
                  id="pf-contact-name"
                  value={contact.name}
                  disabled={disabled}
                  autoComplete="off"
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                  onChange={(e) => setContact({ name: e.target.value })}
                />
              )}
            </Field>
            <Field
              id="pf-contact-role"
              label={t('profiles.field.contactRole')}
              error={errorOf('contactPerson.role')}
            >
              {(describedBy, invalid) => (
                <input
                  id="pf-contact-role"
                  value={contact.role ?? ''}
                  disabled={disabled}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                  onChange={(e) => setContact({ role: emptyToNull(e.target.value) })}
                />
              )}
            </Field>
            <Field
              id="pf-contact-email"
              label={t('profiles.field.contactEmail')}
              error={errorOf('contactPerson.email')}
            >
              {(describedBy, invalid) => (
                <input
                  id="pf-contact-email"
                  type="email"
                  value={contact.email ?? ''}
                  disabled={disabled}
                  autoComplete="off"
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                  onChange={(e) => setContact({ email: emptyToNull(e.target.value) })}
                />
              )}
            </Field>
            <Field
              id="pf-contact-phone"
              label={t('profiles.field.contactPhone')}
              error={errorOf('contactPerson.phone')}
            >
              {(describedBy, invalid) => (
                <input
                  id="pf-contact-phone"
                  type="tel"
                  value={contact.phone ?? ''}
                  disabled={disabled}
                  autoComplete="off"
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                  onChange={(e) => setContact({ phone: emptyToNull(e.target.value) })}
                />
              )}
            </Field>
          </div>
        </fieldset>
        {PROFILE_LANGUAGES.map((l) => (
          <Field
            key={l}
            id={`pf-summary-${l}`}
            label={t('profiles.field.summaryIn', { language: t(`profiles.lang.${l}`) })}
            error={errorOf(`summary.${l}`) ?? (l === 'en' ? errorOf('summary') : undefined)}
          >
            {(describedBy, invalid) => (
              <textarea
                id={`pf-summary-${l}`}
                lang={l}
                value={draft.summary?.[l] ?? ''}
                disabled={disabled}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                onChange={(e) => set('summary', { ...(draft.summary ?? {}), [l]: e.target.value })}
              />
            )}
          </Field>
        ))}
      </fieldset>

      {!disabled && (
        <div className="toolbar-row">
          <button type="submit" className="primary" disabled={saving} data-testid="profile-save">
            {saving ? t('profiles.form.saving') : t('profiles.form.save')}
          </button>
        </div>
      )}
      <p role="status" aria-live="polite" data-testid="profile-status">
        {status}
      </p>
    </form>
  );
}
