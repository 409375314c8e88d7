import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { findUnsavedDraftEdits, type DraftCacheInfo } from '../drafts';
import { useSession } from './useSession';

interface PendingSignOut {
  everywhere: boolean;
  drafts: DraftCacheInfo[];
}

/**
 * Asks before a sign-out deletes conclusions-draft edits that exist only on this device: stay signed in (and open
 * the draft while connected, which sends them), or sign out and discard them.
 */
function UnsentEditsDialog({
  pending,
  onStay,
  onDiscard,
}: {
  pending: PendingSignOut;
  onStay: () => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const bodyId = useId();
  const stayRef = useRef<HTMLButtonElement>(null);
  useEffect(() => stayRef.current?.focus(), []);
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog card"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onStay();
        }}
      >
        <h2 id={titleId}>{t('signOutUnsaved.title')}</h2>
        <p id={bodyId}>{t('signOutUnsaved.body', { count: pending.drafts.length })}</p>
        <ul>
          {pending.drafts.map((draft) => (
            <li key={draft.draftId}>
              {draft.workspaceId ? (
                <Link to={`/w/${draft.workspaceId}/drafts/${draft.draftId}`} onClick={onStay}>
                  {draft.title ?? t('signOutUnsaved.untitled')}
                </Link>
              ) : (
                (draft.title ?? t('signOutUnsaved.untitled'))
              )}
            </li>
          ))}
        </ul>
        <p className="muted">{t('signOutUnsaved.hint')}</p>
        <div className="dialog-actions">
          <button type="button" className="primary" ref={stayRef} onClick={onStay}>
            {t('signOutUnsaved.stay')}
          </button>
          <button type="button" className="danger" onClick={onDiscard}>
            {t('signOutUnsaved.discard')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Who is signed in, and sign-out (here or everywhere) — which also clears this user's draft caches. */
export function UserMenu() {
  const { t } = useTranslation();
  const { status, session, signOut } = useSession();
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<PendingSignOut | null>(null);
  const [failed, setFailed] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);
  if (status !== 'signedIn' || !session) return null;

  const finish = async (everywhere: boolean) => {
    setPending(null);
    setBusy(true);
    setFailed(false);
    try {
      await signOut(everywhere);
    } catch {
      setFailed(true); // still signed in: the server did not end the session
    } finally {
      setBusy(false);
    }
  };
  const start = async (everywhere: boolean) => {
    setBusy(true);
    let drafts: DraftCacheInfo[];
    try {
      drafts = await findUnsavedDraftEdits(session.user.id);
    } finally {
      setBusy(false);
    }
    if (drafts.length > 0) setPending({ everywhere, drafts });
    else await finish(everywhere);
  };
  const stay = () => {
    setPending(null);
    menuRef.current?.querySelector('button')?.focus();
  };

  return (
    <div className="user-menu" ref={menuRef}>
      <span className="muted user-name">{t('app.signedInAs', { name: session.user.name })}</span>
      <Link className="link account-link" to="/account">
        {t('account.menuLink')}
      </Link>
      <button type="button" disabled={busy} onClick={() => void start(false)}>
        {busy ? t('app.signingOut') : t('app.signOut')}
      </button>
      <button type="button" className="link sign-out-all" disabled={busy} onClick={() => void start(true)}>
        {t('app.signOutEverywhere')}
      </button>
      {failed && (
        <p role="alert" className="error sign-out-failed">
          {t('app.signOutFailed')}
        </p>
      )}
      {pending && (
        <UnsentEditsDialog
          pending={pending}
          onStay={stay}
          onDiscard={() => void finish(pending.everywhere)}
        />
      )}
    </div>
  );
}
