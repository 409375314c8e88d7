/**
 * The incremental update guard (draftUpdateGuard.ts inspects only the blocks an update touches and the top-level
 * items it inserts) decides exactly as a check of the whole document would: random edit sequences — valid and
 * unrepresentable blocks inserted at the top level and nested, blocks deleted, typing, marks, forged quote provenance,
 * values slipped into the fragment by a crafted update, typing into a text where blocks belong, embeds — each get
 * the verdict the whole-document inspection gives
 * for the same resulting state. Pure Yjs, no server.
 */
import fc from 'fast-check';
import * as Y from 'yjs';
import { DRAFT_FRAGMENT } from '@polos/shared';
import { GuardedDoc } from '../../../server/src/features/drafts/draftUpdateGuard';
import { inspectFragment, ProvenanceSigner } from '../../../server/src/features/drafts/draftDocument';

const signer = new ProvenanceSigner('guard-property-test-secret-0000000000');

const element = (name: string, children: Array<Y.XmlElement | Y.XmlText> = []): Y.XmlElement => {
  const node = new Y.XmlElement(name);
  node.insert(0, children);
  return node;
};
const text = (value: string) => new Y.XmlText(value);
const paragraph = (value: string) => element('paragraph', [text(value)]);

/** Blocks to insert: representable ones and ones the editor schema refuses (at the top level or inside). */
const BLOCKS: Record<string, () => Y.XmlElement | Y.XmlText> = {
  paragraph: () => paragraph('Texto del distrito'),
  heading: () => {
    const h = element('heading', [text('Título')]);
    h.setAttribute('level', 2 as unknown as string);
    return h;
  },
  quote: () => element('blockquote', [paragraph('Cita')]),
  list: () => element('bulletList', [element('listItem', [paragraph('Punto')])]),
  rule: () => element('horizontalRule'),
  code: () => element('codeBlock', [text('const x = 1;')]),
  // An empty text where blocks belong is representable (it shows nothing) until someone types into it.
  listWithEmptyText: () => element('bulletList', [element('listItem', [paragraph('Punto')]), text('')]),
  looseText: () => text('texto suelto'),
  unknown: () => element('marquee', [text('x')]),
  listItemAtTop: () => element('listItem', [paragraph('y')]),
  listWithoutItem: () => element('bulletList', [paragraph('z')]),
  textInQuote: () => element('blockquote', [text('cita suelta')]),
};

