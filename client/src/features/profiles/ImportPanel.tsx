import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DISTRICT_KINDS,
  PROFILE_CSV_COLUMNS,
  importFileErrorOf,
  type ImportFieldError,
  type ImportReportDto,
} from '@polos/shared';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/http';
import { useSession } from '../auth';
import { importCsv } from './profileApi';
import { fieldLabel } from './profileModel';

const DELIMITER_KEY: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** "name / nombre" for a column id (the import reads English or Spanish headers). */
const headersOf = (id: string) => {
  const column = PROFILE_CSV_COLUMNS.find((c) => c.id === id);
  return column ? `${column.id} / ${column.es}` : id;
};

/** "kind / tipo, region / región" for column ids as the server joins them (`kind, region`). */
const columnList = (ids: string) =>
  ids
    .split(',')
    .map((id) => headersOf(id.trim()))
    .join(', ');

/**
 * The words for an import that failed: a file refused as a whole (empty, binary, a workbook, too large, too many
 * rows, missing columns) from its `details`; anything else as the app's generic error.
 */
export function importErrorText(t: TFunction, error: unknown): string {
  const details = error instanceof ApiError ? importFileErrorOf(error.details) : null;
  if (!details)
    return t('profiles.error', { message: error instanceof Error ? error.message : String(error) });
  const key = `profiles.import.fileErrors.${details.reason}`;
  switch (details.reason) {
    case 'file_too_large':
      return t(key, { megabytes: Math.floor(details.maxBytes / (1024 * 1024)) });
    case 'too_many_rows':
      return t(key, { rows: details.rows, maxRows: details.maxRows });
    case 'missing_columns':
      return t(key, {
        columns: details.missing.map(headersOf).join(', '),
        header: details.header.length ? details.header.map((h) => `“${h}”`).join(' · ') : '—',
        line: details.line,
        delimiter: t(`profiles.import.delimiters.${DELIMITER_KEY[details.delimiter] ?? 'comma'}`),
        encoding: t(`profiles.import.encodings.${details.encoding}`),
      });
    case 'unclosed_quote':
    case 'malformed_quote':
      return t(key, { line: details.line });
    default:
      return t(key);
  }
}

/** The reason of a rejected field, in the viewer's language (the server's English reason as the fallback). */
function reasonText(t: TFunction, err: ImportFieldError): string {
  if (err.code === 'ambiguous_number' && err.params?.decimal === '?')
    return t('profiles.import.ambiguousUnknown');
  const params: Record<string, string | number> = { ...err.params };
  // The kinds are offered by their names in the viewer's language, not by their keys.
  if (err.code === 'invalid_option' && err.field === 'kind')
    params.options = DISTRICT_KINDS.map((k) => t(`profiles.kind.${k}`)).join(', ');
  if (err.code === 'missing_columns') params.columns = columnList(String(params.columns ?? ''));
  return t(`profiles.import.reasons.${err.code}`, { ...params, defaultValue: err.reason });
}

/**
 * A field's label without its form hint in parentheses ("Website (http:// or https://)" → "Website"): the preview
 * lists several per cell and adds row counts in parentheses of its own.
 */
const shortFieldLabel = (field: string, t: TFunction) => fieldLabel(field, t).replace(/\s*\([^()]*\)$/, '');

/**
 * What the updated rows of an import change (dry run: would change): a warning naming the fields whose stored values
 * blank cells clear (with how many rows), and a table of the listed rows — changed fields, and cleared ones apart.
 * A blank cell means "no value" (lossless export → spreadsheet → import), so clearing is shown, not prevented.
 */
