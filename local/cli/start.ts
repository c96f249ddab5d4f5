import { intFlag, parseArgs } from './args';
import { startRuntime } from '../runtime';

export const usage = 'start [--in-memory] [--data-dir DIR] [--port N] [--store-port N]   run the local AICC';

export const run = async (argv: string[]): Promise<number> => {
  const { flags } = parseArgs(argv);
  const inMemory = flags['in-memory'] === true;
  const port = intFlag(flags.port, Number(process.env.PORT ?? 3000), 'port');
  const storePort = intFlag(flags['store-port'], Number(process.env.AICC_STORE_PORT ?? 0), 'store-port');
  const dataDir = typeof flags['data-dir'] === 'string' ? flags['data-dir'] : (process.env.AICC_DATA_DIR ?? '.aicc');

  const runtime = await startRuntime({ inMemory, dataDir, port, storePort });
  const seeded = Object.entries(runtime.seeded).map(([k, n]) => `${k} +${n}`).join(', ');
  console.log(
    [
      '',
      '  Seed AICC is running locally',
      `  URL          ${runtime.url}   (health: ${runtime.url}/health)`,
      `  Data         ${runtime.dataDir ?? 'in memory (discarded on exit)'}`,
      `  Store        ${runtime.storeEndpoint}  (DynamoDB protocol)`,
      `  Seeded       ${seeded}`,
      '  Stop         Ctrl-C',
      '',
    ].join('\n'),
  );

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
