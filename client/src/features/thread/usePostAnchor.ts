import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * A link to a post (`…#post-<id>`, e.g. a conclusions quote's source) scrolls the thread to that post, highlights
 * it and moves focus to it, once the post is on the page (`loaded` changes as pages of the thread arrive).
 */
export function usePostAnchor(loaded: number): void {
  const { hash } = useLocation();
  const done = useRef<string | null>(null);
  useEffect(() => {
    const match = /^#post-([a-f0-9]{24})$/.exec(hash);
    if (!match || done.current === hash) return;
    const element = document.querySelector<HTMLElement>(`[data-post-id="${match[1]}"]`);
    if (!element) return;
    done.current = hash;
    document.querySelectorAll('.post-target').forEach((other) => other.classList.remove('post-target'));
    element.classList.add('post-target');
    element.tabIndex = -1;
    element.scrollIntoView({ block: 'center' });
    element.focus({ preventScroll: true });
  }, [hash, loaded]);
}
