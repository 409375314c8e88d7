import { act } from 'react';

/** Lets pending effects, fetch mocks and state updates settle (one 10 ms macrotask inside `act`). */
export const settle = (): Promise<void> => act(() => new Promise<void>((resolve) => setTimeout(resolve, 10)));

/** Types `value` into a controlled input as a user would, so React's `onChange` fires. */
export const typeInto = (input: HTMLInputElement, value: string): Promise<void> =>
  act(async () => {
    // React tracks the value through the prototype's setter; an own-property write would go unnoticed.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await Promise.resolve();
  });

/** Clicks an element inside `act`, so the updates it causes are flushed before the test reads the DOM. */
export const click = (element: HTMLElement): Promise<void> =>
  act(async () => {
    element.click();
    await Promise.resolve();
  });
