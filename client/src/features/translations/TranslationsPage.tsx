import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  can,
  LOCALIZED_TEXT_LIMITS,
  type BlockDto,
  type LocalizedText,
  type LocalizedTextPatch,
  type WorkspaceSummaryDto,
} from '@polos/shared';
import { api, errorCode } from '../../api/http';
import { Localized } from '../../components/Localized';
import { workspaceText } from '../../components/WorkspaceText';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES, type Language } from '../../i18n';
import { useWorkspace } from '../workspace';
import './translationStrings';
import { useWorkspaceTitle } from '../../components/WorkspaceText';

type Texts = Record<Language, string>;
const REQUIRED: readonly Language[] = ['en', 'es'];

const textsOf = (text: LocalizedText): Texts => ({
  en: text.en,
  es: text.es,
  pt: text.pt ?? '',
  fr: text.fr ?? '',
});

/** The languages whose text differs from what is stored, as a patch ('' removes pt/fr); null when none. */
function changes(stored: LocalizedText, edited: Texts): LocalizedTextPatch | null {
  const patch: LocalizedTextPatch = {};
  for (const language of SUPPORTED_LANGUAGES) {
    const value = edited[language].trim();
    if (value !== (stored[language] ?? '').trim()) patch[language] = value;
  }
  return Object.keys(patch).length > 0 ? patch : null;
}

const untranslated = (text: LocalizedText) => (text.pt?.trim() ? 0 : 1) + (text.fr?.trim() ? 0 : 1);

