/**
 * The update guard checks only the top-level blocks an update touches (draftUpdateGuard.ts): nested changes to an
 * existing block are still checked in full — text put straight into a quote, provenance attributes set on an
 * existing quote — while valid nested edits pass. Pure Yjs, no server.
 */
import * as Y from 'yjs';
import { GuardedDoc } from '../../../server/src/features/drafts/draftUpdateGuard';
import { ProvenanceSigner } from '../../../server/src/features/drafts/draftDocument';

const paragraph = (text: string) => {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
};

/** A guarded server copy and a client copy of a draft with a paragraph and a quote holding a paragraph. */
function setUp() {
  const client = new Y.Doc();
  const fragment = client.getXmlFragment('default');
  const quote = new Y.XmlElement('blockquote');
  quote.insert(0, [paragraph('Quoted')]);
  fragment.insert(0, [paragraph('First'), quote]);
  const server = new Y.Doc();
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
  const guard = new GuardedDoc(server, new ProvenanceSigner('incremental-guard-test-secret-000000'));
  /** The update of one client-side change. */
  const change = (edit: (fragment: Y.XmlFragment) => void): Uint8Array => {
    const before = Y.encodeStateVector(client);
    client.transact(() => edit(fragment));
    return Y.encodeStateAsUpdate(client, before);
  };
  return { client, server, guard, change, quote: () => fragment.get(1) as Y.XmlElement };
}

describe('incremental update guard', () => {
  test('nestedChangesToExistingBlocksAreCheckedAndValidOnesPass', () => {
    const { guard, change, client } = setUp();
    const typed = change((f) => ((f.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(5, ' line'));
    expect(guard.apply(typed, 'test')).toEqual({ ok: true, changed: true });

    const looseInQuote = change((f) => (f.get(1) as Y.XmlElement).insert(1, [new Y.XmlText('loose')]));
    expect(guard.apply(looseInQuote, 'test')).toEqual({ ok: false, reason: 'unrepresentable' });

    // The client rolls back its copy by starting again from the server's (valid) state.
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(guard.live));
    const before = Y.encodeStateVector(fresh);
    const quote = fresh.getXmlFragment('default').get(1) as Y.XmlElement;
    fresh.transact(() => {
      quote.setAttribute('source', 'f'.repeat(24));
      quote.setAttribute('sourceQuestion', 'q');
      quote.setAttribute('sourceAuthor', 'Somebody Else');
    });
    expect(guard.apply(Y.encodeStateAsUpdate(fresh, before), 'test')).toEqual({
      ok: false,
      reason: 'forged_provenance',
    });
    // Refused updates never reach the live document (read through `guard.live`: it is replaced after a refusal).
    expect(
      (guard.live.getXmlFragment('default').get(1) as Y.XmlElement).getAttribute('source'),
    ).toBeUndefined();
    expect(guard.live.getXmlFragment('default').toJSON()).not.toContain('loose');
    client.destroy();
  });

  test('aRelayedUpdateWithMissingDependenciesIsHeldBackNotApplied', () => {
    const { guard, change } = setUp();
    const first = change((f) => f.insert(2, [paragraph('Second')]));
    const second = change((f) => ((f.get(2) as Y.XmlElement).get(0) as Y.XmlText).insert(6, '!'));
    expect(guard.applyTrusted(second, 'relay')).toBe('pending');
    expect(guard.live.store.pendingStructs).toBeNull();
    expect(guard.applyTrusted(first, 'relay')).toBe('applied');
    expect(guard.applyTrusted(second, 'relay')).toBe('applied');
    expect(guard.applyTrusted(second, 'relay')).toBe('unchanged');
    expect(guard.live.getXmlFragment('default').length).toBe(3);
  });

  test('aRefusalAfterManyAcceptedUpdatesRollsBackToExactlyTheAcceptedOnes', () => {
    // More accepted updates than the rollback copy trails by, refusals between them: after each refusal the live
    // document holds every accepted update and nothing of the refused ones.
    const { guard, change, client } = setUp();
    const accepted = new Y.Doc();
    Y.applyUpdate(accepted, Y.encodeStateAsUpdate(guard.live));
    for (let i = 0; i < 300; i += 1) {
      const typed = change((f) => ((f.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, String(i % 10)));
      expect(guard.apply(typed, 'test')).toEqual({ ok: true, changed: true });
      Y.applyUpdate(accepted, typed);
      if (i % 97 === 96) {
        const bad = new Y.Doc();
        Y.applyUpdate(bad, Y.encodeStateAsUpdate(guard.live));
        const before = Y.encodeStateVector(bad);
        bad.getXmlFragment('default').insert(0, [new Y.XmlText('loose')]);
        expect(guard.apply(Y.encodeStateAsUpdate(bad, before), 'test')).toEqual({
          ok: false,
          reason: 'unrepresentable',
        });
        expect(guard.live.getXmlFragment('default').toJSON()).toBe(
          accepted.getXmlFragment('default').toJSON(),
        );
        expect(Y.encodeStateVector(guard.live)).toEqual(Y.encodeStateVector(accepted));
      }
    }
    expect(guard.live.getXmlFragment('default').toJSON()).toBe(client.getXmlFragment('default').toJSON());
    guard.destroy();
  });

  test('hiddenRootsHeadingLevelsAndLinkTargetsTheEditorWouldNotMakeAreRefused', () => {
    const { guard } = setUp();
    const refused = { ok: false, reason: 'unrepresentable' };
    /** An update made on a copy of the live document. */
    const edit = (make: (doc: Y.Doc) => void): Uint8Array => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(guard.live));
      const before = Y.encodeStateVector(doc);
      make(doc);
      return Y.encodeStateAsUpdate(doc, before);
    };
    // Data beside the editor's fragment: no editor or export would show it.
    expect(
      guard.apply(
        edit((doc) => doc.getText('hidden').insert(0, 'secret')),
        'test',
      ),
    ).toEqual(refused);
    expect(
      guard.apply(
        edit((doc) => doc.getMap('meta').set('x', 1)),
        'test',
      ),
    ).toEqual(refused);
    const heading = (level: unknown) =>
      edit((doc) => {
        const h = new Y.XmlElement('heading');
        h.setAttribute('level', level as string);
        h.insert(0, [new Y.XmlText('Título')]);
        doc.getXmlFragment('default').insert(0, [h]);
      });
    expect(guard.apply(heading(9), 'test')).toEqual(refused);
    expect(guard.apply(heading('7'), 'test')).toEqual(refused);
    expect(guard.apply(heading(3), 'test')).toEqual({ ok: true, changed: true });
    const link = (href: string) =>
      edit((doc) =>
        ((doc.getXmlFragment('default').get(1) as Y.XmlElement).get(0) as Y.XmlText).format(0, 5, {
          link: { href },
        }),
      );
    expect(guard.apply(link('javascript:alert(1)'), 'test')).toEqual(refused);
    expect(guard.apply(link('https://example.org/polos'), 'test')).toEqual({ ok: true, changed: true });
    expect(guard.live.share.has('hidden')).toBe(false);
    expect(guard.live.getXmlFragment('default').toJSON()).not.toContain('javascript');
    guard.destroy();
  });
});
