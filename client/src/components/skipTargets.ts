import { useEffect, useSyncExternalStore } from 'react';

/**
 * Skip links to parts that exist only on some pages (the composer): a page registers its target while mounted and
 * the app's skip links (first in the tab order) offer it. A target is a function that moves focus there.
 */
export type SkipTargetName = 'composer';

/** Keyboard shortcut that focuses the composer from anywhere on a block page (`aria-keyshortcuts` syntax). */
export const COMPOSER_SHORTCUT = 'Alt+Shift+W';

const targets = new Map<SkipTargetName, () => void>();
const listeners = new Set<() => void>();
let snapshot: SkipTargetName[] = [];

function changed(): void {
  snapshot = [...targets.keys()];
  for (const listener of listeners) listener();
}

/** Registers `focus` as the skip target `name` while the calling component is mounted. */
export function useSkipTarget(name: SkipTargetName, focus: () => void): void {
  useEffect(() => {
    targets.set(name, focus);
    changed();
    return () => {
      if (targets.get(name) === focus) {
        targets.delete(name);
        changed();
      }
    };
  }, [name, focus]);
}

/** Moves focus to the target, if one is registered; true when it did. */
export function focusSkipTarget(name: SkipTargetName): boolean {
  const focus = targets.get(name);
  focus?.();
  return focus !== undefined;
}

/** The names of the targets registered now (re-renders on change). */
export function useSkipTargets(): SkipTargetName[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => snapshot,
  );
}
