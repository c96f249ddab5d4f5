import { intFlag, parseArgs } from './args';
import { startRuntime, type Runtime } from '../runtime';

/** What a person needs after `npm start`: where it runs, where data lives, which engines answer, the Kakao secret. */
export const formatStartup = (runtime: Pick<Runtime, 'url' | 'dataDir' | 'storeEndpoint' | 'seeded' | 'engines' | 'kakao' | 'readyMs'>): string => {
  const seeded = Object.entries(runtime.seeded).map(([k, n]) => `${k} +${n}`).join(', ');
  const { nlu, coaching } = runtime.engines;
  return [
    '',
    `  Seed AICC is running locally (ready in ${(runtime.readyMs / 1000).toFixed(1)} s)`,
    `  URL          ${runtime.url}   (health: ${runtime.url}/health)`,
    `  Console      ${runtime.url}/   (KakaoTalk and call simulators, operations)`,
    `  Data         ${runtime.dataDir ?? 'in memory (discarded on exit)'}`,
    `  Store        ${runtime.storeEndpoint}  (DynamoDB protocol)`,
    `  Seeded       ${seeded}`,
    `  Engines      calls/chat NLU   ${nlu.detail}`,
    `               Kakao coaching   ${coaching.detail}`,
    `  Kakao skill  POST ${runtime.url}/kakao/{coaching|service}   header ${runtime.kakao.secretHeader}: ${runtime.kakao.secret}`,
    ...(process.env.AICC_ADMIN_TOKEN ? [`  Operations   ${runtime.url}/admin/openapi.json   header Authorization: Bearer ${process.env.AICC_ADMIN_TOKEN}`] : []),
    '  Callbacks    dispatched every 15 s to a recording dialer (no calls placed; see the console)',
    '  Stop         Ctrl-C',
    '',
  ].join('\n');
};

export const usage = 'start [--in-memory] [--data-dir DIR] [--port N] [--store-port N]   run the local AICC';

export const run = async (argv: string[]): Promise<number> => {
  const { flags } = parseArgs(argv);
  const inMemory = flags['in-memory'] === true;
  const port = intFlag(flags.port, Number(process.env.PORT ?? 3000), 'port');
  const storePort = intFlag(flags['store-port'], Number(process.env.AICC_STORE_PORT ?? 0), 'store-port');
  const dataDir = typeof flags['data-dir'] === 'string' ? flags['data-dir'] : (process.env.AICC_DATA_DIR ?? '.aicc');

  const runtime = await startRuntime({ inMemory, dataDir, port, storePort });
  console.log(formatStartup(runtime));

  await new Promise<void>((resolve) => {
    let closing = false;
    const stop = (signal: string) => {
      if (closing) return;
      closing = true;
      console.log(`\n  ${signal}: shutting down (data kept in ${runtime.dataDir ?? 'memory: discarded'})`);
      runtime.close().then(resolve, (error) => {
        console.error('shutdown error', error);
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
};