function UpdatesPreview({ report }: { report: ImportReportDto }) {
  const { t } = useTranslation();
  const clears = report.fieldChanges.filter((f) => f.cleared > 0);
  if (report.updates.length === 0 && clears.length === 0) return null;
  // Not written (a dry run, or an all-or-nothing run with rejected rows): what would change.
  const pending = !report.written;
  const labels = (fields: readonly string[]) => fields.map((f) => shortFieldLabel(f, t)).join(', ');
  return (
    <>
      {clears.length > 0 && (
        <p className="notice" data-testid="import-clears">
          {t(pending ? 'profiles.import.clearsWarning' : 'profiles.import.clearedNote', {
            fields: clears
              .map((f) =>
                t('profiles.import.fieldRows', { field: shortFieldLabel(f.field, t), rows: f.cleared }),
              )
              .join(', '),
          })}
        </p>
      )}
      {report.updates.length > 0 && (
        <div className="compare-scroll">
          <table className="diff-table import-updates" data-testid="import-updates">
            <caption>{t(pending ? 'profiles.import.updatesTitle' : 'profiles.import.updatedTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('profiles.import.row')}</th>
                <th scope="col">{t(pending ? 'profiles.import.willChange' : 'profiles.import.changed')}</th>
                <th scope="col">{t(pending ? 'profiles.import.willClear' : 'profiles.import.cleared')}</th>
              </tr>
            </thead>
            <tbody>
              {report.updates.map((row) => {
                const kept = row.fields.filter((f) => !row.cleared.includes(f));
                return (
                  <tr key={row.line}>
                    <td>
                      {row.line} · {row.name}
                    </td>
                    <td>
                      {row.fields.length === 0
                        ? t('profiles.import.joinsOnly')
                        : kept.length
                          ? labels(kept)
                          : '—'}
                    </td>
                    <td className={row.cleared.length ? 'import-cleared' : undefined}>
                      {row.cleared.length ? labels(row.cleared) : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {report.updated > report.updates.length && (
        <p className="muted small" data-testid="import-more-updates">
          {t('profiles.import.moreUpdates', { count: report.updated - report.updates.length })}
        </p>
      )}
    </>
  );
}

/**
 * Admins: import profiles from a CSV file — first a dry run listing every rejected row and field with its
 * reason and what each update changes (values that blank cells clear stand out), then the real import (optionally
 * all or nothing). The file is sent as is (BOM, `;` or `,`).
 */
export function ImportPanel({ workspaceId, onImported }: { workspaceId: string; onImported: () => void }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [report, setReport] = useState<ImportReportDto | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const run = (dryRun: boolean) => {
    // aria-disabled (not disabled) while busy: a disabled button would drop keyboard focus to <body>.
    if (busy || (!dryRun && !report?.dryRun)) return;
    if (!file) {
      setStatus(t('profiles.import.noFile'));
      return;
    }
    setBusy(true);
    importCsv(workspaceId, file, { dryRun, allOrNothing }, session?.csrfToken ?? null)
      .then((r) => {
        setReport(r);
        // The live region also says that values will be cleared: the warning itself is further down the page.
        const clears = r.fieldChanges.some((f) => f.cleared > 0);
        setStatus(
          dryRun
            ? t('profiles.import.report', {
                ok: r.rows - r.rejected.length,
                rejected: r.rejected.length,
                created: r.created,
                updated: r.updated,
              }) + (clears ? ` ${t('profiles.import.clearsStatus')}` : '')
            : t('profiles.import.result', {
                created: r.created,
                updated: r.updated,
                rejected: r.rejected.length,
              }),
        );
        if (!dryRun) onImported();
      })
      .catch((e: unknown) => setStatus(importErrorText(t, e)))
      .finally(() => setBusy(false));
  };

  return (
    <details className="card import-panel" data-testid="import-panel">
      <summary>{t('profiles.import.title')}</summary>
      <div className="field">
        <label htmlFor="import-file" className="field-label">
          {t('profiles.import.file')}
        </label>
        <p id="import-help" className="muted small" data-testid="import-help">
          {t('profiles.import.help')}
        </p>
        <input
          id="import-file"
          type="file"
          aria-describedby="import-help"
          accept=".csv,.txt,text/csv,text/plain"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setReport(null);
            setStatus('');
          }}
        />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={allOrNothing} onChange={(e) => setAllOrNothing(e.target.checked)} />
        {t('profiles.import.allOrNothing')}
      </label>
      <div className="inline-form">
        <button type="button" aria-disabled={busy} onClick={() => run(true)}>
          {t('profiles.import.dryRun')}
        </button>
        <button
          type="button"
          className="primary"
          aria-disabled={busy || !report?.dryRun}
          onClick={() => run(false)}
        >
          {t('profiles.import.run')}
        </button>
      </div>
      <p role="status" data-testid="import-status">
        {status}
      </p>
      {report && (
        <p data-testid="import-read-as">
          {t(report.accentSample ? 'profiles.import.read' : 'profiles.import.readNoSample', {
            encoding: t(`profiles.import.encodings.${report.encoding}`),
            delimiter: t(`profiles.import.delimiters.${DELIMITER_KEY[report.delimiter] ?? 'comma'}`),
            decimal: report.decimalSeparator ?? t('profiles.import.unknownDecimal'),
            sample: report.accentSample ?? '',
          })}
        </p>
      )}
      {report && report.missingColumns.length > 0 && (
        <p className="notice" data-testid="import-missing-columns">
          {t('profiles.import.missingColumns', {
            columns: report.missingColumns.map(headersOf).join(', '),
            rows: report.rejected.filter((r) => r.errors.some((e) => e.code === 'missing_columns')).length,
          })}
        </p>
      )}
      {report && <UpdatesPreview report={report} />}
      {report && report.rejected.length > 0 && (
        <div className="compare-scroll">
          <table className="diff-table" data-testid="import-rejected">
            <caption>{t('profiles.import.rejectedTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('profiles.import.row')}</th>
                <th scope="col">{t('profiles.import.field')}</th>
                <th scope="col">{t('profiles.import.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rejected.flatMap((row) =>
                row.errors.map((err, index) => (
                  <tr key={`${row.line}-${index}`}>
                    <td>
                      {row.line}
                      {row.name ? ` · ${row.name}` : ''}
                    </td>
                    <td>
                      {/* A row-level reason (duplicate, ambiguous match) names no column: "Whole row". */}
                      {err.field === 'row' ? t('profiles.import.wholeRow') : err.column}
                      {err.value ? ` = "${err.value}"` : ''}
                    </td>
                    <td>{err.code ? reasonText(t, err) : err.reason}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
