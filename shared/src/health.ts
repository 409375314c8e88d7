/** Body of `GET /api/health`. */
export interface HealthBody {
  ok: boolean;
  version: string;
  db: { kind: 'embedded' | 'mongodb'; connected: boolean };
}
