/**
 * The Markdown dialect of posts lives in `shared/` (`@polos/shared/markdown`), where the server's "To conclusions"
 * conversion uses the very same configuration: what a reader sees and what gets quoted cannot drift apart.
 */
export { parseMarkdown, parsePost, safeHref, type ParsedPost, type Token } from '@polos/shared/markdown';
