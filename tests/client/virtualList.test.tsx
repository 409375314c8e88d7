import { act } from 'react';
import { VirtualList } from '../../client/src/components/VirtualList';
import { buildOffsets, findWindow, indexAt } from '../../client/src/components/virtualWindow';
import { render } from './helpers/render';

describe('windowing arithmetic', () => {
  const offsets = buildOffsets(1000, () => 50); // 50 000 px

  test('offsetsArePrefixSums', () => {
    expect(buildOffsets(3, (i) => [10, 20, 30][i])).toEqual([0, 10, 30, 60]);
    expect(buildOffsets(0, () => 10)).toEqual([0]);
  });

  test('indexAtFindsTheRowContainingAPixel', () => {
    expect(indexAt(offsets, 0)).toBe(0);
    expect(indexAt(offsets, 49)).toBe(0);
    expect(indexAt(offsets, 50)).toBe(1);
    expect(indexAt(offsets, 1e9)).toBe(999);
  });

  test('windowCoversViewportPlusOverscan', () => {
    expect(findWindow(offsets, 0, 500, 0)).toEqual({ start: 0, end: 11 });
    expect(findWindow(offsets, 10_000, 500, 100)).toEqual({ start: 198, end: 213 });
    const last = findWindow(offsets, 49_500, 500, 0);
    expect(last.end).toBe(1000);
    expect(findWindow([0], 0, 500, 100)).toEqual({ start: 0, end: 0 });
  });

  test('variableHeights', () => {
    const varying = buildOffsets(100, (i) => (i % 2 === 0 ? 100 : 20));
    const w = findWindow(varying, 600, 120, 0);
    expect(varying[w.start]).toBeLessThanOrEqual(600);
    expect(varying[w.end]).toBeGreaterThanOrEqual(720);
  });
});

describe('<VirtualList>', () => {
  const items = Array.from({ length: 5000 }, (_, i) => ({ id: `item-${i}`, text: `Post number ${i}` }));

  beforeAll(() => {
    // jsdom has no layout: give the scroll container a viewport.
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 400 });
  });
  afterAll(() => {
    delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
  });

  test('mountsOnlyAWindowOfThousandsOfItems', () => {
    const { container, unmount } = render(
      <VirtualList
        items={items}
        getKey={(item) => item.id}
        renderItem={(item) => <p>{item.text}</p>}
        estimateHeight={40}
        overscan={80}
        ariaLabel="Posts"
      />,
    );
    const list = container.querySelector('[role="list"]') as HTMLDivElement;
    const rows = () => Array.from(list.querySelectorAll('[role="listitem"]'));
    expect(list.getAttribute('aria-label')).toBe('Posts');
    expect(rows().length).toBeLessThan(30);
    expect(rows()[0].textContent).toBe('Post number 0');
    expect(rows()[0].getAttribute('aria-setsize')).toBe('5000');

    // Scroll to the middle: the window moves, spacers keep the total height.
    act(() => {
      list.scrollTop = 100_000;
      list.dispatchEvent(new Event('scroll'));
    });
    const texts = rows().map((r) => r.textContent);
    expect(texts).toContain('Post number 2500');
    expect(texts).not.toContain('Post number 0');
    expect(rows().length).toBeLessThan(30);
    const [top, bottom] = [list.firstElementChild as HTMLElement, list.lastElementChild as HTMLElement];
    const topPx = Number.parseFloat(top.style.height);
    const bottomPx = Number.parseFloat(bottom.style.height);
    expect(topPx + bottomPx + rows().length * 40).toBe(5000 * 40);
    unmount();
  });

  test('reportsLeavingAndReachingTheBottom', () => {
    const changes: boolean[] = [];
    const { container, unmount } = render(
      <VirtualList
        items={items.slice(0, 100)}
        getKey={(item) => item.id}
        renderItem={(item) => <p>{item.text}</p>}
        estimateHeight={40}
        ariaLabel="Posts"
        onAtBottomChange={(value) => changes.push(value)}
      />,
    );
    const list = container.querySelector('[role="list"]') as HTMLDivElement;
    Object.defineProperty(list, 'scrollHeight', { configurable: true, get: () => 4000 });
    act(() => {
      list.scrollTop = 100;
      list.dispatchEvent(new Event('scroll'));
    });
    act(() => {
      list.scrollTop = 3600;
      list.dispatchEvent(new Event('scroll'));
    });
    expect(changes).toEqual([false, true]);
    unmount();
  });
  test('staysPinnedWhileRowsGrowAndUnpinsWhenTheReaderScrollsUp', () => {
    const changes: boolean[] = [];
    const { container, unmount } = render(
      <VirtualList
        items={items.slice(0, 100)}
        getKey={(item) => item.id}
        renderItem={(item) => <p>{item.text}</p>}
        estimateHeight={40}
        followOutput
        ariaLabel="Posts"
        onAtBottomChange={(value) => changes.push(value)}
      />,
    );
    const list = container.querySelector('[role="list"]') as HTMLDivElement;
    let scrollHeight = 4000;
    Object.defineProperty(list, 'scrollHeight', { configurable: true, get: () => scrollHeight });
    act(() => {
      list.scrollTop = 4000;
      list.dispatchEvent(new Event('scroll'));
    });
    // Rows measured taller: the end moves away although the reader did not scroll up.
    scrollHeight = 4600;
    act(() => {
      list.dispatchEvent(new Event('scroll'));
    });
    expect(changes).toEqual([]);
    expect(list.scrollTop).toBe(4600);
    act(() => {
      list.scrollTop = 1000;
      list.dispatchEvent(new Event('scroll'));
    });
    expect(changes).toEqual([false]);
    unmount();
  });
});
