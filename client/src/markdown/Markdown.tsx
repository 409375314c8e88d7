import { memo, useMemo, type ReactNode } from 'react';
import { parseMarkdown, type BlockNode, type InlineNode } from './parseMarkdown';

function renderInline(nodes: InlineNode[]): ReactNode[] {
  return nodes.map((node, index) => {
    switch (node.type) {
      case 'text':
        return node.value;
      case 'code':
        return <code key={index}>{node.value}</code>;
      case 'strong':
        return <strong key={index}>{renderInline(node.children)}</strong>;
      case 'em':
        return <em key={index}>{renderInline(node.children)}</em>;
      case 'br':
        return <br key={index} />;
      case 'link':
        return (
          <a key={index} href={node.href} rel="noopener noreferrer nofollow ugc" target="_blank">
            {renderInline(node.children)}
          </a>
        );
    }
  });
}

function renderBlocks(blocks: BlockNode[], tight = false): ReactNode[] {
  return blocks.map((block, index) => {
    switch (block.type) {
      case 'paragraph':
        // Inside a tight list item a single paragraph renders without its <p>.
        return tight && blocks.length === 1 ? (
          renderInline(block.children)
        ) : (
          <p key={index}>{renderInline(block.children)}</p>
        );
      case 'heading':
        return (
          <p key={index} className="md-heading">
            <strong>{renderInline(block.children)}</strong>
          </p>
        );
      case 'code':
        return (
          <pre key={index}>
            <code>{block.value}</code>
          </pre>
        );
      case 'quote':
        return <blockquote key={index}>{renderBlocks(block.children)}</blockquote>;
      case 'list': {
        const items = block.items.map((item, itemIndex) => (
          <li key={itemIndex}>{renderBlocks(item, true)}</li>
        ));
        return block.ordered ? (
          <ol key={index} start={block.start === 1 ? undefined : block.start}>
            {items}
          </ol>
        ) : (
          <ul key={index}>{items}</ul>
        );
      }
    }
  });
}

/**
 * Renders a post's Markdown as React elements (never as HTML): raw HTML stays visible text and only
 * http(s)/mailto links survive.
 */
export const Markdown = memo(function Markdown({
  source,
  className,
}: {
  source: string;
  className?: string;
}) {
  const content = useMemo(() => renderBlocks(parseMarkdown(source)), [source]);
  return <div className={className ?? 'markdown'}>{content}</div>;
});
