/** The history feature's public entry: the post history button and its strings (shared with the members screens). */
import './historyStrings';

export { PostHistoryButton } from './PostHistoryButton';
