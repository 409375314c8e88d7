import type { LocalizedText, WorkspaceSummaryDto } from '@polos/shared';
import { Localized } from './Localized';

type WorkspaceTexts = Pick<WorkspaceSummaryDto, 'title' | 'description' | 'titleText' | 'descriptionText'>;

/**
 * A workspace's title or description per language (`titleText` / `descriptionText`); a server that predates them
 * sends only the plain string, read as English and Spanish (the same read-time rule as the server's).
 */
export function workspaceText(ws: WorkspaceTexts, field: 'title' | 'description'): LocalizedText {
  const text = field === 'title' ? ws.titleText : ws.descriptionText;
  return text ?? { en: ws[field], es: ws[field] };
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
