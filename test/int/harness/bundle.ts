import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleLambda } from '../../../lib/bundling';

export const REPO_ROOT = join(__dirname, '../../..');

/**
 * A Lambda entry (`lambdas/customer-validation/handler.ts`) bundled exactly as CDK deploys it:
 * `index.js`, its map, and its on-demand packages. Returns the path of `index.js`.
 */
export const buildLambdaBundle = async (entry: string): Promise<string> => (await bundleLambda(join(REPO_ROOT, entry), mkdtempSync(join(tmpdir(), 'aicc-bundle-')))).index;

export interface BundleRun {
  readonly answer: unknown;
  /** stdout + stderr of the process: the function's structured logs */
  readonly logs: string;
}

/**
 * Runs `handler(event)` of a bundle in a fresh `node` whose environment is only `env` (plus PATH
 * and an empty HOME, so no ~/.aws profile on the machine can help): what the Lambda runtime gives.
 */
export const invokeBundle = (bundle: string, event: unknown, env: Record<string, string>): Promise<BundleRun> =>
  new Promise((resolve, reject) => {
    const script = `require(${JSON.stringify(bundle)}).handler(${JSON.stringify(event)}, { awsRequestId: 'bundle-test', functionName: 'bundle-test' })
      .then((answer) => process.stdout.write('\\nANSWER ' + JSON.stringify(answer)), (error) => process.stdout.write('\\nTHREW ' + error));`;
    execFile(
      process.execPath,
      ['-e', script],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: mkdtempSync(join(tmpdir(), 'aicc-home-')),
          AWS_REGION: 'ap-northeast-2',
          POWERTOOLS_METRICS_DISABLED: 'true',
          POWERTOOLS_TRACE_ENABLED: 'false',
          POWERTOOLS_LOG_LEVEL: 'WARN',
          ...env,
        },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${error.message}\n${stderr}`));
        const answer = /\nANSWER (.*)$/s.exec(stdout)?.[1];
        if (answer === undefined) return reject(new Error(`the handler did not answer:\n${stdout}\n${stderr}`));
        resolve({ answer: JSON.parse(answer), logs: stdout + stderr });
      },
    );
  });