type Op =
  | { kind: 'insertBlock'; at: number; block: keyof typeof BLOCKS }
  | { kind: 'deleteBlock'; at: number }
  | { kind: 'type'; at: number; value: string; last: boolean }
  | { kind: 'embed'; at: number }
  | { kind: 'textAttribute'; at: number }
  | { kind: 'mark'; at: number; mark: 'bold' | 'italic' | 'blink' }
  | { kind: 'nestText'; at: number }
  | { kind: 'forgeQuote'; at: number }
  | { kind: 'crafted'; at: number; value: 'string' | 'number' };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('insertBlock' as const),
    at: fc.nat(),
    block: fc.constantFrom(...Object.keys(BLOCKS)),
  }),
  fc.record({ kind: fc.constant('deleteBlock' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('type' as const),
    at: fc.nat(),
    value: fc.string({ minLength: 1, maxLength: 3 }),
    last: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('embed' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('textAttribute' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('mark' as const),
    at: fc.nat(),
    mark: fc.constantFrom('bold', 'italic', 'blink'),
  }),
  fc.record({ kind: fc.constant('nestText' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('forgeQuote' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('crafted' as const),
    at: fc.nat(),
    value: fc.constantFrom('string', 'number'),
  }),
);

/** The first (or last) XmlText inside a node, depth first, if any. */
function firstText(node: unknown, last = false): Y.XmlText | null {
  if (node instanceof Y.XmlText) return node;
  if (node instanceof Y.XmlElement) {
    const children = node.toArray();
    if (last) children.reverse();
    for (const child of children) {
      const found = firstText(child, last);
      if (found) return found;
    }
  }
  return null;
}

/** The update of `op` made on a copy of `state` (null when the op does not apply to this document). */
function updateOf(state: Uint8Array, op: Op): Uint8Array | null {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(DRAFT_FRAGMENT);
  Y.applyUpdate(doc, state);
  const before = Y.encodeStateVector(doc);
  const blocks = fragment.toArray();
  const pick = () => blocks[op.at % Math.max(1, blocks.length)];
  let applied = true;
  switch (op.kind) {
    case 'insertBlock':
      fragment.insert(op.at % (blocks.length + 1), [BLOCKS[op.block]()]);
      break;
    case 'deleteBlock':
      if (blocks.length === 0) applied = false;
      else fragment.delete(op.at % blocks.length, 1);
      break;
    case 'type': {
      const target = firstText(pick(), op.last);
      if (target) target.insert(op.at % (target.length + 1), op.value);
      else applied = false;
      break;
    }
    case 'embed': {
      const target = firstText(pick());
      if (target) target.insertEmbed(op.at % (target.length + 1), { image: 'x.png' });
      else applied = false;
      break;
    }
    case 'textAttribute': {
      const target = firstText(pick());
      if (target) target.setAttribute('lang', 'es');
      else applied = false;
      break;
    }
    case 'mark': {
      const target = firstText(pick());
      if (target && target.length > 0) target.format(0, target.length, { [op.mark]: {} });
      else applied = false;
      break;
    }
    case 'nestText': {
      const target = pick();
      if (target instanceof Y.XmlElement) target.insert(0, [text('anidado')]);
      else applied = false;
      break;
    }
    case 'forgeQuote': {
      const target = pick();
      if (target instanceof Y.XmlElement && target.nodeName === 'blockquote') {
        target.setAttribute('source', 'a'.repeat(24));
        target.setAttribute('sourceQuestion', 'b'.repeat(24));
        target.setAttribute('sourceAuthor', 'Otra Persona');
      } else applied = false;
      break;
    }
    case 'crafted': {
      // What a client that is not the editor could send: the fragment's root name written as a plain array.
      const crafted = new Y.Doc();
      Y.applyUpdate(crafted, state);
      const sv = Y.encodeStateVector(crafted);
      const array = crafted.getArray<unknown>(DRAFT_FRAGMENT);
      array.insert(op.at % (array.length + 1), [op.value === 'string' ? 'suelto' : 42]);
      const update = Y.encodeStateAsUpdate(crafted, sv);
      crafted.destroy();
      doc.destroy();
      return update;
    }
  }
  const update = applied ? Y.encodeStateAsUpdate(doc, before) : null;
  doc.destroy();
  return update;
}

/** The verdict a check of the whole resulting document gives (the guard's reasons, same precedence). */
function wholeDocumentVerdict(state: Uint8Array, update: Uint8Array): string {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(DRAFT_FRAGMENT);
  Y.applyUpdate(doc, state);
  Y.applyUpdate(doc, update);
  const problems = inspectFragment(fragment, signer);
  doc.destroy();
  if (problems.unrepresentable.length > 0) return 'unrepresentable';
  if (problems.unsignedProvenance.length > 0) return 'forged_provenance';
  return 'ok';
}

describe('incremental update guard against the whole-document check', () => {
  test('everyRandomEditGetsTheVerdictOfTheWholeDocumentCheck', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary, { minLength: 1, maxLength: 40 }), (ops) => {
        const guard = new GuardedDoc(new Y.Doc(), signer);
        try {
          // Start from a few representable blocks, as a draft in use.
          const seed = new Y.Doc();
          seed.getXmlFragment(DRAFT_FRAGMENT).insert(0, [paragraph('Uno'), BLOCKS.quote(), BLOCKS.list()]);
          expect(guard.apply(Y.encodeStateAsUpdate(seed), 'test')).toEqual({ ok: true, changed: true });
          seed.destroy();
          for (const op of ops) {
            const state = Y.encodeStateAsUpdate(guard.live);
            const update = updateOf(state, op);
            if (!update) continue;
            const expected = wholeDocumentVerdict(state, update);
            const verdict = guard.apply(update, 'test');
            expect(verdict.ok ? 'ok' : verdict.reason).toBe(expected);
            // The live document (replaced after a refusal) stays representable whatever was refused.
            expect(inspectFragment(guard.live.getXmlFragment(DRAFT_FRAGMENT), signer)).toEqual({
              unrepresentable: [],
              unsignedProvenance: [],
            });
          }
        } finally {
          guard.destroy();
        }
      }),
      { numRuns: 150 },
    );
  });
});
