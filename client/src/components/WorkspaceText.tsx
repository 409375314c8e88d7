import type { LocalizedText, WorkspaceSummaryDto } from '@polos/shared';
import { useTranslation } from 'react-i18next';
import { localized } from '../i18n/format';
import { Localized } from './Localized';

type WorkspaceTexts = Pick<WorkspaceSummaryDto, 'title' | 'description' | 'titleText' | 'descriptionText'>;
/** The least a title needs (invite previews and public pages carry no description). */
type WorkspaceTitleTexts = Pick<WorkspaceSummaryDto, 'title' | 'titleText'>;

/** The plain (English) string as a text with no other language: shown marked "EN" outside English. */
const englishOnly = (text: string): LocalizedText => ({ en: text, es: '' });

/**
 * A workspace's title or description per language (`titleText` / `descriptionText`; `es: ''` = not translated);
 * a server that predates them sends only the plain string, which is English (the same rule as the server's).
 */
export function workspaceText(ws: WorkspaceTexts, field: 'title' | 'description'): LocalizedText {
  const text = field === 'title' ? ws.titleText : ws.descriptionText;
  return text ?? englishOnly(ws[field]);
}

/**
 * A workspace's title as one plain string in `language` (document titles, `aria-label`s, where no marker fits):
 * the fallback rule of `<Localized>` (`resolveLocalized`: that language, then English, then Spanish, then any).
 */
export function workspaceTitle(ws: WorkspaceTitleTexts, language: string): string {
  return localized(ws.titleText ?? englishOnly(ws.title), language);
}

/** `workspaceTitle` in the viewer's UI language (re-renders when it changes); `undefined` while not loaded. */
export function useWorkspaceTitle(ws: WorkspaceTitleTexts | null | undefined): string | undefined {
  const { i18n } = useTranslation();
  return ws ? workspaceTitle(ws, i18n.language) : undefined;
}

/**
 * A workspace's title or description in the viewer's UI language, with the visible fallback marker of
 * `<Localized>` (block and question titles) when that language has no translation.
 */
export function WorkspaceText({
  workspace,
  field,
}: {
  workspace: WorkspaceTexts;
  field: 'title' | 'description';
}) {
  return <Localized text={workspaceText(workspace, field)} />;
}

/** A workspace's title in the viewer's language with the fallback marker (invite previews, public pages). */
export function WorkspaceTitle({ workspace }: { workspace: WorkspaceTitleTexts }) {
  return <Localized text={workspace.titleText ?? englishOnly(workspace.title)} />;
}
