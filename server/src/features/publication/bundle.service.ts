import { createHash } from 'node:crypto';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { Types } from 'mongoose';
import type { Node as PmNode } from '@tiptap/pm/model';
import slugify from 'slugify';
import {
  DEFAULT_WORKSPACE_TIME_ZONE,
  timeZoneLabel,
  type BalanceDto,
  type BundleFileDto,
  type BundleLanguage,
  type BundleManifestDto,
  type ExportFormat,
  type LocalizedText,
} from '@polos/shared';
import { draftSchema } from '@polos/shared/editor';
import { zipTimeOf } from '../../lib/zipTime';
import { Block, type BlockDoc } from '../blocks/block.model';
import { Question, type QuestionDoc } from '../questions/question.model';
import { Post, type PostDoc } from '../posts/post.model';
import { Poll } from '../polls/poll.model';
import { DraftPublication, type DraftPublicationDoc } from '../drafts/draft.model';
import { docFromState } from '../drafts/draft.service';
import type { ProvenanceSigner } from '../drafts/draftDocument';
import { exportDocument, renderHtml, renderPdf, type ExportMeta } from '../drafts/draftExport';
import { isDefaultDraftTitle } from '../drafts/draftTitle';
import { EXPORT_MESSAGES } from '../drafts/exportMessages';
import { postToDoc } from '../drafts/draftQuote';
import { computeBalance } from '../balance/balance.service';
import { balanceToCsv } from '../balance/balance.csv';
import type { WorkspaceDoc } from '../workspaces/workspace.model';
import { workspaceTexts } from '../workspaces/workspaceTexts';
import { BUNDLE_MESSAGES, type BundleMessages } from './bundleMessages';
import { participationHtml, participationSvg } from './participation';
import { pollsCsv, pollsHtml, type BundlePoll } from './pollResults';
import { escapeHtml, htmlPage } from './html';
import { endorsementFiles } from './endorsementResults';

/*
 * The publication bundle (issue 12.4): one ZIP with everything a year of the working group produced. Rule: the same
 * input gives the same bytes. So: no time of building anywhere (the files' dates are the input's latest change,
 * `asOf`), no random ids (drafts' DOCX/PDF exports take the release's date and fixed ids), every list sorted,
 * entries in path order with a fixed compression level (text deflated at level 6, PDF/DOCX stored — they are
 * compressed already), manifest last. Hidden and deleted posts are never read into a transcript.
 */

/** A file of the bundle, planned before it is made (paths sort the ZIP; `make` renders it). */
interface PlannedFile {
  path: string;
  contentType: string;
  /** Link text on the index page. */
  label: string;
  make: () => Promise<Buffer> | Buffer;
}

/** Everything the index page lists, by section. */
interface BundlePlan {
  files: PlannedFile[];
  sections: Array<{ title: string; groups: Array<{ title: string | null; files: PlannedFile[] }> }>;
}

export interface BundleInput {
  workspace: WorkspaceDoc;
  language: BundleLanguage;
  /** Origin of links to quoted posts in the conclusions (the first PUBLIC_ORIGIN), or null: unlinked. */
  origin: string | null;
  /** Verifies quote provenance (the server's secret), as the drafts' exports do. */
  signer: ProvenanceSigner;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};
const FORMATS: ExportFormat[] = ['pdf', 'docx', 'html', 'md'];

/** Two digits, so `block-10` sorts after `block-09`. */
const pad = (n: number) => String(n).padStart(2, '0');
const slug = (text: string) =>
  slugify(text, { lower: true, strict: true, locale: 'es' }).slice(0, 40).replace(/-+$/, '');

/** The admin-written text in `language`, else English, else Spanish. */
export const localized = (text: LocalizedText, language: BundleLanguage): string =>
  text[language] || text.en || text.es;

/** The latest release of each draft of the workspace (a block's conclusions, or the overall ones). */
export async function latestReleases(workspaceId: Types.ObjectId): Promise<DraftPublicationDoc[]> {
  const all = await DraftPublication.find({ workspaceId }).sort({ draftId: 1, number: -1 }).lean().exec();
  const latest = new Map<string, DraftPublicationDoc>();
  for (const p of all) if (!latest.has(p.draftId.toHexString())) latest.set(p.draftId.toHexString(), p);
  return [...latest.values()];
}

