import type { LocalizedText, WorkspaceSummaryDto } from '@polos/shared';
import { useTranslation } from 'react-i18next';
import { localized } from '../i18n/format';
import { Localized } from './Localized';

type WorkspaceTexts = Pick<WorkspaceSummaryDto, 'title' | 'description' | 'titleText' | 'descriptionText'>;
/** The least a title needs (invite previews and public pages carry no description). */
type WorkspaceTitleTexts = Pick<WorkspaceSummaryDto, 'title' | 'titleText'>;

/**
 * A workspace's title or description per language (`titleText` / `descriptionText`); a server that predates them
 * sends only the plain string, read as English and Spanish (the same read-time rule as the server's).
 */
export function workspaceText(ws: WorkspaceTexts, field: 'title' | 'description'): LocalizedText {
  const text = field === 'title' ? ws.titleText : ws.descriptionText;
  return text ?? { en: ws[field], es: ws[field] };
}

/**
 * A workspace's title as one plain string in `language` (document titles, `aria-label`s, where no marker fits):
 * the fallback rule of `<Localized>` (`resolveLocalized`: that language, then English, then Spanish, then any).
 */
export function workspaceTitle(ws: WorkspaceTitleTexts, language: string): string {
  return localized(ws.titleText ?? { en: ws.title, es: ws.title }, language);
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
  return <Localized text={workspace.titleText ?? { en: workspace.title, es: workspace.title }} />;
}
