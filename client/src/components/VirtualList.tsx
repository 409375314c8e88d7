import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type Ref,
} from 'react';
import { buildOffsets, findWindow } from './virtualWindow';

export interface VirtualListHandle {
  scrollToBottom: () => void;
}

export interface VirtualListProps<T> {
  items: readonly T[];
  getKey: (item: T) => string;
  renderItem: (item: T, index: number) => ReactNode;
  /** Height assumed for an item until it has been measured (px). */
  estimateHeight?: number;
  /** Extra pixels rendered above and below the viewport. */
  overscan?: number;
  /** Open scrolled to the end and follow new items while the user stays at the end (chat style). */
  followOutput?: boolean;
  ariaLabel: string;
  className?: string;
  onAtBottomChange?: (atBottom: boolean) => void;
  ref?: Ref<VirtualListHandle>;
}

/** Distance from the end (px) within which the list counts as "at the bottom". */
const BOTTOM_SLACK = 48;

/**
 * A windowed list for thousands of variable-height rows: only rows near the viewport are mounted; the
 * rest is two spacers. Heights are measured with ResizeObserver and cached by key.
 */
export function VirtualList<T>({
  items,
  getKey,
  renderItem,
  estimateHeight = 96,
  overscan = 600,
  followOutput = false,
  ariaLabel,
  className,
  onAtBottomChange,
  ref,
}: VirtualListProps<T>) {
  const containerRef = useRef<HTMLDivElement | null>(null);
  const heights = useRef(new Map<string, number>());
  const [measureVersion, setMeasureVersion] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);
  const atBottom = useRef(true);
  const onAtBottomChangeRef = useRef(onAtBottomChange);
  useLayoutEffect(() => {
    onAtBottomChangeRef.current = onAtBottomChange;
  }, [onAtBottomChange]);

  const offsets = useMemo(
    () => buildOffsets(items.length, (i) => heights.current.get(getKey(items[i])) ?? estimateHeight),
    // measureVersion is the signal that `heights` (a ref) changed.
    [items, getKey, estimateHeight, measureVersion],
  );
  const total = offsets[items.length] ?? 0;
  const { start, end } = findWindow(offsets, scrollTop, viewportHeight || 800, overscan);

  const setBottom = useCallback((value: boolean) => {
    if (atBottom.current === value) return;
    atBottom.current = value;
    onAtBottomChangeRef.current?.(value);
  }, []);

  const scrollToBottom = useCallback(() => {
    const el = containerRef.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    setScrollTop(el.scrollTop);
    setBottom(true);
  }, [setBottom]);

  useImperativeHandle(ref, () => ({ scrollToBottom }), [scrollToBottom]);

  // Viewport size.
  useLayoutEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    setViewportHeight(el.clientHeight);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setViewportHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Row measurement: one observer for all mounted rows.
  const rowObserver = useRef<ResizeObserver | null>(null);
  useEffect(() => {
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const key = (entry.target as HTMLElement).dataset.key;
        const height = (entry.target as HTMLElement).offsetHeight;
        if (key === undefined || height <= 0) continue;
        if (heights.current.get(key) !== height) {
          heights.current.set(key, height);
          changed = true;
        }
      }
      if (changed) setMeasureVersion((v) => v + 1);
    });
    rowObserver.current = observer;
    for (const row of containerRef.current?.querySelectorAll<HTMLElement>('[data-key]') ?? [])
      observer.observe(row);
    return () => {
      observer.disconnect();
      rowObserver.current = null;
    };
  }, []);
  const measureRow = useCallback((node: HTMLDivElement | null) => {
    if (!node) return;
    const observer = rowObserver.current;
    if (observer) {
      observer.observe(node);
      return () => observer.unobserve(node);
    }
    return undefined;
  }, []);

  // Follow the end: after items or heights change, stay pinned if the user was at the bottom.
  useLayoutEffect(() => {
    if (followOutput && atBottom.current) {
      const el = containerRef.current;
      if (el && el.scrollHeight > el.clientHeight) {
        el.scrollTop = el.scrollHeight;
        setScrollTop(el.scrollTop);
      }
    }
  }, [followOutput, items.length, total]);

  const lastScrollTop = useRef(0);
  const onScroll = useCallback(() => {
    const el = containerRef.current;
    if (!el) return;
    const movedUp = el.scrollTop < lastScrollTop.current;
    lastScrollTop.current = el.scrollTop;
    setScrollTop(el.scrollTop);
    if (el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK) setBottom(true);
    // Only the reader scrolling up un-pins the list: rows growing as they are measured also move the
    // end away from the viewport, and must not stop it following new posts.
    else if (movedUp || !followOutput) setBottom(false);
    else if (followOutput && atBottom.current) {
      el.scrollTop = el.scrollHeight;
      lastScrollTop.current = el.scrollTop;
    }
  }, [setBottom, followOutput]);

  const rows: ReactNode[] = [];
  for (let i = start; i < end && i < items.length; i++) {
    const item = items[i];
    const key = getKey(item);
    rows.push(
      <div
        key={key}
        data-key={key}
        ref={measureRow}
        role="listitem"
        aria-posinset={i + 1}
        aria-setsize={items.length}
      >
        {renderItem(item, i)}
      </div>,
    );
  }

  return (
    <div
      ref={containerRef}
      className={className ? `vlist ${className}` : 'vlist'}
      onScroll={onScroll}
      role="list"
      aria-label={ariaLabel}
      tabIndex={0}
    >
      <div aria-hidden="true" style={{ height: offsets[start] ?? 0 }} />
      {rows}
      <div aria-hidden="true" style={{ height: Math.max(0, total - (offsets[end] ?? total)) }} />
    </div>
  );
}