/** A release's title, workspace title and block title in one language (see {@link localizedReleaseTitles}). */
export type ReleaseTitles = Pick<ExportMeta, 'title' | 'workspaceTitle' | 'blockTitle'>;

/**
 * A release's titles in `language` (QA: the bundle mixed the Spanish index with English conclusions). A release
 * stores the English titles of its time; the workspace's and block's titles are taken as they are now, in
 * `language` (else English, as {@link localized}); the release's own title, when it is the draft's generated one
 * ("<English title> — conclusions", {@link isDefaultDraftTitle}), is made again from the localized title and the
 * drafts' export words ("Competitividad — conclusiones"); a title someone wrote is kept as written. A release whose
 * block is gone keeps its stored block title.
 */
export function localizedReleaseTitles(
  publication: { title: string; blockTitle: string | null; blockId: unknown },
  block: Pick<BlockDoc, 'title'> | null,
  workspaceTitle: string,
  language: BundleLanguage,
): ReleaseTitles {
  const blockTitle = block ? localized(block.title, language) : publication.blockTitle;
  const words = EXPORT_MESSAGES[language];
  const title = isDefaultDraftTitle(publication.title)
    ? publication.blockId
      ? `${blockTitle ?? workspaceTitle} — ${words.conclusions}`
      : `${workspaceTitle} — ${words.overallConclusions}`
    : publication.title;
  return { title, workspaceTitle, blockTitle };
}

/**
 * The ExportMeta of a release, as the drafts' release export builds it (`draft.routes.ts`); `titles` replaces the
 * stored (English) titles, e.g. with {@link localizedReleaseTitles}.
 */
export function releaseMeta(
  publication: DraftPublicationDoc,
  input: Pick<BundleInput, 'language' | 'origin'> & { workspace: Pick<WorkspaceDoc, '_id' | 'timeZone'> },
  titles?: ReleaseTitles,
): ExportMeta {
  const workspaceId = input.workspace._id.toHexString();
  return {
    title: publication.title,
    workspaceTitle: publication.workspaceTitle,
    blockTitle: publication.blockTitle,
    ...titles,
    releaseNumber: publication.number,
    date: publication.publishedAt,
    contributors: publication.contributors,
    timeZone: publication.timeZone ?? input.workspace.timeZone ?? DEFAULT_WORKSPACE_TIME_ZONE,
    language: input.language,
    postUrl: input.origin
      ? (source) => {
          try {
            return new URL(
              `/w/${workspaceId}/q/${source.questionId}#post-${source.postId}`,
              input.origin ?? '',
            ).href;
          } catch {
            return null;
          }
        }
      : undefined,
  };
}

/** A release rendered in one format (the drafts' export, dates fixed to the release's). */
export async function renderRelease(
  publication: DraftPublicationDoc,
  format: ExportFormat,
  input: Pick<BundleInput, 'language' | 'origin' | 'signer'> & {
    workspace: Pick<WorkspaceDoc, '_id' | 'timeZone'>;
  },
  titles?: ReleaseTitles,
): Promise<Buffer> {
  const doc = docFromState(publication.state);
  try {
    return (await exportDocument(doc, releaseMeta(publication, input, titles), format, input.signer)).body;
  } finally {
    doc.destroy();
  }
}

/**
 * The input's latest change (UTC): the newest of the workspace's, blocks', questions', posts' (created, edited,
 * deleted), releases' and polls' dates. The bundle's files carry it as their date, so a rebuild from unchanged
 * data gives the same bytes.
 */
