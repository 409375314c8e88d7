import { act } from 'react';
import { i18next as i18n } from '../../client/src/i18n';
import type { PostDto } from '@polos/shared';
import { Composer } from '../../client/src/features/thread/Composer';
import { PostItem } from '../../client/src/features/thread/PostItem';
import { PresenceList } from '../../client/src/features/workspace/PresenceList';
import { render } from './helpers/render';

jest.mock('../../client/src/realtime/socket', () => ({ emitVolatile: jest.fn() }));

function typeInto(textarea: HTMLTextAreaElement, value: string) {
  const descriptor = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!;
  act(() => {
    descriptor.set!.call(textarea, value);
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const RTL_NAME = '\u202Egpj.exe';
const post: PostDto = {
  id: 'p'.repeat(24),
  questionId: 'q'.repeat(24),
  workspaceId: 'w'.repeat(24),
  parentId: null,
  author: {
    id: 'a'.repeat(24),
    name: `Ana ${RTL_NAME}`,
    district: { id: 'd'.repeat(24), name: 'مدينة الصناعة', country: 'MA', regionGroup: 'LAC' },
  },
  clientId: 'client-0001',
  body: 'Hello',
  seq: 1,
  lastSeq: 1,
  createdAt: '2026-11-29T10:00:00.000Z',
  editedAt: null,
  editCount: 0,
  deleted: false,
  hidden: false,
  reactions: { thumbs_up: [], heart: [], lightbulb: [], clap: [], question: [] },
};

describe('text safety in the UI', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    localStorage.clear();
  });

  test.each(['en', 'es'])('the composer treats invisible-only text as empty (%s)', async (lang) => {
    await act(() => i18n.changeLanguage(lang));
    const onSend = jest.fn();
    const { container, unmount } = render(
      <Composer
        questionId={'b'.repeat(24)}
        userId={'u'.repeat(24)}
        replyTo={null}
        onCancelReply={() => undefined}
        onSend={onSend}
      />,
    );
    const textarea = container.querySelector('textarea')!;
    const send = container.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    const count = document.getElementById(textarea.getAttribute('aria-describedby')!.split(' ')[1])!;
    typeInto(textarea, '\u200B\u3164 \u2800\u200D\u2060\n');
    expect(send.disabled).toBe(true);
    expect(count.textContent).toBe(i18n.t('composer.invisibleOnly'));
    expect(count.textContent).not.toBe('composer.invisibleOnly');
    expect(count.getAttribute('aria-live')).toBe('polite');
    act(() => {
      textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    });
    expect(onSend).not.toHaveBeenCalled();
    typeInto(textarea, '\u200B ok');
    expect(send.disabled).toBe(false);
    expect(count.textContent).toBe('');
    unmount();
    await act(() => i18n.changeLanguage('en'));
  });

  test('postHeaderIsolatesNameAndDistrict', () => {
    const { container } = render(
      <PostItem
        post={post}
        depth={0}
        myUserId={'m'.repeat(24)}
        canPost
        canModerate={false}
        writable
        spotlighted={false}
        actions={null}
      />,
    );
    const bdis = Array.from(container.querySelectorAll('.post-header bdi')).map((b) => b.textContent);
    // Names stored before the schema removed bidi controls are shown without them, too.
    expect(bdis).toEqual(['Ana gpj.exe', expect.stringContaining('مدينة الصناعة')]);
  });

  test('presenceListIsolatesNameAndDistrict', () => {
    const long = 'W'.repeat(100);
    const { container } = render(
      <PresenceList
        presence={{
          blockId: 'b'.repeat(24),
          users: [
            {
              userId: 'u'.repeat(24),
              name: long,
              role: 'participant',
              district: { id: 'd'.repeat(24), name: 'مدينة', country: 'MA', regionGroup: 'LAC' },
            },
          ],
        }}
      />,
    );
    expect(container.querySelector('bdi.presence-name')?.textContent).toBe(long);
    expect(container.querySelector('.presence-where bdi')?.textContent).toBe('مدينة');
    expect(container.querySelector('.presence-user')?.getAttribute('title')).toContain(long);
  });
});