/** One text in every language: a group of four labelled fields, each with its `lang`. */
function LanguageFields(props: {
  legend: string;
  value: Texts;
  maxLength: number;
  multiline?: boolean;
  onChange: (value: Texts) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="translation-fields">
      <legend>{props.legend}</legend>
      {SUPPORTED_LANGUAGES.map((language) => {
        const common = {
          id: `${id}-${language}`,
          lang: language,
          value: props.value[language],
          maxLength: props.maxLength,
          required: REQUIRED.includes(language),
        };
        const set = (text: string) => props.onChange({ ...props.value, [language]: text });
        return (
          <div className="field" key={language}>
            <label htmlFor={common.id}>
              <span lang={language}>{LANGUAGE_NAMES[language]}</span>
              {common.required && <span className="muted"> ({t('translations.required')})</span>}
            </label>
            {props.multiline ? (
              <textarea {...common} rows={2} onChange={(e) => set(e.target.value)} />
            ) : (
              <input {...common} type="text" onChange={(e) => set(e.target.value)} />
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

/** A title and a description, each per language (the workspace's and a block's translation forms). */
function TitleDescriptionFields(props: {
  title: Texts;
  description: Texts;
  /** Maximum lengths [title, description] (LOCALIZED_TEXT_LIMITS). */
  limits: readonly [number, number];
  onTitle: (value: Texts) => void;
  onDescription: (value: Texts) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <LanguageFields
        legend={t('translations.blockTitle')}
        value={props.title}
        maxLength={props.limits[0]}
        onChange={props.onTitle}
      />
      <LanguageFields
        legend={t('translations.blockDescription')}
        value={props.description}
        maxLength={props.limits[1]}
        multiline
        onChange={props.onDescription}
      />
    </>
  );
}

/** The workspace's own title and description (`PATCH /api/workspaces/:id/texts`; only changed languages sent). */
function WorkspaceTranslations({ workspace }: { workspace: WorkspaceSummaryDto }) {
  const { t } = useTranslation();
  const [stored, setStored] = useState(() => ({
    title: workspaceText(workspace, 'title'),
    description: workspaceText(workspace, 'description'),
  }));
  const [title, setTitle] = useState(() => textsOf(stored.title));
  const [description, setDescription] = useState(() => textsOf(stored.description));
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const titlePatch = changes(stored.title, title);
    const descriptionPatch = changes(stored.description, description);
    if (!titlePatch && !descriptionPatch) {
      setStatus({ text: t('translations.workspaceUnchanged'), error: false });
      return;
    }
    setBusy(true);
    setStatus({ text: t('translations.saving'), error: false });
    try {
      const saved = await api<WorkspaceSummaryDto>('PATCH', `/api/workspaces/${workspace.id}/texts`, {
        ...(titlePatch ? { title: titlePatch } : {}),
        ...(descriptionPatch ? { description: descriptionPatch } : {}),
      });
      setStored({ title: workspaceText(saved, 'title'), description: workspaceText(saved, 'description') });
      setStatus({ text: t('translations.workspaceSaved'), error: false });
    } catch (error) {
      setStatus({
        text: t('translations.workspaceFailed', { message: t(`errors.${errorCode(error)}`) }),
        error: true,
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card translation-block" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t('translations.workspace')} · <Localized text={stored.title} />
      </h2>
      <form className="form" onSubmit={(e) => void save(e)}>
        <TitleDescriptionFields
          title={title}
          description={description}
          limits={[LOCALIZED_TEXT_LIMITS.workspaceTitle, LOCALIZED_TEXT_LIMITS.workspaceDescription]}
          onTitle={setTitle}
          onDescription={setDescription}
        />
        <button type="submit" disabled={busy}>
          {t('translations.workspaceSave')}
        </button>
        <p role={status?.error ? 'alert' : 'status'} className={status?.error ? 'error' : 'muted'}>
          {status?.text}
        </p>
      </form>
    </section>
  );
}

/** One block's title, description and questions; saved together (only the languages that changed are sent). */
function BlockTranslations({ block }: { block: BlockDto }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(() => textsOf(block.title));
  const [description, setDescription] = useState(() => textsOf(block.description));
  const [questions, setQuestions] = useState(() =>
    Object.fromEntries(block.questions.map((q) => [q.id, textsOf(q.text)])),
  );
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const missing =
    untranslated(block.title) +
    untranslated(block.description) +
    block.questions.reduce((sum, q) => sum + untranslated(q.text), 0);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const blockPatch = {
      ...(changes(block.title, title) ? { title: changes(block.title, title) } : {}),
      ...(changes(block.description, description)
        ? { description: changes(block.description, description) }
        : {}),
    };
    const questionPatches = block.questions.flatMap((q) => {
      const patch = questions[q.id] ? changes(q.text, questions[q.id]) : null;
      return patch ? [{ id: q.id, patch }] : [];
    });
    if (Object.keys(blockPatch).length === 0 && questionPatches.length === 0) {
      setStatus({ text: t('translations.unchanged', { n: block.order }), error: false });
      return;
    }
    setBusy(true);
    setStatus({ text: t('translations.saving'), error: false });
    try {
      // The server publishes each change: this page (and every open one) shows it through the workspace state.
      if (Object.keys(blockPatch).length > 0) await api('PATCH', `/api/blocks/${block.id}/texts`, blockPatch);
      for (const { id, patch } of questionPatches)
        await api('PATCH', `/api/questions/${id}/text`, { text: patch });
      setStatus({ text: t('translations.saved', { n: block.order }), error: false });
    } catch (error) {
      setStatus({
        text: t('translations.failed', { n: block.order, message: t(`errors.${errorCode(error)}`) }),
        error: true,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card translation-block" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t('translations.block', { n: block.order })} · <Localized text={block.title} />
      </h2>
      {missing > 0 && <p className="muted">{t('translations.missing', { count: missing })}</p>}
      <form className="form" onSubmit={(e) => void save(e)}>
        <TitleDescriptionFields
          title={title}
          description={description}
          limits={[LOCALIZED_TEXT_LIMITS.blockTitle, LOCALIZED_TEXT_LIMITS.blockDescription]}
          onTitle={setTitle}
          onDescription={setDescription}
        />
        {block.questions.map((q) => (
          <LanguageFields
            key={q.id}
            legend={t('translations.question', { n: q.order })}
            value={questions[q.id] ?? textsOf(q.text)}
            maxLength={LOCALIZED_TEXT_LIMITS.questionText}
            multiline
            onChange={(value) => setQuestions((all) => ({ ...all, [q.id]: value }))}
          />
        ))}
        <button type="submit" disabled={busy}>
          {t('translations.save', { n: block.order })}
        </button>
        <p role={status?.error ? 'alert' : 'status'} className={status?.error ? 'error' : 'muted'}>
          {status?.text}
        </p>
      </form>
    </section>
  );
}

/** `/w/:workspaceId/translations` (admins): the workspace's admin-written texts in en, es, pt and fr. */
export default function TranslationsPage() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  useDocumentTitle(t('translations.nav'), useWorkspaceTitle(ws.workspace));
  if (!can(ws.workspace?.role, 'administer')) return <p role="alert">{t('translations.onlyAdmins')}</p>;
  return (
    <section className="translations-page" aria-labelledby="translations-title">
      <h1 id="translations-title">{t('translations.title')}</h1>
      <p>{t('translations.intro')}</p>
      {ws.workspace && <WorkspaceTranslations workspace={ws.workspace} />}
      {ws.blocks.map((block) => (
        <BlockTranslations key={block.id} block={block} />
      ))}
    </section>
  );
}
