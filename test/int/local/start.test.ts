import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../lambdas/adapters/dynamodb/client';
import { startRuntime } from '../../../local/runtime';

const ROOT = join(__dirname, '..', '..', '..');

/** Starts `aicc start` exactly as `npm start` does and waits for the printed URL. */
const startCli = (args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string; output: () => string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'bin/aicc-cli.ts', 'start', ...args], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0' },
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /URL\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });

const stop = (child: ChildProcessWithoutNullStreams): Promise<number | null> =>
  new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });

describe('npm start', () => {
  it('serves /health with the store ready on 127.0.0.1, and stops cleanly on Ctrl-C', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aicc-start-'));
    const { child, url, output } = await startCli(['--data-dir', dataDir]);
    try {
      const res = await fetch(`${url}/health`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; store: string; tables: string[] };
      expect(body).toMatchObject({ status: 'ok', store: 'ready' });
      expect(body.tables).toContain('aicc-local-customers');
      expect(output()).toContain(dataDir);
      expect((await fetch(`${url}/nope`)).status).toBe(404);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  }, 60_000);

  it('keeps data across restarts and never re-seeds over an edit', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aicc-persist-'));
    const first = await startRuntime({ dataDir, port: 0 });
    expect(first.seeded.customers).toBeGreaterThan(0);
    const doc = createDocumentClient({ endpoint: first.storeEndpoint });
    const table = 'aicc-local-customers';
    await doc.send(new UpdateCommand({ TableName: table, Key: { customerId: 'C-1002' }, UpdateExpression: 'SET tier = :t', ExpressionAttributeValues: { ':t': 'VIP' } }));
    doc.destroy();
    await first.close();

    const second = await startRuntime({ dataDir, port: 0 });
    try {
      expect(second.seeded.customers).toBe(0);
      const doc2 = createDocumentClient({ endpoint: second.storeEndpoint });
      const item = await doc2.send(new GetCommand({ TableName: table, Key: { customerId: 'C-1002' } }));
      expect(item.Item?.tier).toBe('VIP');
      doc2.destroy();
    } finally {
      await second.close();
    }
  }, 60_000);

  it('starts a throwaway store with --in-memory', async () => {
    const runtime = await startRuntime({ inMemory: true, port: 0 });
    try {
      expect(runtime.dataDir).toBeUndefined();
      expect((await fetch(`${runtime.url}/health`)).status).toBe(200);
    } finally {
      await runtime.close();
    }
  }, 30_000);
});
