import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
const cases = {
  bare: `globalThis.x = 1;`,
  ddbImport: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'; globalThis.x = [DynamoDBClient, DynamoDBDocumentClient];`,
  ddbClient: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'; globalThis.x = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-northeast-2' }));`,
  logger: `import { Logger } from '@aws-lambda-powertools/logger'; import { Metrics } from '@aws-lambda-powertools/metrics'; globalThis.x = [new Logger({serviceName:'x'}), new Metrics({namespace:'a', serviceName:'x'})];`,
  tracer: `import { Tracer } from '@aws-lambda-powertools/tracer'; globalThis.x = new Tracer({serviceName:'x'});`,
  zod: `import { z } from 'zod'; globalThis.x = z.object({ a: z.string() });`,
  middy: `import middy from '@middy/core'; globalThis.x = middy;`,
  cv: `import * as h from '../lambdas/customer-validation/handler'; globalThis.x = h;`,
};
const env = { ...process.env, NODE_NO_WARNINGS: '1', CUSTOMERS_TABLE: 'x', AWS_REGION: 'ap-northeast-2', POWERTOOLS_TRACE_ENABLED: 'false', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' };
const time = (args) => { const t = []; for (let i = 0; i < 9; i++) { const out = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(args[0])}); process.on('exit', () => { const u = process.cpuUsage(); console.log((u.user + u.system) / 1000); })`], { env }); t.push(Number(out.toString().trim().split('\n').pop())); } t.sort((a,b)=>a-b); return t[4]; };
const only = process.argv[2];
for (const [name, code] of Object.entries(cases)) {
  if (only && !only.split(',').includes(name)) continue;
  await build({ stdin: { contents: code, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, platform: 'node', minify: true, format: 'cjs', target: 'node22', mainFields: ['module','main'], outfile: `/tmp/exp-${name}.js`, logLevel: 'silent', tsconfig: '../tsconfig.json', alias: { '@aws-sdk/credential-provider-node': '../lambdas/platform/lambda-credentials.ts' } });
  console.log(name.padEnd(10), time(['/tmp/exp-' + name + '.js']).toFixed(1), 'ms');
}
