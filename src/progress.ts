/** Stages of one compress call, in order (MCP progress notifications name them). */
export const PROGRESS_STAGES = ['read', 'stored', 'compressed'] as const;
export type ProgressStage = (typeof PROGRESS_STAGES)[number];
