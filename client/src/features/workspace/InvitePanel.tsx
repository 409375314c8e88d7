import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type CreatedInviteDto, type Role } from '@polos/shared';
import { api, errorCode } from '../../api/http';

/** Admins: create an invite link for a role (copied and shared by hand). */
export function InvitePanel({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const [role, setRole] = useState<Role>('participant');
  const [days, setDays] = useState(14);
  const [maxUses, setMaxUses] = useState(50);
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const invite = await api<CreatedInviteDto>('POST', `/api/workspaces/${workspaceId}/invites`, {
        role,
        expiresInHours: days * 24,
        maxUses,
      });
      setLink(new URL(invite.path, window.location.origin).href);
    } catch (err) {
      setError(t(`errors.${errorCode(err)}`, { defaultValue: t('app.error') }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('invite.title')}</h2>
      <form className="inline-form" onSubmit={(e) => void onSubmit(e)}>
        <label className="field inline">
          <span>{t('invite.role')}</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field inline">
          <span>{t('invite.days')}</span>
          <input
            type="number"
            min={1}
            max={90}
            value={days}
            onChange={(e) => setDays(Math.min(90, Math.max(1, Number(e.target.value) || 1)))}
          />
        </label>
        <label className="field inline">
          <span>{t('invite.maxUses')}</span>
          <input
            type="number"
            min={1}
            max={1000}
            value={maxUses}
            onChange={(e) => setMaxUses(Math.min(1000, Math.max(1, Number(e.target.value) || 1)))}
          />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {t('invite.create')}
        </button>
      </form>
      {link && (
        <label className="field invite-link">
          <span>{t('invite.link')}</span>
          <input readOnly value={link} onFocus={(e) => e.target.select()} data-testid="invite-link" />
        </label>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
