import { invalidFromZod, type ValidationIssueSource } from './errors';

/** Any zod schema (full or `zod/mini`) — both expose `safeParse`. */
export interface Parser<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: ValidationIssueSource };
}

/** Parses untrusted input at the edge; throws a 400 `AppError` listing every issue. */
export function parseInput<T>(schema: Parser<T>, data: unknown): T {
  const result = schema.safeParse(data);
  if (!result.success) throw invalidFromZod(result.error);
  return result.data;
}
