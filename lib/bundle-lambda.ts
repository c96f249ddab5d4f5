import { bundleLambda } from './bundling';

/** `tsx lib/bundle-lambda.ts <entry.ts> <outDir>`: one Lambda bundle, as CDK deploys it. */
const [entry, outDir] = process.argv.slice(2);
if (!entry || !outDir) {
  process.stderr.write('usage: tsx lib/bundle-lambda.ts <entry.ts> <outDir>\n');
  process.exit(2);
}
bundleLambda(entry, outDir).catch((error: unknown) => {
  process.stderr.write(`bundling ${entry} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
