import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DISTRICT_KINDS, type DirectoryCardDto, type DistrictKind } from '@polos/shared';
import { errorCode } from '../../api/http';
import { countryName } from '../../i18n/format';
import { profileApi } from './profileApi';
import { useCountryOptions } from './pickers';

/** Every district of the workspace (all directory pages, by name), for choosing one to represent. */
async function allDistricts(workspaceId: string): Promise<DirectoryCardDto[]> {
  const out: DirectoryCardDto[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page += 1) {
    const query = new URLSearchParams({ sort: 'name', limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const result = await profileApi.list(workspaceId, query);
    out.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/**
 * For a member without a district in this workspace: ask to represent one of its districts, or propose a new
 * district (name, kind, country, region); a moderator or admin approves. `onSent` runs after either request.
 */
export function RepresentPanel({
  workspaceId,
  userId,
  onSent,
}: {
  workspaceId: string;
  userId: string;
  onSent: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [districts, setDistricts] = useState<DirectoryCardDto[]>([]);
  const [choice, setChoice] = useState('');
  const [message, setMessage] = useState('');
  const [status, setStatus] = useState('');
  const [proposal, setProposal] = useState({
    name: '',
    kind: 'cluster' as DistrictKind,
    country: '',
    region: '',
  });
  const [proposalError, setProposalError] = useState<Record<string, string>>({});
  const countries = useCountryOptions(lang);
  const [pending, setPending] = useState<string | null>(null);

  useEffect(() => {
    allDistricts(workspaceId)
      .then(setDistricts)
      .catch((e: Error) => setStatus(t('profiles.error', { message: e.message })));
    // A request made earlier (another visit) is still waiting: say so, and wait for the decision.
    profileApi
      .requests(workspaceId)
      .then((list) => {
        const mine = list.find((r) => r.state === 'pending' && r.user.id === userId);
        if (mine) {
          setPending(mine.district.name);
          onSent();
        }
      })
      .catch(() => undefined);
  }, [workspaceId, userId, t]);

  const ask = () => {
    if (!choice) {
      setStatus(t('profiles.represent.chooseHint'));
      return;
    }
    profileApi
      .askToRepresent(workspaceId, choice, message.trim() || undefined)
      .then(() => {
        setStatus(t('profiles.represent.sent'));
        onSent();
      })
      .catch((e: Error) => setStatus(t('profiles.error', { message: e.message })));
  };

  const propose = () => {
    const errors: Record<string, string> = {};
    if (!proposal.name.trim()) errors.name = t('profiles.form.required');
    if (!proposal.country) errors.country = t('profiles.form.required');
    if (!proposal.region.trim()) errors.region = t('profiles.form.required');
    setProposalError(errors);
    if (Object.keys(errors).length) {
      document.getElementById(`np-${Object.keys(errors)[0]}`)?.focus();
      return;
    }
    profileApi
      .create(workspaceId, { ...proposal, name: proposal.name.trim(), region: proposal.region.trim() })
      .then(() => {
        setStatus(t('profiles.represent.proposed'));
        onSent();
      })
      .catch((e: unknown) =>
        setStatus(t('profiles.error', { message: (e as Error).message ?? errorCode(e) })),
      );
  };

  const errorProps = (key: string) =>
    proposalError[key] ? { 'aria-invalid': true as const, 'aria-describedby': `np-${key}-error` } : {};
  const errorLine = (key: string) =>
    proposalError[key] ? (
      <p id={`np-${key}-error`} className="field-error">
        {proposalError[key]}
      </p>
    ) : null;

  return (
    <section className="card represent-panel" aria-labelledby="represent-title" data-testid="represent">
      <h2 id="represent-title">{t('profiles.represent.title')}</h2>
      <p>{t('profiles.represent.none')}</p>
      {pending && (
        <p className="notice" data-testid="represent-pending">
          {t('profiles.represent.pending', { name: pending })}
        </p>
      )}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          ask();
        }}
      >
        <h3 className="small-title">{t('profiles.represent.askTitle')}</h3>
        <div className="field">
          <label htmlFor="represent-district" className="field-label">
            {t('profiles.represent.choose')}
          </label>
          <select id="represent-district" value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">{t('profiles.represent.chooseHint')}</option>
            {districts.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} · {countryName(d.country, lang)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="represent-message" className="field-label">
            {t('profiles.represent.message')}
          </label>
          <textarea id="represent-message" value={message} onChange={(e) => setMessage(e.target.value)} />
        </div>
        <button type="submit" className="primary">
          {t('profiles.represent.ask')}
        </button>
      </form>
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          propose();
        }}
      >
        <h3 className="small-title">{t('profiles.represent.proposeTitle')}</h3>
        <div className="field">
          <label htmlFor="np-name" className="field-label">
            {t('profiles.field.name')}
          </label>
          <input
            id="np-name"
            value={proposal.name}
            {...errorProps('name')}
            onChange={(e) => setProposal({ ...proposal, name: e.target.value })}
          />
          {errorLine('name')}
        </div>
        <div className="field">
          <label htmlFor="np-kind" className="field-label">
            {t('profiles.field.kind')}
          </label>
          <select
            id="np-kind"
            value={proposal.kind}
            onChange={(e) => setProposal({ ...proposal, kind: e.target.value as DistrictKind })}
          >
            {DISTRICT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`profiles.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="np-country" className="field-label">
            {t('profiles.field.country')}
          </label>
          <select
            id="np-country"
            value={proposal.country}
            {...errorProps('country')}
            onChange={(e) => setProposal({ ...proposal, country: e.target.value })}
          >
            <option value="">{t('profiles.countryPicker.choose')}</option>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.label}
              </option>
            ))}
          </select>
          {errorLine('country')}
        </div>
        <div className="field">
          <label htmlFor="np-region" className="field-label">
            {t('profiles.field.region')}
          </label>
          <input
            id="np-region"
            value={proposal.region}
            {...errorProps('region')}
            onChange={(e) => setProposal({ ...proposal, region: e.target.value })}
          />
          {errorLine('region')}
        </div>
        <button type="submit">{t('profiles.represent.propose')}</button>
      </form>
      <p role="status" data-testid="represent-status">
        {status}
      </p>
    </section>
  );
}
