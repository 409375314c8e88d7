/** Polls per question (issue 12.1): the panel shown inside a live question's thread. */
export { PollsPanel } from './PollsPanel';
export { usePolls } from './usePolls';
export { PollResults } from './PollResults';
