import type { Reaction } from '@polos/shared';

/** Emoji shown for each reaction of the fixed set (labels are translated in `reactions.*`). */
export const REACTION_EMOJI = {
  thumbs_up: '👍',
  heart: '❤️',
  lightbulb: '💡',
  clap: '👏',
  question: '❓',
} as const satisfies Record<Reaction, string>;
