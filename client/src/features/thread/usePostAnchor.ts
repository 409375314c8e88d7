import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * The post's element, rendering it first if the virtualised thread (`.vlist`) has not: the list is scrolled a
 * viewport at a time until the row is mounted (the list only knows row heights once rendered). Null if absent.
 */
async function revealPost(postId: string, cancelled: () => boolean): Promise<HTMLElement | null> {
  const find = () => document.querySelector<HTMLElement>(`[data-post-id="${postId}"]`);
  const found = find();
  if (found) return found;
  const list = document.querySelector<HTMLElement>('.thread .vlist');
  if (!list) return null;
  for (let top = 0; top <= list.scrollHeight && !cancelled(); top += Math.max(list.clientHeight * 0.8, 200)) {
    list.scrollTop = top;
    await nextFrame();
    await nextFrame();
    const element = find();
    if (element) return element;
  }
  return null;
}

/**
 * A link to a post (`…#post-<id>`, e.g. a conclusions quote's source) scrolls the thread to that post, highlights
 * it and moves focus to it, once the post is loaded (`loaded` changes as pages of the thread arrive).
 */
export function usePostAnchor(loaded: number): void {
  const { hash } = useLocation();
  const done = useRef<string | null>(null);
  useEffect(() => {
    const match = /^#post-([a-f0-9]{24})$/.exec(hash);
    if (!match?.[1] || done.current === hash || loaded === 0) return;
    const postId = match[1];
    let cancelled = false;
    void revealPost(postId, () => cancelled).then((element) => {
      if (!element || cancelled) return;
      done.current = hash;
      // A data attribute, not a class: React rewrites `className` when a post re-renders.
      document
        .querySelectorAll('[data-anchor-target]')
        .forEach((other) => other.removeAttribute('data-anchor-target'));
      element.setAttribute('data-anchor-target', '');
      element.tabIndex = -1;
      element.scrollIntoView({ block: 'center' });
      element.focus({ preventScroll: true });
    });
    return () => {
      cancelled = true;
    };
  }, [hash, loaded]);
}
