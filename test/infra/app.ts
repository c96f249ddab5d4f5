import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { defineAiccStacks, type AiccStacks } from '../../lib/aicc-app';

/** The exact app bin/aicc.ts builds, for a stage, synthesized into a temporary folder. */
export const buildApp = (stage: 'dev' | 'prod' = 'dev'): { app: App; stacks: AiccStacks } => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'aicc-cdk-')), context: { stage } });
  return { app, stacks: defineAiccStacks(app) };
};
