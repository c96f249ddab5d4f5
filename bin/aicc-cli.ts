#!/usr/bin/env -S npx tsx
/**
 * The project CLI: `npm run --silent aicc -- <command> ...`.
 * Each command lives in local/cli/<command>.ts and exports `usage` and `run(argv)`.
 */
interface Command {
  usage: string;
  run(argv: string[]): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  start: () => import('../local/cli/start'),
  invoke: () => import('../local/cli/invoke'),
  flows: () => import('../local/cli/flows'),
};

const main = async (): Promise<number> => {
  const [name, ...rest] = process.argv.slice(2);
  const load = name ? COMMANDS[name] : undefined;
  if (!load) {
    const usages = await Promise.all(Object.values(COMMANDS).map(async (l) => `  aicc ${(await l()).usage}`));
    console.error(`usage:\n${usages.join('\n')}`);
    return name ? 2 : 0;
  }
  return (await load()).run(rest);
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`aicc: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
