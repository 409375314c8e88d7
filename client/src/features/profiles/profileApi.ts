import type {
  DirectoryPageDto,
  DistrictCreateBody,
  DistrictProfileDto,
  DistrictProfileFields,
  ImportReportDto,
  ProfileRevisionPageDto,
  ProfilesProgressDto,
  RepresentationRequestDto,
} from '@polos/shared';
import { ApiError, api } from '../../api/http';

/** Base path of a workspace's districts. */
const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}/districts`;
const one = (workspaceId: string, districtId: string) =>
  `${base(workspaceId)}/${encodeURIComponent(districtId)}`;

/** URL of the export of the directory filtered by `query` (a `URLSearchParams` of the directory filters). */
export function exportUrl(workspaceId: string, query: URLSearchParams, format: 'csv' | 'json'): string {
  const params = new URLSearchParams(query);
  params.delete('cursor');
  params.delete('compare');
  params.delete('view');
  params.set('format', format);
  return `${base(workspaceId)}/export?${params.toString()}`;
}

/**
 * The REST calls of the profiles feature (docs/API.md, "District profiles"). Every call throws `ApiError`
 * (`conflict` with `details: ProfileConflictDetails` on a stale save).
 */
export const profileApi = {
  list: (workspaceId: string, query: URLSearchParams) =>
    api<DirectoryPageDto>('GET', `${base(workspaceId)}?${query.toString()}`),
  get: (workspaceId: string, districtId: string) =>
    api<DistrictProfileDto>('GET', one(workspaceId, districtId)),
  create: (workspaceId: string, body: DistrictCreateBody) =>
    api<DistrictProfileDto>('POST', base(workspaceId), body),
  update: (
    workspaceId: string,
    districtId: string,
    baseRevision: number,
    changes: Partial<DistrictProfileFields>,
  ) => api<DistrictProfileDto>('PATCH', one(workspaceId, districtId), { baseRevision, changes }),
  revisions: (workspaceId: string, districtId: string, before?: number) =>
    api<ProfileRevisionPageDto>(
      'GET',
      `${one(workspaceId, districtId)}/revisions${before ? `?before=${before}` : ''}`,
    ),
  restore: (workspaceId: string, districtId: string, revision: number, baseRevision: number) =>
    api<DistrictProfileDto>('POST', `${one(workspaceId, districtId)}/revisions/${revision}/restore`, {
      baseRevision,
    }),
  validate: (workspaceId: string, districtId: string, validated: boolean) =>
    api<DistrictProfileDto>('POST', `${one(workspaceId, districtId)}/validation`, { validated }),
  askToRepresent: (workspaceId: string, districtId: string, message?: string) =>
    api<RepresentationRequestDto>(
      'POST',
      `${one(workspaceId, districtId)}/representation-requests`,
      message ? { message } : {},
    ),
  requests: (workspaceId: string) =>
    api<RepresentationRequestDto[] | { items: RepresentationRequestDto[] }>(
      'GET',
      `/api/workspaces/${encodeURIComponent(workspaceId)}/representation-requests`,
    ).then((r) => (Array.isArray(r) ? r : r.items)),
  decide: (workspaceId: string, requestId: string, approve: boolean) =>
    api<RepresentationRequestDto>(
      'POST',
      `/api/workspaces/${encodeURIComponent(workspaceId)}/representation-requests/${encodeURIComponent(requestId)}/decision`,
      { approve },
    ),
  progress: (workspaceId: string) => api<ProfilesProgressDto>('GET', `${base(workspaceId)}/progress`),
};

/**
 * Posts a CSV file to the import route (`text/csv` body, as read from the file: BOM and `;` are the server's to
 * detect), with the session's CSRF token (`api()` sends JSON only).
 */
export async function importCsv(
  workspaceId: string,
  file: Blob,
  options: { dryRun: boolean; allOrNothing: boolean },
  csrf: string | null,
): Promise<ImportReportDto> {
  const params = new URLSearchParams({
    dryRun: String(options.dryRun),
    allOrNothing: String(options.allOrNothing),
  });
  const headers: Record<string, string> = { 'Content-Type': 'text/csv', Accept: 'application/json' };
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let response: Response;
  try {
    response = await fetch(`${base(workspaceId)}/import?${params.toString()}`, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: file,
    });
  } catch {
    throw new ApiError(0, { code: 'network_error', message: 'Network error' });
  }
  const parsed = (await response.json().catch(() => undefined)) as
    ImportReportDto | { error?: { code: string; message: string } } | undefined;
  if (!response.ok) {
    const error = (parsed as { error?: { code: string; message: string } } | undefined)?.error;
    throw new ApiError(response.status, error ?? { code: 'http_error', message: `HTTP ${response.status}` });
  }
  return parsed as ImportReportDto;
}
