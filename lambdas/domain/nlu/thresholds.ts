import config from './thresholds.json';
import type { Intent } from './intents';

const table = config as { default: number; intents: Partial<Record<Intent, number>> };

/** Confidence below which the bot asks instead of acting on `intent`. */
export const thresholdFor = (intent: Intent): number => table.intents[intent] ?? table.default;
