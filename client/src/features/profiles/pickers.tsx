import { useMemo, useState, type ReactNode } from 'react';
import { ISO_COUNTRY_CODES, NACE_DIVISIONS, naceLabel } from '@polos/shared';
import { countryName, formatNumber } from '../../i18n/format';
import { languageName } from './profileModel';

/** ISO 639-1 codes offered as working languages (the group's languages first, then common ones). */
export const WORKING_LANGUAGE_CODES = [
  'en', 'es', 'pt', 'fr', 'de', 'it', 'nl', 'ca', 'eu', 'gl', 'pl', 'ro', 'el', 'sv', 'fi', 'da', 'cs', 'hu',
  'sk', 'sl', 'hr', 'bg', 'lt', 'lv', 'et', 'ga', 'mt', 'qu', 'gn', 'ay', 'ht', 'ja', 'zh', 'ar',
]; // prettier-ignore

/** Country codes sorted by their name in `lang`. */
export function useCountryOptions(lang: string): Array<{ code: string; label: string }> {
  return useMemo(
    () =>
      ISO_COUNTRY_CODES.map((code) => ({ code, label: countryName(code, lang) })).sort((a, b) =>
        a.label.localeCompare(b.label, lang),
      ),
    [lang],
  );
}

/**
 * The directory's country filter (QA m9: it listed every ISO country, Antarctica included): only the countries
 * that have districts in the workspace, by name in the UI language, each with its count ("Colombia (5)"); the
 * country selected in the URL stays listed even with no district. `counts` null (not loaded yet): every country.
 */
export function countryFilterOptions(
  counts: Readonly<Record<string, number>> | null,
  all: ReadonlyArray<{ code: string; label: string }>,
  selected: string | null,
  lang: string,
): Array<{ value: string; label: string }> {
  if (!counts) return all.map((c) => ({ value: c.code, label: c.label }));
  return all
    .filter((c) => (counts[c.code] ?? 0) > 0 || c.code === selected)
    .map((c) => ({ value: c.code, label: `${c.label} (${formatNumber(counts[c.code] ?? 0, lang)})` }));
}

/** NACE divisions as "28 — Machinery…" in `lang`. */
export function useSectorOptions(lang: string): Array<{ code: string; label: string }> {
  return useMemo(
    () => NACE_DIVISIONS.map((d) => ({ code: d.code, label: `${d.code} — ${naceLabel(d.code, lang)}` })),
    [lang],
  );
}

export function useLanguageOptions(lang: string): Array<{ code: string; label: string }> {
  return useMemo(
    () => WORKING_LANGUAGE_CODES.map((code) => ({ code, label: languageName(code, lang) })),
    [lang],
  );
}

/**
 * A list of codes (countries, sectors, languages) as removable chips plus a select to add one: keyboard
 * friendly (Tab to a chip's remove button, or to the select), labelled by `label` (a fieldset legend).
 */
export function CodeListPicker(props: {
  id: string;
  label: string;
  values: string[];
  options: Array<{ code: string; label: string }>;
  onChange: (values: string[]) => void;
  addLabel: string;
  removeLabel: (label: string) => string;
  error?: string;
  disabled?: boolean;
  hint?: ReactNode;
}) {
  const [choice, setChoice] = useState('');
  const byCode = useMemo(() => new Map(props.options.map((o) => [o.code, o.label])), [props.options]);
  const errorId = `${props.id}-error`;
  return (
    <fieldset className="code-picker" aria-describedby={props.error ? errorId : undefined}>
      <legend>{props.label}</legend>
      {props.hint}
      <ul className="chip-list inline-form" aria-label={props.label}>
        {props.values.map((code) => (
          <li key={code} className="badge">
            {byCode.get(code) ?? code}{' '}
            {!props.disabled && (
              <button
                type="button"
                className="link"
                aria-label={props.removeLabel(byCode.get(code) ?? code)}
                onClick={() => props.onChange(props.values.filter((v) => v !== code))}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {!props.disabled && (
        <div className="field inline">
          <label htmlFor={props.id} className="visually-hidden">
            {props.addLabel}
          </label>
          <select
            id={props.id}
            value={choice}
            aria-invalid={props.error ? true : undefined}
            onChange={(e) => {
              const code = e.target.value;
              setChoice('');
              if (code && !props.values.includes(code)) props.onChange([...props.values, code]);
            }}
          >
            <option value="">{props.addLabel}</option>
            {props.options
              .filter((o) => !props.values.includes(o.code))
              .map((o) => (
                <option key={o.code} value={o.code}>
                  {o.label}
                </option>
              ))}
          </select>
        </div>
      )}
      {props.error && (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}