async function latestChange(
  workspace: WorkspaceDoc,
  blocks: BlockDoc[],
  questions: QuestionDoc[],
  releases: DraftPublicationDoc[],
  polls: BundlePoll[],
): Promise<Date> {
  const [posts] = await Post.aggregate<{ c: Date | null; e: Date | null; d: Date | null }>([
    { $match: { workspaceId: workspace._id } },
    { $group: { _id: null, c: { $max: '$createdAt' }, e: { $max: '$editedAt' }, d: { $max: '$deletedAt' } } },
  ]).exec();
  const dates: Array<Date | null | undefined> = [
    workspace.createdAt,
    ...blocks.map((b) => b.createdAt),
    ...questions.flatMap((q) => [q.createdAt, q.openedAt, q.closedAt]),
    ...releases.map((r) => r.publishedAt),
    ...polls.flatMap((p) => [p.openedAt, p.closedAt]),
    posts?.c,
    posts?.e,
    posts?.d,
  ];
  const times = dates.filter((d): d is Date => d instanceof Date).map((d) => d.getTime());
  return new Date(times.length ? Math.max(...times) : 0);
}

/** "María (Basque Energy Cluster, Spain)" — the author with the district and country at posting time. */
function authorLabel(post: PostDoc, m: BundleMessages, countries: Intl.DisplayNames): string {
  const d = post.authorDistrict;
  if (!d) return `${post.authorName} (${m.noDistrict})`;
  let country = d.country;
  try {
    country = countries.of(d.country) ?? d.country;
  } catch {
    // Not an ISO 3166 code: shown as stored.
  }
  return `${post.authorName} (${d.name}, ${country})`;
}

/**
 * A question's thread as one document of the editor schema (rendered by the drafts' HTML and PDF writers): the
 * question as H1, then each shown top-level post (author with district and country, time, body) with its shown
 * replies nested as a quote under it. Replies to a post that is no longer shown are kept under a placeholder.
 * Only posts neither hidden nor deleted are passed in.
 */
