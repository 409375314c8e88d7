import type {
  DraftAccessLevel,
  DraftDto,
  DraftPublicationDto,
  DraftVersionDto,
  ExportFormat,
} from '@polos/shared';
import { api } from '../../api/http';
import { i18next, isLanguage } from '../../i18n';

export type DraftListItem = DraftDto & { access: DraftAccessLevel };

export const draftApi = {
  list: (workspaceId: string) =>
    api<{ drafts: DraftListItem[]; canModerate: boolean }>('GET', `/api/workspaces/${workspaceId}/drafts`),
  get: (draftId: string) =>
    api<{ draft: DraftDto; access: DraftAccessLevel; canModerate: boolean }>('GET', `/api/drafts/${draftId}`),
  versions: (draftId: string) => api<DraftVersionDto[]>('GET', `/api/drafts/${draftId}/versions`),
  saveVersion: (draftId: string, name: string) =>
    api<DraftVersionDto>('POST', `/api/drafts/${draftId}/versions`, { name }),
  restore: (draftId: string, versionId: string) =>
    api<unknown>('POST', `/api/drafts/${draftId}/versions/${versionId}/restore`),
  publish: (draftId: string, versionId: string) =>
    api<DraftPublicationDto>('POST', `/api/drafts/${draftId}/publications`, { versionId }),
  publications: (draftId: string) => api<DraftPublicationDto[]>('GET', `/api/drafts/${draftId}/publications`),
  workspacePublications: (workspaceId: string) =>
    api<DraftPublicationDto[]>('GET', `/api/workspaces/${workspaceId}/publications`),
  /** From thread to conclusions: quotes a post (or a passage of it) into the draft, linked to its source. */
  quote: (draftId: string, postId: string, passage?: string) =>
    api<{ quoted: { postId: string; questionId: string } }>(
      'POST',
      `/api/drafts/${draftId}/quotes`,
      passage ? { postId, passage } : { postId },
    ),
  lock: (draftId: string, locked: boolean) =>
    api<DraftDto>('POST', `/api/drafts/${draftId}/lock`, { locked }),
};

/** `lang` of an export: the language the client shows now (the server writes the export's words in it). */
const lang = () => `lang=${isLanguage(i18next.language) ? i18next.language : 'en'}`;

export const exportUrl = {
  workingCopy: (draftId: string, format: ExportFormat) => `/api/drafts/${draftId}/export/${format}?${lang()}`,
  version: (draftId: string, versionId: string, format: ExportFormat) =>
    `/api/drafts/${draftId}/versions/${versionId}/export/${format}?${lang()}`,
  /** A version's HTML shown in the browser (the "View" link) instead of downloaded. */
  viewVersion: (draftId: string, versionId: string) =>
    `/api/drafts/${draftId}/versions/${versionId}/export/html?disposition=inline&${lang()}`,
  release: (draftId: string, number: number, format: ExportFormat) =>
    `/api/drafts/${draftId}/publications/${number}/export/${format}?${lang()}`,
};
