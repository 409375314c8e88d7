import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

/**
 * Keeps Ctrl+Z undoing whole steps of one's own typing while others edit the draft (QA: one Ctrl+Z undid 1–5 of
 * the characters just typed whenever someone else was typing elsewhere).
 *
 * Why it happened (read in `@tiptap/y-tiptap` 3.0.9, `ySyncPlugin`): a remote change is rendered with a transaction
 * marked `addToHistory: false`, and the plugin keeps that flag in its state until the next local content change. Its
 * view update runs after every transaction and calls `undoManager.stopCapturing()` when the flag is false and the
 * transaction was not the remote render itself — so the next transaction that changes no content (the co-editor's
 * caret moving, one's own selection) closed the current undo step. After a remote render this appends a transaction
 * that sets the flag back (the plugin merges its meta into its state); local changes marked `addToHistory: false`
 * still close the step, as intended.
 */
export const KeepUndoSteps = Extension.create({
  name: 'keepUndoSteps',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('keepUndoSteps'),
        appendTransaction(_transactions, _oldState, newState) {
          const sync = ySyncPluginKey.getState(newState) as
            { addToHistory?: boolean; isChangeOrigin?: boolean; isUndoRedoOperation?: boolean } | undefined;
          if (!sync || sync.addToHistory !== false || !sync.isChangeOrigin) return null;
          // Not after rendering one's own undo or redo: the editor may then write a normalisation back (an undo that
          // empties the draft gets an empty paragraph again), and with the flag set that write would be captured as
          // a new step and clear the redo stack (QA: redo did nothing in an empty draft). Undo closes the step anyway.
          if (sync.isUndoRedoOperation) return null;
          // Tagged as part of the remote change (KeepStoredMarks, which runs after this plugin, restores marks only
          // after remote transactions; the binding skips it the same way).
          return newState.tr.setMeta(ySyncPluginKey, { isChangeOrigin: true, addToHistory: true });
        },
      }),
    ];
  },
});
