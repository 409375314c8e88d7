import type { InterestBody, InterestDto, InterestListDto, SuggestionsDto } from '@polos/shared';
import { api } from '../../api/http';

const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}/matching`;

/** The REST calls of partner matching (docs/API.md, "Partner matching"); each throws `ApiError`. */
export const matchingApi = {
  suggestions: (workspaceId: string, districtId: string, query: URLSearchParams) =>
    api<SuggestionsDto>(
      'GET',
      `${base(workspaceId)}/districts/${encodeURIComponent(districtId)}/suggestions?${query.toString()}`,
    ),
  setHidden: (workspaceId: string, districtId: string, hidden: boolean) =>
    api<{ districtId: string; hidden: boolean }>(
      'PUT',
      `${base(workspaceId)}/districts/${encodeURIComponent(districtId)}/settings`,
      { hidden },
    ),
  interests: (workspaceId: string) => api<InterestListDto>('GET', `${base(workspaceId)}/interests`),
  express: (workspaceId: string, body: InterestBody) =>
    api<InterestDto>('POST', `${base(workspaceId)}/interests`, body),
  withdraw: (workspaceId: string, interestId: string) =>
    api<InterestDto>('POST', `${base(workspaceId)}/interests/${encodeURIComponent(interestId)}/withdraw`),
};
