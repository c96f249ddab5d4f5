import { build } from 'esbuild';
import { lambdaBuildOptions } from '../lib/bundling';
const [entry, prefix] = process.argv.slice(2);
build({ ...lambdaBuildOptions(entry!, '/tmp/meta-out.js'), write: false, metafile: true }).then((r) => {
  const out = Object.values(r.metafile!.outputs)[0]!;
  const groups: Record<string, number> = {};
  for (const [f, v] of Object.entries(out.inputs)) {
    let g = prefix ? f : f.replace(/^node_modules\/((@[^/]+\/)?[^/]+).*/, '$1');
    if (!prefix && g === f) g = f.split('/').slice(0, 3).join('/');
    if (prefix && !f.includes(prefix)) continue;
    groups[g] = (groups[g] ?? 0) + v.bytesInOutput;
  }
  console.log('total', Math.round(out.bytes / 1024));
  for (const [g, b] of Object.entries(groups).sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(String(Math.round(b / 1024)).padStart(5), g);
});
