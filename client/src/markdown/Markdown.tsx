import { Fragment, memo, useMemo, type ReactNode } from 'react';
import { parsePost, safeHref, type Token } from './parseMarkdown';

/** An open container token with the elements rendered so far inside it. */
interface Frame {
  token: Token;
  children: ReactNode[];
}

/** The element for a closed container (`*_open` … `*_close`). Unknown containers keep only their content. */
function container(token: Token, children: ReactNode[], key: number): ReactNode {
  switch (token.type) {
    case 'paragraph_open':
      // Paragraphs of a tight list item render without their <p> (markdown-it marks them hidden).
      return token.hidden ? <Fragment key={key}>{children}</Fragment> : <p key={key}>{children}</p>;
    case 'heading_open':
      // Headings would compete with the page's own; a post shows them as a strong paragraph.
      return (
        <p key={key} className="md-heading">
          <strong>{children}</strong>
        </p>
      );
    case 'blockquote_open':
      return <blockquote key={key}>{children}</blockquote>;
    case 'bullet_list_open':
      return <ul key={key}>{children}</ul>;
    case 'ordered_list_open': {
      const start = Number(token.attrGet('start') ?? 1);
      return (
        <ol key={key} start={start === 1 ? undefined : start}>
          {children}
        </ol>
      );
    }
    case 'list_item_open':
      return <li key={key}>{children}</li>;
    case 'em_open':
      return <em key={key}>{children}</em>;
    case 'strong_open':
      return <strong key={key}>{children}</strong>;
    case 'link_open': {
      const href = safeHref(token.attrGet('href') ?? '');
      if (!href) return <Fragment key={key}>{children}</Fragment>;
      return (
        <a
          key={key}
          href={href}
          title={token.attrGet('title') ?? undefined}
          rel="noopener noreferrer nofollow ugc"
          target="_blank"
        >
          {children}
        </a>
      );
    }
    default:
      return <Fragment key={key}>{children}</Fragment>;
  }
}

/** The element for a token without children of its own (text, code, breaks, rules, inline runs). */
function leaf(token: Token, key: number): ReactNode {
  switch (token.type) {
    case 'text':
      return token.content;
    case 'code_inline':
      return <code key={key}>{token.content}</code>;
    case 'softbreak':
    case 'hardbreak':
      return <br key={key} />;
    case 'code_block':
    case 'fence':
      return (
        <pre key={key}>
          <code>{token.content}</code>
        </pre>
      );
    case 'hr':
      return <hr key={key} />;
    case 'inline':
      return <Fragment key={key}>{render(token.children ?? [])}</Fragment>;
    default:
      // Anything else (there is no raw HTML or image token in this dialect) shows its source text.
      return token.content;
  }
}

/** Turns a flat markdown-it token stream (`nesting` +1 opens, -1 closes) into a React tree. */
function render(tokens: Token[]): ReactNode[] {
  const root: ReactNode[] = [];
  const stack: Frame[] = [];
  const current = () => (stack.length ? stack[stack.length - 1].children : root);
  for (const token of tokens) {
    if (token.nesting === 1) stack.push({ token, children: [] });
    else if (token.nesting === -1) {
      const frame = stack.pop();
      if (frame) current().push(container(frame.token, frame.children, current().length));
    } else current().push(leaf(token, current().length));
  }
  return root;
}

/** Plain-text lines as one paragraph, line breaks kept (for input nested too deep to render). */
function plainText(lines: string[]): ReactNode[] {
  return [
    <p key={0}>
      {lines.map((line, index) => (
        <Fragment key={index}>
          {index > 0 && <br />}
          {line}
        </Fragment>
      ))}
    </p>,
  ];
}

/** Post Markdown to React nodes (see {@link Markdown}). */
function renderSource(source: string): ReactNode[] {
  const parsed = parsePost(source);
  return parsed.tooDeep ? plainText(parsed.lines) : render(parsed.tokens);
}

/**
 * Renders a post's Markdown (CommonMark, see `parseMarkdown.ts`) as React elements, never as HTML: raw
 * HTML stays visible text and only http(s)/mailto links survive. Blocks nested more than 20 deep make
 * the whole post show as plain text (markdown-it would drop the deepest part). Bidi controls are dropped (posts stored
 * before the schema removed them included) and the text is isolated with `dir="auto"`.
 */
export const Markdown = memo(function Markdown({
  source,
  className,
}: {
  source: string;
  className?: string;
}) {
  const content = useMemo(() => renderSource(source), [source]);
  return (
    <div className={className ?? 'markdown'} dir="auto">
      {content}
    </div>
  );
});
