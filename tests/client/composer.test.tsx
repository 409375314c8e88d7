import { act } from 'react';
import '../../client/src/i18n';
import { Composer } from '../../client/src/features/thread/Composer';
import { render } from './helpers/render';

jest.mock('../../client/src/realtime/socket', () => ({ emitVolatile: jest.fn() }));

function typeInto(textarea: HTMLTextAreaElement, value: string) {
  // React tracks the value property; set it through the native setter so onChange fires.
  const descriptor = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!;
  act(() => {
    descriptor.set!.call(textarea, value);
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('<Composer>', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('previewRendersMarkdownAndCtrlEnterSendsTrimmedBody', () => {
    const onSend = jest.fn();
    const { container, unmount } = render(
      <Composer
        questionId={'a'.repeat(24)}
        userId={'u'.repeat(24)}
        replyTo={null}
        onCancelReply={() => undefined}
        onSend={onSend}
      />,
    );
    const textarea = container.querySelector('textarea')!;
    expect(container.querySelector(`label[for="${textarea.id}"]`)?.textContent).toBe('Your post (Markdown)');
    const send = Array.from(container.querySelectorAll('button')).find((b) => b.textContent === 'Post')!;
    expect(send.disabled).toBe(true);

    typeInto(textarea, '  Hello **world** <script>x</script>  ');
    expect(send.disabled).toBe(false);
    const previewTab = Array.from(container.querySelectorAll('[role="tab"]')).find(
      (b) => b.textContent === 'Preview',
    )!;
    act(() => (previewTab as HTMLButtonElement).click());
    const preview = container.querySelector('.preview')!;
    expect(preview.querySelector('strong')?.textContent).toBe('world');
    expect(preview.querySelector('script')).toBeNull();
    expect(previewTab.getAttribute('aria-selected')).toBe('true');

    act(() => {
      textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    });
    expect(onSend).toHaveBeenCalledWith('Hello **world** <script>x</script>', null);
    expect(textarea.value).toBe('');
    unmount();
  });

  test('refusesBodiesOverTheLimit', () => {
    const onSend = jest.fn();
    const { container, unmount } = render(
      <Composer
        questionId={'a'.repeat(24)}
        userId={'u'.repeat(24)}
        replyTo={null}
        onCancelReply={() => undefined}
        onSend={onSend}
      />,
    );
    const textarea = container.querySelector('textarea')!;
    typeInto(textarea, 'x'.repeat(10_001));
    expect(container.textContent).toContain('1 character over the limit');
    const send = Array.from(container.querySelectorAll('button')).find((b) => b.textContent === 'Post')!;
    expect(send.disabled).toBe(true);
    unmount();
  });
});
