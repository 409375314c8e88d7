import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QRCodeSVG } from 'qrcode.react';
import type { BalanceDto, BalanceIndicatorDto, PostDto, PostHistoryDto } from '@polos/shared';
import { BALANCE_MIN_SAMPLE, can } from '@polos/shared';
import { api } from '../../api/http';
import { Localized } from '../../components/Localized';
import { Markdown } from '../../markdown/Markdown';
import { command } from '../../realtime/socket';
import { useOnConnect, useSocketEvent } from '../../realtime/useSocketEvent';
import { regionLabel } from '../balance';
import { PollResults, usePolls } from '../polls';
import { useWorkspace } from '../workspace';
import './projectorStrings';
import './projector.css';
import { useWorkspaceTitle } from '../../components/WorkspaceText';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

/** How long the balance indicator waits after a post before it is read again (ms): one read per burst. */
const BALANCE_REFRESH_MS = 3000;

const pct = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`);

/** The current question's latest poll with live results (the projector has no thread: it replays on its own). */
function CurrentPoll({ questionId }: { questionId: string }) {
  const { t } = useTranslation();
  const { polls } = usePolls(questionId, 'own');
  const poll = polls[polls.length - 1];
  if (!poll) return null;
  return (
    <section className="projector-poll" aria-labelledby="projector-poll-title" data-testid="projector-poll">
      <h2 id="projector-poll-title">
        {poll.prompt} <span className="projector-badge">{t(`projector.poll.${poll.state}`)}</span>
      </h2>
      <div aria-live="polite">
        {poll.results ? (
          <PollResults poll={poll} />
        ) : (
          <p>{t('projector.pollHidden', { count: poll.voteCount })}</p>
        )}
      </div>
    </section>
  );
}

/**
 * The balance indicator of the current question (EU vs LAC share of its posts against their share of members):
 * read from `GET …/balance?questionId=` (moderators may read it while live), again after posts (at most every
 * {@link BALANCE_REFRESH_MS}) and at once from `balance:warning` (sent to moderators when a region starts or stops
 * dominating). Hidden when the viewer may not read it.
 */
function BalanceIndicator({ workspaceId, questionId }: { workspaceId: string; questionId: string }) {
  const { t } = useTranslation();
  const [indicator, setIndicator] = useState<BalanceIndicatorDto | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const load = useRef<() => void>(() => undefined);
  useEffect(() => {
    let alive = true;
    load.current = () => {
      api<BalanceDto>(
        'GET',
        `/api/workspaces/${encodeURIComponent(workspaceId)}/balance?questionId=${encodeURIComponent(questionId)}`,
      ).then(
        (dto) => {
          const row = dto.questions.find((q) => q.id === questionId);
          if (alive && row) setIndicator(row.indicator);
        },
        () => undefined, // not readable (not a moderator): the indicator stays hidden
      );
    };
    load.current();
    return () => {
      alive = false;
      clearTimeout(timer.current);
    };
  }, [workspaceId, questionId]);
  useSocketEvent('balance:warning', (w) => {
    if (w.questionId === questionId) setIndicator(w.indicator);
  });
  useSocketEvent('post:created', (change) => {
    if (change.questionId !== questionId || timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      load.current();
    }, BALANCE_REFRESH_MS);
  });
  if (!indicator) return null;
  const eu = indicator.contributionShare.EU;
  const warn = indicator.dominant !== null;
  return (
    <section
      className={`projector-balance${warn ? ' projector-balance-warn' : ''}`}
      aria-labelledby="projector-balance-title"
      data-testid="projector-balance"
    >
      <h2 id="projector-balance-title">{t('projector.balance.title')}</h2>
      <div className="projector-balance-bar" aria-hidden="true">
        <span className="projector-balance-eu" style={{ width: `${Math.round((eu ?? 0.5) * 100)}%` }}>
          {regionLabel(t, 'EU')}
        </span>
        <span className="projector-balance-lac">{regionLabel(t, 'LAC')}</span>
        {indicator.memberShare.EU !== null && (
          <span
            className="projector-balance-members"
            style={{ left: `${Math.round(indicator.memberShare.EU * 100)}%` }}
          />
        )}
      </div>
      <p aria-live="polite">
        {t('projector.balance.line', {
          region: regionLabel(t, 'EU'),
          posts: pct(indicator.contributionShare.EU),
          members: pct(indicator.memberShare.EU),
        })}
        <br />
        {t('projector.balance.line', {
          region: regionLabel(t, 'LAC'),
          posts: pct(indicator.contributionShare.LAC),
          members: pct(indicator.memberShare.LAC),
        })}
        <br />
        <strong>
          {indicator.dominant
            ? t('projector.balance.dominates', { region: regionLabel(t, indicator.dominant) })
            : indicator.sample < BALANCE_MIN_SAMPLE
              ? t('projector.balance.fewPosts', { count: indicator.sample, min: BALANCE_MIN_SAMPLE })
              : t('projector.balance.balanced')}
        </strong>
      </p>
    </section>
  );
}

/**
 * The spotlighted post, following the moderator live (`post:spotlighted` via the workspace state). Opened after a
 * spotlight was set, the window knows only its ids: the body is then read from the post's history route.
 */
function SpotlightedPost() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const spotlight = ws.live?.session?.spotlight ?? null;
  const live: PostDto | null =
    spotlight && ws.spotlightPost?.id === spotlight.postId ? ws.spotlightPost : null;
  const [loaded, setLoaded] = useState<{ postId: string; body: string } | null>(null);
  useEffect(() => {
    if (!spotlight || live) return;
    let alive = true;
    api<PostHistoryDto>(
      'GET',
      `/api/questions/${encodeURIComponent(spotlight.questionId)}/posts/${encodeURIComponent(spotlight.postId)}/history`,
    ).then(
      (h) => alive && setLoaded({ postId: spotlight.postId, body: h.current.body }),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [spotlight, live]);
  const body = live
    ? live.deleted
      ? ''
      : live.body
    : loaded?.postId === spotlight?.postId
      ? loaded?.body
      : '';
  return (
    <section className="projector-spotlight" aria-live="polite" aria-label={t('projector.spotlight')}>
      {spotlight && body && (
        <blockquote data-testid="projector-spotlight">
          <Markdown source={body} />
          {live && (
            <footer>
              — {live.author.name}
              {live.author.district ? `, ${live.author.district.name}` : ''}
            </footer>
          )}
        </blockquote>
      )}
    </section>
  );
}

/**
 * Makes everything outside `ref`'s element `inert` while it is mounted (the app's header, skip links, workspace
 * nav…): the projector covers the screen, so keyboard and screen-reader users must not reach the invisible links
 * behind it. Walks from the element up to <body>, marking each ancestor's other children; restores them on unmount
 * (only the ones it marked).
 */
function useInertBackground(ref: React.RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const marked: Element[] = [];
    for (let node = ref.current; node && node !== document.body; node = node.parentElement) {
      for (const sibling of Array.from(node.parentElement?.children ?? [])) {
        if (sibling === node || sibling.hasAttribute('inert')) continue;
        sibling.setAttribute('inert', '');
        marked.push(sibling);
      }
    }
    return () => marked.forEach((el) => el.removeAttribute('inert'));
  }, [ref]);
}

/**
 * Projector view (issue 12.5), opened by a moderator in a second window: the live session's current question in
 * large type, the spotlighted post, its latest poll's live results, the balance indicator, and the join link with
 * its QR code. It follows the moderator: the workspace state (`session:updated`, `post:spotlighted`) names the
 * current question and the spotlight, so an advance re-renders it here; changes are announced (`aria-live`).
 */
export default function ProjectorPage() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  useDocumentTitle(t('projector.title'), useWorkspaceTitle(ws.workspace));
  // Moderators and admins only (the balance route it reads refuses others while live): a clear refusal, no 403s.
  if (!can(ws.workspace?.role, 'moderate')) {
    return (
      <p role="alert" data-testid="projector-forbidden">
        {t('projector.onlyModerators')}
      </p>
    );
  }
  return <Projector />;
}

/** The projector itself (the caller checked the role). */
function Projector() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const root = useRef<HTMLElement>(null);
  useInertBackground(root);
  const currentId = ws.live?.session?.currentQuestionId ?? null;
  const question = currentId
    ? ws.blocks.flatMap((b) => b.questions).find((q) => q.id === currentId)
    : undefined;
  // The question room carries its polls' and posts' facts (the projector has no thread to subscribe it).
  useOnConnect(() => {
    if (currentId) void command('question:subscribe', { questionId: currentId });
  }, [currentId]);
  const joinUrl = `${window.location.origin}/w/${ws.workspaceId}`;
  return (
    <section ref={root} className="projector" aria-label={t('projector.title')}>
      <div className="projector-main">
        <div className="projector-question" aria-live="polite">
          {question ? (
            <h1 data-testid="projector-question">
              <Localized text={question.text} />
            </h1>
          ) : (
            <p>{t('projector.noQuestion')}</p>
          )}
        </div>
        <SpotlightedPost />
        {question && <CurrentPoll key={question.id} questionId={question.id} />}
      </div>
      <aside className="projector-side">
        {question && (
          <BalanceIndicator key={question.id} workspaceId={ws.workspaceId} questionId={question.id} />
        )}
        <div className="projector-join">
          <QRCodeSVG value={joinUrl} size={192} title={t('projector.qr')} marginSize={2} />
          <p>
            {t('projector.join')}: <span className="projector-url">{joinUrl}</span>
          </p>
        </div>
      </aside>
    </section>
  );
}
