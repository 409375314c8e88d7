/**
 * Publication bundle and public year page (issue 12.4). A moderator downloads the year as one ZIP
 * (`GET /api/workspaces/:workspaceId/bundle.zip`): released conclusions, thread transcripts, poll results,
 * endorsement results, participation statistics, `index.html` and `manifest.json`. The same input gives the same
 * bytes. An admin can make the read-only year page public (`PUT /api/workspaces/:workspaceId/public-page`), then
 * `GET /api/public/workspaces/:workspaceId` and `…/bundle.zip` answer without an account (docs/API.md,
 * "Publication").
 */
import { z } from 'zod/mini';
import type { LocalizedText, RegionGroup } from '../domain';

/** Languages the bundle's own words are written in (the UI languages). */
export const BUNDLE_LANGUAGES = ['en', 'es', 'pt', 'fr'] as const;
export type BundleLanguage = (typeof BUNDLE_LANGUAGES)[number];

/** `GET …/bundle.zip` query: `lang` = the language of the bundle's words (default English). */
export const bundleQuerySchema = z.strictObject({
  lang: z.optional(z.enum(BUNDLE_LANGUAGES)),
});
export type BundleQuery = z.infer<typeof bundleQuerySchema>;

/** `PUT /api/workspaces/:workspaceId/public-page` body (admins). */
export const publicPageSchema = z.strictObject({ public: z.boolean() });
export type PublicPageBody = z.infer<typeof publicPageSchema>;

/** The answer of `PUT …/public-page` and `GET …/public-page`: the state and the page's path (`/public/<id>`). */
export interface PublicPageStateDto {
  workspaceId: string;
  public: boolean;
  /** Client path of the public page, e.g. `/public/64b…`; the client prefixes its own origin. */
  path: string;
}

/** One file of the bundle as `manifest.json` lists it. */
export interface BundleFileDto {
  /** Relative path inside the ZIP, `/`-separated, ASCII. */
  path: string;
  /** Bytes. */
  size: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
  contentType: string;
}

/** `manifest.json` of the bundle (every file but itself, sorted by path). */
export interface BundleManifestDto {
  format: 'polos-publication-bundle/1';
  workspace: { id: string; title: string };
  language: BundleLanguage;
  /** The input's latest change (ISO 8601, UTC): the files' dates; not the time of building. */
  asOf: string;
  files: BundleFileDto[];
}

/** A released conclusion on the public page (the latest release of a block's or the overall draft). */
export interface PublicConclusionDto {
  title: string;
  number: number;
  /** ISO 8601. */
  publishedAt: string;
  /** The release as Markdown (the drafts' Markdown export, header included). */
  markdown: string;
}

/** `GET /api/public/workspaces/:workspaceId`: the public year page (no member names, emails or hidden posts). */
export interface PublicWorkspaceDto {
  id: string;
  title: string;
  description: string;
  /** The title and description per UI language (issue 13; same rule as `WorkspaceSummaryDto.titleText`). */
  titleText?: LocalizedText;
  descriptionText?: LocalizedText;
  timeZone: string;
  blocks: Array<{
    id: string;
    order: number;
    title: LocalizedText;
    questions: number;
    conclusions: PublicConclusionDto | null;
  }>;
  overall: PublicConclusionDto | null;
  /** Null while a live session runs (the balance figures never steer a running discussion, docs/API.md). */
  participation: {
    /** Visible posts (hidden and deleted excluded). */
    posts: number;
    contributors: number;
    /** Posts per region group of the author's district. */
    postsByRegion: Record<RegionGroup, number>;
    /** Members per region group (with a district). */
    members: Record<RegionGroup, number>;
  } | null;
  /** The bundle's download path (relative to the API origin). */
  bundlePath: string;
}
