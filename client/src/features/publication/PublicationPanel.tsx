import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, type PublicPageStateDto } from '@polos/shared';
import { api } from '../../api/http';
import { formatNumber } from '../../i18n/format';
import { useWorkspace } from '../workspace';
import './publicationStrings';
import './publication.css';

type Download =
  | { state: 'idle' }
  | { state: 'building'; bytes: number }
  | { state: 'done'; bytes: number }
  | { state: 'error'; key: 'forbidden' | 'busy' | 'failed' };

const mbOf = (bytes: number, language: string) =>
  formatNumber(bytes / (1024 * 1024), language, { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** Saves bytes as a file through a temporary object URL. */
function save(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * The workspace's publication panel (archive page): moderators and admins download the year's bundle (ZIP, built
 * on the server and streamed; the received megabytes are announced politely while it builds); admins make the
 * public year page public or private and copy its address. Other roles see nothing.
 */
export function PublicationPanel() {
  const { t, i18n } = useTranslation();
  const ws = useWorkspace();
  const role = ws.workspace?.role;
  const [download, setDownload] = useState<Download>({ state: 'idle' });
  const [publicState, setPublicState] = useState<PublicPageStateDto | null>(null);
  const [status, setStatus] = useState('');
  const [saving, setSaving] = useState(false);
  const [toggleError, setToggleError] = useState('');
  const abort = useRef<AbortController | null>(null);
  const toggleId = useId();
  const urlId = useId();
  const admin = can(role, 'administer');

  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    if (!admin) return;
    let alive = true;
    api<PublicPageStateDto>('GET', `/api/workspaces/${ws.workspaceId}/public-page`)
      .then((s) => alive && setPublicState(s))
      .catch(() => alive && setStatus(t('publication.toggleFailed')));
    return () => {
      alive = false;
    };
  }, [admin, ws.workspaceId, t]);

  if (!can(role, 'moderate')) return null;
  const language = i18n.language;

  const start = async () => {
    if (download.state === 'building') return;
    const controller = new AbortController();
    abort.current = controller;
    setDownload({ state: 'building', bytes: 0 });
    try {
      const res = await fetch(
        `/api/workspaces/${ws.workspaceId}/bundle.zip?lang=${encodeURIComponent(language)}`,
        {
          credentials: 'same-origin',
          signal: controller.signal,
        },
      );
      if (!res.ok || !res.body) {
        setDownload({
          state: 'error',
          key: res.status === 403 ? 'forbidden' : res.status === 503 ? 'busy' : 'failed',
        });
        return;
      }
      const reader = res.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.length;
        setDownload({ state: 'building', bytes });
      }
      const name =
        /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'polos.zip';
      save(new Blob(chunks, { type: 'application/zip' }), name);
      setDownload({ state: 'done', bytes });
    } catch {
      if (!controller.signal.aborted) setDownload({ state: 'error', key: 'failed' });
    }
  };

  /**
   * Optimistic: the checkbox shows `next` at once and is busy (aria-busy, aria-disabled: further clicks ignored,
   * focus kept) until the server answers; a refusal puts the previous state back and says so in an alert.
   */
  const toggle = async (next: boolean) => {
    if (saving || !publicState) return;
    const previous = publicState;
    setPublicState({ ...previous, public: next });
    setSaving(true);
    setToggleError('');
    setStatus('');
    try {
      const s = await api<PublicPageStateDto>('PUT', `/api/workspaces/${ws.workspaceId}/public-page`, {
        public: next,
      });
      setPublicState(s);
      setStatus(t(s.public ? 'publication.publicOn' : 'publication.publicOff'));
    } catch {
      setPublicState(previous);
      setToggleError(t('publication.toggleFailed'));
    } finally {
      setSaving(false);
    }
  };

  const publicUrl = publicState ? new URL(publicState.path, window.location.origin).href : '';
  const building = download.state === 'building';
  return (
    <section className="card publication-panel" aria-labelledby="publication-title">
      <h2 id="publication-title">{t('publication.title')}</h2>
      <p>{t('publication.intro')}</p>
      <p>
        <button
          type="button"
          onClick={() => void start()}
          aria-disabled={building || undefined}
          aria-describedby="publication-progress"
        >
          {t('publication.download')}
        </button>
      </p>
      <p id="publication-progress" role="status" aria-live="polite" className="muted">
        {download.state === 'building' && t('publication.building', { mb: mbOf(download.bytes, language) })}
        {download.state === 'done' && t('publication.done', { mb: mbOf(download.bytes, language) })}
      </p>
      {download.state === 'error' && (
        <p role="alert" className="error">
          {t(`publication.error.${download.key}`)}
        </p>
      )}
      {admin && publicState && (
        <div className="publication-public">
          <h3>{t('publication.publicTitle')}</h3>
          <p className="muted">{t('publication.publicHelp')}</p>
          <p aria-busy={saving || undefined}>
            {/* aria-disabled, not disabled, while saving: a disabled control would drop keyboard focus. */}
            <input
              id={toggleId}
              type="checkbox"
              checked={publicState.public}
              aria-disabled={saving || undefined}
              aria-busy={saving || undefined}
              onChange={(event) => void toggle(event.target.checked)}
            />{' '}
            <label htmlFor={toggleId}>{t('publication.publicToggle')}</label>
          </p>
          {toggleError && (
            <p role="alert" className="error" data-testid="publication-toggle-error">
              {toggleError}
            </p>
          )}
          {publicState.public && (
            <p className="publication-url">
              <label htmlFor={urlId}>{t('publication.publicUrl')}</label>
              <input id={urlId} readOnly value={publicUrl} onFocus={(e) => e.target.select()} />
              <button
                type="button"
                onClick={() =>
                  void navigator.clipboard
                    ?.writeText(publicUrl)
                    .then(() => setStatus(t('publication.copied')))
                }
              >
                {t('publication.copy')}
              </button>{' '}
              <a href={publicState.path} target="_blank" rel="noopener">
                {publicState.path}
              </a>
            </p>
          )}
        </div>
      )}
      <p role="status" aria-live="polite" className="muted">
        {status}
      </p>
    </section>
  );
}
