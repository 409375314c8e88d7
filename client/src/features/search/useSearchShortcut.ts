import { useEffect } from 'react';
import { useNavigate } from 'react-router';

/** Id of the search page's input (the shortcut focuses it). */
export const SEARCH_INPUT_ID = 'workspace-search-input';

const isTyping = (target: EventTarget | null): boolean => {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
};

/**
 * "/" (outside text fields) or Ctrl+K / ⌘K anywhere opens the workspace's search page and focuses its input.
 */
export function useSearchShortcut(workspaceId: string): void {
  const navigate = useNavigate();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target);
      const ctrlK = (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k';
      if (!slash && !ctrlK) return;
      e.preventDefault();
      const input = document.getElementById(SEARCH_INPUT_ID) as HTMLInputElement | null;
      if (input) {
        input.focus();
        input.select();
      } else void navigate(`/w/${workspaceId}/search`);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [navigate, workspaceId]);
}
