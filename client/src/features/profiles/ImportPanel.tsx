import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReportDto } from '@polos/shared';
import { useSession } from '../auth';
import { importCsv } from './profileApi';

/**
 * Admins: import profiles from a CSV file — first a dry run listing every rejected row and field with its
 * reason, then the real import (optionally all or nothing). The file is sent as is (BOM, `;` or `,`).
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
        setStatus(
          dryRun
            ? t('profiles.import.report', {
                ok: r.rows - r.rejected.length,
                rejected: r.rejected.length,
                created: r.created,
                updated: r.updated,
              })
            : t('profiles.import.result', {
                created: r.created,
                updated: r.updated,
                rejected: r.rejected.length,
              }),
        );
        if (!dryRun) onImported();
      })
      .catch((e: Error) => setStatus(t('profiles.error', { message: e.message })))
      .finally(() => setBusy(false));
  };

  return (
    <details className="card import-panel" data-testid="import-panel">
      <summary>{t('profiles.import.title')}</summary>
      <div className="field">
        <label htmlFor="import-file" className="field-label">
          {t('profiles.import.file')}
        </label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
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
                      {err.column}
                      {err.value ? ` = "${err.value}"` : ''}
                    </td>
                    <td>
                      {err.code
                        ? t(`profiles.import.reasons.${err.code}`, {
                            ...err.params,
                            defaultValue: err.reason,
                          })
                        : err.reason}
                    </td>
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
