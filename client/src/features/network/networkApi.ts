import type { NetworkDto } from '@polos/shared';
import { api } from '../../api/http';

/** `GET /api/workspaces/:id/network` (docs/API.md, "Network"); throws `ApiError`. */
export const networkApi = {
  get: (workspaceId: string, query: URLSearchParams) => {
    const qs = query.toString();
    return api<NetworkDto>(
      'GET',
      `/api/workspaces/${encodeURIComponent(workspaceId)}/network${qs ? `?${qs}` : ''}`,
    );
  },
};
