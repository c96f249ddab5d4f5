import { readFileSync } from 'node:fs';
import { parseArgs } from './args';
import { formatProblem, unresolvedPlaceholdersInTemplate, validateContactFlows, validateFlowFile, type FlowProblem } from '../flows/validate';

export const usage = `flows validate [file.json ...] [--template cdk.out/X.template.json]   check contact flows (exit 1 on any problem)
  aicc flows simulate --caller +8210... [--channel voice|chat] [--at 2026-11-24T10:00:00+09:00] [--say "..."]... [--press 1]... [--json]   run inbound-main locally`;

const validate = (positional: readonly string[], flags: Record<string, string | true>): number => {
  const problems: FlowProblem[] = positional.length > 0 ? positional.flatMap((f) => validateFlowFile(f)) : validateContactFlows();
  if (typeof flags.template === 'string') {
    try {
      problems.push(...unresolvedPlaceholdersInTemplate(JSON.parse(readFileSync(flags.template, 'utf8'))));
    } catch (error) {
      problems.push({ file: flags.template, reason: `cannot read template: ${(error as Error).message}` });
    }
  }
  for (const p of problems) console.error(formatProblem(p));
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s) in contact flows`);
    return 1;
  }
  console.log(`contact flows OK (${positional.length > 0 ? positional.join(', ') : 'contact-flows/*.json'})`);
  return 0;
};

/**
 * `aicc flows validate|simulate`. Validation is static; simulation runs inbound-main with the real
 * handlers in-process against a fresh local store (see local/flows/simulate.ts).
 */
export const run = async (argv: string[]): Promise<number> => {
  const [sub, ...rest] = argv;
  if (sub === 'validate') {
    const { positional, flags } = parseArgs(rest);
    return validate(positional, flags);
  }
  if (sub === 'simulate') {
    const { runSimulateCommand } = await import('../flows/simulate-cli');
    return runSimulateCommand(rest);
  }
  console.error(`usage: aicc ${usage}`);
  return 2;
};
