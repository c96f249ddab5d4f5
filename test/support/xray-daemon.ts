import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

/** A received subsegment document (the fields the tests look at; the rest stays reachable). */
export interface ReceivedDocument {
  name: string;
  id: string;
  trace_id: string;
  parent_id: string;
  type: string;
  start_time: number;
  end_time: number;
  namespace?: string;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  cause?: { exceptions: { id: string; type: string; message: string; remote?: boolean }[] };
  annotations?: Record<string, string | number | boolean>;
  aws?: Record<string, unknown>;
  http?: { response?: { status?: number; content_length?: number } };
}

export interface FakeXRayDaemon {
  /** `127.0.0.1:<port>`, the AWS_XRAY_DAEMON_ADDRESS form */
  readonly address: string;
  readonly documents: ReceivedDocument[];
  /** Every datagram that did not start with the protocol header (should stay empty). */
  readonly malformed: string[];
  /** Resolves once `count` documents of `traceId` have arrived (rejects after `timeoutMs`). */
  waitFor(traceId: string, count: number, timeoutMs?: number): Promise<ReceivedDocument[]>;
  close(): Promise<void>;
}

const HEADER = '{"format":"json","version":1}\n';

/** A real UDP listener on 127.0.0.1 standing in for the X-Ray daemon Lambda runs beside a function. */
export const startFakeXRayDaemon = async (): Promise<FakeXRayDaemon> => {
  const socket = createSocket('udp4');
  const documents: ReceivedDocument[] = [];
  const malformed: string[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (message) => {
    const text = message.toString('utf8');
    if (!text.startsWith(HEADER)) malformed.push(text);
    else documents.push(JSON.parse(text.slice(HEADER.length)) as ReceivedDocument);
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  const ofTrace = (traceId: string) => documents.filter((d) => d.trace_id === traceId);
  return {
    address: `127.0.0.1:${port}`,
    documents,
    malformed,
    waitFor: (traceId, count, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (ofTrace(traceId).length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(ofTrace(traceId));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} documents for ${traceId}, got ${JSON.stringify(ofTrace(traceId), null, 1)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
};

let traceCounter = 0;

/** A fresh, valid X-Ray trace header (`Root`, a `Parent` as Lambda's function segment, `Sampled`). */
export const traceHeader = (sampled: boolean, extra = '') => {
  traceCounter += 1;
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);
  const root = `1-${hex(Math.floor(Date.now() / 1000), 8)}-${hex(process.pid, 8)}${hex(traceCounter, 16)}`;
  const parent = `ab${hex(traceCounter, 14)}`;
  return { root, parent, header: `Root=${root};Parent=${parent};Sampled=${sampled ? 1 : 0}${extra}` };
};
