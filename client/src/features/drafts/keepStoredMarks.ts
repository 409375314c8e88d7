import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

/** True when a transaction is the Yjs binding applying someone else's edit (or a re-render of the Y document). */
const isRemote = (tr: { getMeta: (key: PluginKey) => unknown }): boolean => {
  const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  return meta?.isChangeOrigin === true;
};

/**
 * Keeps the marks the user chose for the next typed text (Ctrl+B, the Bold button: ProseMirror's `storedMarks`)
 * across remote edits. The Yjs binding applies every remote change by replacing the whole document, and any step
 * clears a transaction's stored marks — so a co-editor typing elsewhere silently turned Bold off between the
 * shortcut and the next key (and the next Ctrl+B turned it on again: bold inverted). Remote transactions do not
 * change what this user chose, so the marks are put back when only remote transactions cleared them.
 */
export const KeepStoredMarks = Extension.create({
  name: 'keepStoredMarks',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('keepStoredMarks'),
        appendTransaction(transactions, oldState, newState) {
          if (!oldState.storedMarks || newState.storedMarks) return null;
          if (!newState.selection.empty || !transactions.every(isRemote)) return null;
          // Tagged like the remote change so the binding does not treat this as a local edit.
          return newState.tr
            .setStoredMarks(oldState.storedMarks)
            .setMeta(ySyncPluginKey, { isChangeOrigin: true })
            .setMeta('addToHistory', false);
        },
      }),
    ];
  },
});
