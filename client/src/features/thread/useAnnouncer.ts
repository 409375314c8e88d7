import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PostDto } from '@polos/shared';

/** Collects new posts for the live region: one post → "New post by X", a burst → "N new posts". */
const BURST_MS = 1500;

export function useAnnouncer(): { message: string; announce: (post: PostDto) => void } {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const queue = useRef<PostDto[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const announce = useCallback(
    (post: PostDto) => {
      queue.current.push(post);
      if (timer.current) return;
      timer.current = setTimeout(() => {
        const posts = queue.current;
        queue.current = [];
        timer.current = undefined;
        setMessage(
          posts.length === 1
            ? t('thread.announceNew', { name: posts[0].author.name })
            : t('thread.announceMany', { count: posts.length }),
        );
      }, BURST_MS);
    },
    [t],
  );
  useEffect(() => () => clearTimeout(timer.current), []);
  return { message, announce };
}