export function transcriptDoc(
  heading: string,
  subtitle: string,
  posts: PostDoc[],
  m: BundleMessages,
  timeZone: string,
): PmNode {
  const schema = draftSchema();
  const countries = new Intl.DisplayNames([m.locale], { type: 'region' });
  const time = new Intl.DateTimeFormat(m.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const text = (value: string) => (value ? [schema.text(value)] : []);
  const italic = (value: string) =>
    schema.nodes.paragraph.create(null, value ? schema.text(value, [schema.marks.italic.create()]) : []);
  const postNodes = (post: PostDoc): PmNode[] => {
    const body: PmNode[] = [];
    postToDoc(post.body).forEach((child) => body.push(child));
    return [
      schema.nodes.paragraph.create(null, [
        schema.text(authorLabel(post, m, countries), [schema.marks.bold.create()]),
        schema.text(` · ${time.format(post.createdAt)}`),
      ]),
      ...body,
    ];
  };
  const byId = new Map(posts.map((p) => [p._id.toHexString(), p]));
  const replies = new Map<string, PostDoc[]>();
  const top: PostDoc[] = [];
  const orphanParents: string[] = [];
  for (const post of posts) {
    if (!post.parentId) {
      top.push(post);
      continue;
    }
    const parent = post.parentId.toHexString();
    if (!replies.has(parent)) {
      replies.set(parent, []);
      if (!byId.has(parent)) orphanParents.push(parent);
    }
    replies.get(parent)?.push(post);
  }
  const children: PmNode[] = [
    schema.nodes.heading.create({ level: 1 }, text(heading)),
    italic(subtitle),
    italic(m.timesIn(timeZoneLabel(timeZone, m.locale))),
    schema.nodes.horizontalRule.create(),
  ];
  if (posts.length === 0) children.push(schema.nodes.paragraph.create(null, text(m.noPosts)));
  // Top-level posts by seq; a reply thread whose parent is not shown sits where its first reply was written.
  const entries: Array<{ seq: number; parent: PostDoc | null; id: string }> = [
    ...top.map((p) => ({ seq: p.seq, parent: p, id: p._id.toHexString() })),
    ...orphanParents.map((id) => ({ seq: replies.get(id)?.[0]?.seq ?? 0, parent: null, id })),
  ].sort((a, b) => a.seq - b.seq || a.id.localeCompare(b.id));
  for (const entry of entries) {
    if (entry.parent) children.push(...postNodes(entry.parent));
    else children.push(italic(m.removedPost));
    for (const reply of replies.get(entry.id) ?? []) {
      const to = entry.parent ? entry.parent.authorName : m.removedPost;
      children.push(schema.nodes.blockquote.create(null, [italic(m.replyTo(to)), ...postNodes(reply)]));
    }
  }
  return schema.nodes.doc.create(null, children);
}

/** The shown posts of a question in seq order (hidden and deleted posts are not read). */
function shownPosts(questionId: Types.ObjectId): Promise<PostDoc[]> {
  return Post.find(
    { questionId, hidden: false, deleted: false },
    {
      _id: 1,
      questionId: 1,
      parentId: 1,
      authorName: 1,
      authorDistrict: 1,
      body: 1,
      seq: 1,
      createdAt: 1,
    },
  )
    .sort({ seq: 1 })
    .lean<PostDoc[]>()
    .exec();
}

/** Plans every file of the bundle (paths, labels, renderers), sorted by path, and the index page's sections. */
async function planBundle(input: BundleInput): Promise<{ plan: BundlePlan; asOf: Date }> {
  const { workspace, language } = input;
  const m = BUNDLE_MESSAGES[language];
  const timeZone = workspace.timeZone ?? DEFAULT_WORKSPACE_TIME_ZONE;
  const [blocks, questions, releases, polls] = await Promise.all([
    Block.find({ workspaceId: workspace._id }).sort({ order: 1 }).lean<BlockDoc[]>().exec(),
    Question.find({ workspaceId: workspace._id }).lean<QuestionDoc[]>().exec(),
    latestReleases(workspace._id),
    Poll.find({ workspaceId: workspace._id }, { voteCount: 0, facts: 0, openedBy: 0 }).lean<BundlePoll[]>(),
  ]);
  const blockById = new Map(blocks.map((b) => [b._id.toHexString(), b]));
  // The workspace's title in the bundle's language, everywhere in the bundle (as index.html always had it).
  const workspaceTitle = localized(workspaceTexts(workspace).titleText, language);
  const titlesOf = (release: DraftPublicationDoc) =>
    localizedReleaseTitles(
      release,
      release.blockId ? (blockById.get(release.blockId.toHexString()) ?? null) : null,
      workspaceTitle,
      language,
    );
  const questionLabel = (q: QuestionDoc) =>
    `${blockById.get(q.blockId.toHexString())?.order ?? 0}.${q.order}`;
  questions.sort(
    (a, b) =>
      (blockById.get(a.blockId.toHexString())?.order ?? 0) -
        (blockById.get(b.blockId.toHexString())?.order ?? 0) || a.order - b.order,
  );
  const asOf = await latestChange(workspace, blocks, questions, releases, polls);
  const sections: BundlePlan['sections'] = [];
  const files: PlannedFile[] = [];
  const add = (file: PlannedFile) => {
    files.push(file);
    return file;
  };

  // Conclusions: the latest release of each block's draft (block order), then the overall one.
  const conclusionGroups: BundlePlan['sections'][number]['groups'] = [];
  const releaseOf = new Map(releases.map((r) => [r.blockId?.toHexString() ?? 'overall', r]));
  const releaseFiles = (release: DraftPublicationDoc, base: string) =>
    FORMATS.map((format) =>
      add({
        path: `${base}.${format}`,
        contentType: CONTENT_TYPES[format],
        label: m.formats[format],
        make: () => renderRelease(release, format, input, titlesOf(release)),
      }),
    );
  for (const block of blocks) {
    const release = releaseOf.get(block._id.toHexString());
    if (!release) continue;
    const base = `conclusions/block-${pad(block.order)}-${slug(block.title.en) || 'block'}`;
    conclusionGroups.push({
      title: `${m.block(block.order, localized(block.title, language))} — ${titlesOf(release).title}`,
      files: releaseFiles(release, base),
    });
  }
  const overall = releaseOf.get('overall');
  if (overall)
    conclusionGroups.push({
      title: `${m.overall} — ${titlesOf(overall).title}`,
      files: releaseFiles(overall, 'conclusions/overall'),
    });
  sections.push({ title: m.conclusions, groups: conclusionGroups });

  // Transcripts: one HTML and one PDF per question.
  const transcriptGroups: BundlePlan['sections'][number]['groups'] = [];
  for (const question of questions) {
    const block = blockById.get(question.blockId.toHexString());
    if (!block) continue;
    const label = questionLabel(question);
    const heading = `${m.question(label)}${m.colon}${localized(question.text, language)}`;
    const subtitle = `${workspaceTitle} — ${m.block(block.order, localized(block.title, language))}`;
    const meta: ExportMeta = {
      title: m.transcriptOf(heading),
      workspaceTitle,
      blockTitle: localized(block.title, language),
      releaseNumber: null,
      date: asOf,
      contributors: [],
      language,
      timeZone,
    };
    // One read of the thread serves both formats (the PDF is made right after the HTML, in path order).
    let doc: Promise<PmNode> | null = null;
    const threadDoc = () =>
      (doc ??= shownPosts(question._id).then((posts) =>
        transcriptDoc(heading, subtitle, posts, m, timeZone),
      ));
    const base = `transcripts/block-${pad(block.order)}/question-${pad(block.order)}-${pad(question.order)}`;
    transcriptGroups.push({
      title: heading,
      files: [
        add({
          path: `${base}.html`,
          contentType: CONTENT_TYPES.html,
          label: m.formats.html,
          make: async () => Buffer.from(renderHtml(await threadDoc(), meta), 'utf8'),
        }),
        add({
          path: `${base}.pdf`,
          contentType: CONTENT_TYPES.pdf,
          label: m.formats.pdf,
          make: async () => {
            const body = await renderPdf(await threadDoc(), meta);
            doc = null;
            return body;
          },
        }),
      ],
    });
  }
  sections.push({ title: m.transcripts, groups: transcriptGroups });

  // Poll results (CSV and HTML, overall and per region group).
  const questionById = new Map(questions.map((q) => [q._id.toHexString(), q]));
  const pollContext = { polls, questionById, questionLabel, language, m, timeZone, workspaceTitle };
  sections.push({
    title: m.polls,
    groups: [
      {
        title: null,
        files: [
          add({
            path: 'polls/polls.html',
            contentType: CONTENT_TYPES.html,
            label: m.formats.html,
            make: async () => Buffer.from(await pollsHtml(pollContext), 'utf8'),
          }),
          add({
            path: 'polls/polls.csv',
            contentType: 'text/csv; charset=utf-8',
            label: m.formats.csv,
            make: async () => Buffer.from(await pollsCsv(pollContext), 'utf8'),
          }),
        ],
      },
    ],
  });

  // Endorsement results (from the endorsements feature's port, when present).
  // A round names its draft by the draft's title: a generated one is localized like the releases' titles.
  const draftTitleOf = (round: { draftTitle: string; blockId: string | null }) =>
    localizedReleaseTitles(
      { title: round.draftTitle, blockTitle: null, blockId: round.blockId },
      round.blockId ? (blockById.get(round.blockId) ?? null) : null,
      workspaceTitle,
      language,
    ).title;
  const endorsements = await endorsementFiles(workspace, workspaceTitle, m, language, draftTitleOf);
  sections.push({
    title: m.endorsements,
    groups: endorsements.length
      ? [{ title: null, files: endorsements.map((f) => add(f)) }]
      : [{ title: m.noEndorsements, files: [] }],
  });

  // Participation (the balance dashboard's figures: CSV, an SVG chart and an HTML table).
  let balance: Promise<BalanceDto> | null = null;
  const figures = () => (balance ??= computeBalance(workspace, {}));
  sections.push({
    title: m.participation,
    groups: [
      {
        title: null,
        files: [
          add({
            path: 'participation/participation.csv',
            contentType: 'text/csv; charset=utf-8',
            label: m.formats.csv,
            make: async () => Buffer.from(balanceToCsv(await figures()), 'utf8'),
          }),
          add({
            path: 'participation/participation.html',
            contentType: CONTENT_TYPES.html,
            label: m.formats.html,
            make: async () =>
              Buffer.from(participationHtml(workspaceTitle, await figures(), m, language), 'utf8'),
          }),
          add({
            path: 'participation/participation.svg',
            contentType: 'image/svg+xml',
            label: m.formats.svg,
            make: async () => Buffer.from(participationSvg(await figures(), m, language), 'utf8'),
          }),
        ],
      },
    ],
  });

  const plan: BundlePlan = { files, sections };
  add({
    path: 'index.html',
    contentType: CONTENT_TYPES.html,
    label: 'index.html',
    make: () => Buffer.from(indexHtml(workspace, plan, m, language, asOf, timeZone), 'utf8'),
  });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { plan, asOf };
}

/** `index.html`: the year's summary and a relative link to every file, by section. */
function indexHtml(
  workspace: WorkspaceDoc,
  plan: BundlePlan,
  m: BundleMessages,
  language: BundleLanguage,
  asOf: Date,
  timeZone: string,
): string {
  const date = new Intl.DateTimeFormat(m.locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(
    asOf,
  );
  const zone = timeZoneLabel(timeZone, m.locale);
  const sections = plan.sections
    .map((section) => {
      const groups = section.groups
        .map((group) => {
          const links = group.files.length
            ? `<ul class="files">${group.files
                .map((f) => `<li><a href="${escapeHtml(f.path)}">${escapeHtml(f.label)}</a></li>`)
                .join('')}</ul>`
            : '';
          return `${group.title ? `<h3>${escapeHtml(group.title)}</h3>` : ''}${links}`;
        })
        .join('\n');
      return `<section>\n<h2>${escapeHtml(section.title)}</h2>\n${groups || `<p>${escapeHtml(m.noConclusions)}</p>`}\n</section>`;
    })
    .join('\n');
  // The title and description in the bundle's language, with the same fallback as block titles (issue 13).
  const texts = workspaceTexts(workspace);
  const title = localized(texts.titleText, language);
  const description = localized(texts.descriptionText, language)
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
  return htmlPage(
    language,
    `${title} — ${m.yearBundle}`,
    `<h1>${escapeHtml(title)}</h1>
<p class="subtitle">${escapeHtml(m.yearBundle)} · ${escapeHtml(m.asOf(`${date} (${zone})`))}</p>
${description}
<p>${escapeHtml(m.intro)}</p>
${sections}
<section>
<h2>${escapeHtml(m.files)}</h2>
<p><a href="manifest.json">${escapeHtml(m.manifest)}</a></p>
</section>`,
  );
}

/** Whether an entry is stored (already compressed formats) or deflated (text). */
const stored = (path: string) => /\.(pdf|docx)$/.test(path);

/**
 * Builds the bundle and hands its bytes to `write` as they are zipped (the route streams them to the browser):
 * each planned file is rendered, hashed and added in path order, then `manifest.json` (every other file's path,
 * size and SHA-256). `write` may apply back-pressure by returning a promise. Returns the manifest.
 */
export async function writeBundle(
  input: BundleInput,
  write: (chunk: Uint8Array) => Promise<void> | void,
): Promise<BundleManifestDto> {
  const { plan, asOf } = await planBundle(input);
  const mtime = zipTimeOf(asOf);
  const pending: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else pending.push(chunk);
  });
  const flush = async () => {
    if (failure) throw failure;
    while (pending.length) await write(pending.shift() as Uint8Array);
  };
  const addEntry = (path: string, body: Uint8Array) => {
    const entry = stored(path) ? new ZipPassThrough(path) : new ZipDeflate(path, { level: 6 });
    entry.mtime = mtime;
    zip.add(entry);
    entry.push(body, true);
  };
  const manifestFiles: BundleFileDto[] = [];
  for (const file of plan.files) {
    const body = await file.make();
    manifestFiles.push({
      path: file.path,
      size: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
      contentType: file.contentType,
    });
    addEntry(file.path, body);
    await flush();
  }
  const manifest: BundleManifestDto = {
    format: 'polos-publication-bundle/1',
    workspace: {
      id: input.workspace._id.toHexString(),
      title: localized(workspaceTexts(input.workspace).titleText, input.language),
    },
    language: input.language,
    asOf: asOf.toISOString(),
    files: manifestFiles,
  };
  addEntry('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  zip.end();
  await flush();
  return manifest;
}
