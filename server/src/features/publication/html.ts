import type { BundleLanguage } from '@polos/shared';

/** Text for HTML element content and double-quoted attributes. */
export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * A standalone page of the bundle (readable offline: no script, no external request, relative links only): the
 * document language, a viewport for phones, one small inline style, `body` inside `<main>`.
 */
export function htmlPage(language: BundleLanguage, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#111}table{border-collapse:collapse;margin:0 0 1.5rem;display:block;overflow-x:auto}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:bold;margin-bottom:.25rem}.subtitle{color:#444}img{max-width:100%;height:auto}ul.files{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
