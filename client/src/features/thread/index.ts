/** The thread feature's public entry: what other features may use. */
export { QuestionThread } from './QuestionThread';
export { AsyncWindowBadge, AsyncWindowEditor, useWindowOpen } from './AsyncWindow';
