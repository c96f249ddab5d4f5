import { Worker } from 'node:worker_threads';
import type { InProcessRequestHandler } from '../lambdas/adapters/dynamodb/client';

/**
 * The local store (dynalite) on a thread of its own, as DynamoDB is its own service in AWS: the
 * Lambdas' thread spends nothing on parsing, validating and storing requests, and the two use two
 * cores. Other processes (the CLI with --endpoint, `sam local`) reach it over HTTP on 127.0.0.1 as
 * before; clients in this process may instead hand their requests to the thread directly
 * (`transport`): the same DynamoDB JSON protocol, the same dynalite request handler, without a
 * loopback TCP round trip (on this kind of machine the socket writes and HTTP parsing on both ends
 * cost about as much as the SDK's own work per request).
 */
export interface StoreThread {
  readonly port: number;
  /** A request handler for the DynamoDB client (one per client, `requestTimeoutMs` like the HTTP one). */
  transport(requestTimeoutMs: number): InProcessRequestHandler;
  close(): Promise<void>;
}

interface ThreadRequest {
  readonly type: 'request';
  readonly id: number;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

type ThreadMessage =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'closed'; readonly message?: string }
  | { readonly type: 'response'; readonly id: number; readonly statusCode: number; readonly headers: Record<string, string>; readonly body: string }
  | { readonly type: 'responses'; readonly batch: readonly Extract<ThreadMessage, { type: 'response' }>[] };

/**
 * The worker's code (CommonJS, evaluated: no build step, nothing for tsx to transform). It starts
 * dynalite and serves its request handler twice: to HTTP clients on the port, and to messages from
 * this process (a request object and a response object with just what the handler uses).
 */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { EventEmitter } = require('node:events');
const dynalite = require(workerData.dynalite);
const server = dynalite(workerData.options);
const handle = server.listeners('request')[0];
server.once('error', (error) => parentPort.postMessage({ type: 'error', message: error.message }));
server.listen(workerData.port, '127.0.0.1', () => parentPort.postMessage({ type: 'listening', port: server.address().port }));
// Answers go back in one message per event-loop turn: each message wakes the other thread.
// (Measured on the 2-core machine: batching requests per tick and answers per turn cut the CPU per
// Kakao turn by about a fifth; batching answers per tick instead did worse.)
let answers = [];
const reply = (answer) => {
  if (answers.push(answer) === 1) setImmediate(() => { const batch = answers; answers = []; parentPort.postMessage({ type: 'responses', batch }); });
};
const serve = (message) => {
  const req = new EventEmitter();
  req.method = message.method;
  req.url = message.path;
  req.headers = message.headers;
  const headers = {};
  const res = {
    statusCode: 200,
    setHeader: (name, value) => { headers[String(name).toLowerCase()] = String(value); },
    end: (body) => reply({ type: 'response', id: message.id, statusCode: res.statusCode, headers, body: body === undefined ? '' : String(body) }),
  };
  handle(req, res);
  if (message.body) req.emit('data', Buffer.from(message.body, 'utf8'));
  req.emit('end');
};
parentPort.on('message', (message) => {
  if (message && message.type === 'requests') return message.batch.forEach(serve);
  if (message !== 'close') return;
  server.close((error) => {
    parentPort.postMessage({ type: 'closed', message: error ? error.message : undefined });
    parentPort.close();
  });
});
`;

/** The bytes as text, without a copy (and without `Buffer.from(x)`, which calls `x.valueOf()`: the SDK's JSON body adapter warns on that). */
const utf8 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');

const timeoutError = (ms: number) => Object.assign(new Error(`local store did not answer within ${ms} ms`), { name: 'TimeoutError' });

export const startStoreThread = async (dynaliteOptions: Record<string, unknown>, port: number): Promise<StoreThread> => {
  const worker = new Worker(WORKER_CODE, { eval: true, workerData: { dynalite: require.resolve('dynalite'), options: dynaliteOptions, port } });
  const pending = new Map<number, (message: Extract<ThreadMessage, { type: 'response' }>) => void>();
  let onLifecycle: (message: ThreadMessage) => void = () => undefined;
  worker.on('message', (message: ThreadMessage) => {
    if (message.type === 'responses') for (const answer of message.batch) pending.get(answer.id)?.(answer);
    else onLifecycle(message);
  });

  const listening = await new Promise<number>((resolve, reject) => {
    onLifecycle = (message) => {
      if (message.type === 'listening') resolve(message.port);
      else if (message.type === 'error') reject(new Error(`local store: ${message.message}`));
    };
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`local store thread exited (${code}) before listening`)));
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');

  let nextId = 0;
  let closed = false;
  let outbox: ThreadRequest[] = [];
  const flush = () => {
    const batch = outbox;
    outbox = [];
    if (!closed) worker.postMessage({ type: 'requests', batch });
  };
  // The thread died (a bug in the store): calls fail at once instead of waiting for their timeout.
  const fail = (reason: string) => {
    if (closed) return;
    closed = true;
    console.error(`local store thread stopped: ${reason}`);
    for (const answer of pending.values()) answer({ type: 'response', id: -1, statusCode: 500, headers: {}, body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: reason }) });
  };
  worker.on('error', (error) => fail(error.message));
  worker.on('exit', (code) => fail(`exited with code ${code}`));
  const send = (request: Omit<ThreadRequest, 'type' | 'id'>, timeoutMs: number, abortSignal?: { aborted?: boolean }) =>
    new Promise<Extract<ThreadMessage, { type: 'response' }>>((resolve, reject) => {
      if (closed) return reject(Object.assign(new Error('local store closed'), { name: 'NetworkingError' }));
      if (abortSignal?.aborted) return reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
      const id = ++nextId;
      // As the HTTP handler's requestTimeout: a store that does not answer fails the call, never hangs it.
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(timeoutError(timeoutMs));
      }, timeoutMs);
      pending.set(id, (message) => {
        clearTimeout(timer);
        pending.delete(id);
        resolve(message);
      });
      // Requests issued by the same callback (its promise chain included) go out in one message:
      // every message wakes the other thread, and the calls of concurrent turns often come together.
      if (outbox.push({ type: 'request', id, ...request }) === 1) process.nextTick(flush);
    });

  let closing: Promise<void> | undefined;
  return {
    port: listening,
    transport: (requestTimeoutMs) => ({
      handle: async (request, options) => {
        const query = new URLSearchParams(
          Object.entries(request.query ?? {}).flatMap(([k, v]): [string, string][] => (Array.isArray(v) ? v.map((x) => [k, x]) : v === null ? [] : [[k, v]])),
        ).toString();
        const body = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? utf8(request.body) : '';
        const headers: Record<string, string> = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
        const answer = await send({ method: request.method, path: `${request.path}${query ? `?${query}` : ''}`, headers, body }, requestTimeoutMs, options?.abortSignal);
        // A byte array is a body the SDK reads as it is (no stream to collect).
        return { response: { statusCode: answer.statusCode, reason: undefined, headers: answer.headers, body: Buffer.from(answer.body, 'utf8') } };
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
      // The thread is shared by every client of the process: it is closed with the store, not with a client.
      destroy: () => undefined,
    }),
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        if (closed) return resolve();
        closed = true;
        worker.removeAllListeners('exit');
        onLifecycle = (message) => {
          if (message.type !== 'closed') return;
          void worker.terminate().then(() => (message.message ? reject(new Error(message.message)) : resolve()));
        };
        worker.removeAllListeners('error');
        worker.once('error', reject);
        worker.postMessage('close');
      })),
  };
};
