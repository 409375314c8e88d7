import { act } from 'react';
import { setLanguage, type Language } from '../../client/src/i18n';
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

  test('atExactlyTheLimitSaysNoCharactersLeftInEveryLanguageNeverMinusZero', async () => {
    // QA: "Quedan -0 caracteres" at 10,000 characters (the count was passed as -0).
    const expected = {
      en: 'No characters left',
      es: 'No quedan caracteres',
      pt: 'Nenhum caractere restante',
      fr: 'Aucun caractère restant',
    };
    try {
      for (const [lang, text] of Object.entries(expected)) {
        await act(() => setLanguage(lang as Language));
        const { container, unmount } = render(
          <Composer
            questionId={'a'.repeat(24)}
            userId={'u'.repeat(24)}
            replyTo={null}
            onCancelReply={() => undefined}
            onSend={jest.fn()}
          />,
        );
        const textarea = container.querySelector('textarea')!;
        typeInto(textarea, 'x'.repeat(10_000));
        const counter = container.querySelector('.composer-footer [aria-live]');
        expect(counter?.textContent).toBe(text);
        expect(container.querySelector('button[type="submit"]')).toHaveProperty('disabled', false);
        typeInto(textarea, 'x'.repeat(9_999));
        expect(counter?.textContent).not.toContain('-');
        expect(counter?.textContent).toMatch(/\b1\b/);
        unmount();
      }
    } finally {
      await act(() => setLanguage('en'));
    }
  });
});
