import type { DraftDto } from '@polos/shared';
import { Block } from '../../../server/src/features/blocks/block.model';
import { Draft } from '../../../server/src/features/drafts/draft.model';
import { signIn, useTestWorld } from '../../helpers/server';

jest.setTimeout(60_000);

/**
 * QA m6: conclusions drafts are titled in the viewer's language. A default title ("<block> — conclusions",
 * written in English at creation) comes per language from the block's translated title; a language the block has
 * no title in is left to the client's marked English fallback; a renamed draft keeps its title as written.
 */
describe('draft titles per language', () => {
  const env = useTestWorld();

  test('aDefaultTitleFollowsTheBlocksTranslationsAndACustomOneStaysAsWritten', async () => {
    await Block.updateOne({ _id: env.world.blockIds[0] }, { $set: { 'title.fr': 'Bloc 1' } });
    const agent = await signIn(env.app.url, env.world.users.participant.email);
    const list = async () => {
      const res = await agent.request<{ drafts: DraftDto[] }>(
        'GET',
        `/api/workspaces/${env.world.workspaceId}/drafts`,
      );
      if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
      return res.body.drafts;
    };
    const drafts = await list();
    const first = drafts.find((d) => d.blockId === env.world.blockIds[0])!;
    expect(first.title).toBe('Block 1 — conclusions');
    expect(first.titleText).toEqual({
      en: 'Block 1 — conclusions',
      es: 'Block 1 (es) — conclusiones',
      fr: 'Bloc 1 — conclusions',
    });
    // The overall draft: the workspace's title (English only here) and "overall conclusions".
    const overall = drafts.find((d) => d.blockId === null)!;
    expect(overall.titleText).toEqual({ en: 'Test workspace — overall conclusions', es: '' });
    // The draft's own route carries it too.
    const one = await agent.request<{ draft: DraftDto }>('GET', `/api/drafts/${first.id}`);
    expect(one.body.draft.titleText?.es).toBe('Block 1 (es) — conclusiones');

    await Draft.updateOne({ _id: first.id }, { $set: { title: 'Our pact' } });
    const renamed = (await list()).find((d) => d.id === first.id)!;
    expect(renamed.title).toBe('Our pact');
    expect(renamed.titleText).toBeUndefined();
  });
});
