import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';

/**
 * The X-Ray daemon protocol, and nothing else: a subsegment document as JSON in one UDP datagram
 * to the daemon Lambda runs beside every traced function (AWS_XRAY_DAEMON_ADDRESS). Replaces the
 * ~115 KB of aws-xray-sdk-core + cls-hooked + semver the Powertools Tracer brought into every bundle.
 *
 * Fire-and-forget: a send never throws, never waits, and a document that cannot fit one datagram
 * is trimmed (optional parts first) or dropped, never split.
 */

/** One subsegment, as sent on its own ("type": "subsegment" with trace_id and parent_id). */
export interface SubsegmentDocument {
  name: string;
  id: string;
  trace_id: string;
  parent_id: string;
  type: 'subsegment';
  start_time: number;
  end_time: number;
  namespace?: 'aws' | 'remote';
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  cause?: { exceptions: ExceptionDocument[] };
  annotations?: Record<string, string | number | boolean>;
  aws?: Record<string, string | number | string[]>;
  http?: { response?: { status?: number; content_length?: number } };
}

export interface ExceptionDocument {
  id: string;
  type: string;
  message: string;
  remote?: boolean;
}

export const PROTOCOL_HEADER = '{"format":"json","version":1}\n';
/** A UDP datagram carries at most 65,507 bytes of payload over IPv4; the daemon reads 64 KB. */
export const MAX_DATAGRAM_BYTES = 64 * 1024 - 29;
/** The segment document's string limit ("values must be strings up to 250 characters"). */
export const MAX_STRING = 250;
/** Dropped, in this order, when a document does not fit: what is left still places the call in the trace. */
const OPTIONAL_PARTS = ['cause', 'aws', 'http', 'annotations'] as const;

/** 64-bit random id, 16 lower-case hex digits, as X-Ray wants for (sub)segment ids. */
export const newSegmentId = (): string => randomBytes(8).toString('hex');

/**
 * Epoch seconds with millisecond fractions, from the wall clock: a monotonic clock anchored at process
 * start (performance.timeOrigin) drifts from it across Lambda's freezes between invocations.
 */
export const epochSeconds = (): number => Date.now() / 1000;

export const clip = (text: string, max = MAX_STRING): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * The datagram for one document: protocol header + JSON, at most `maxBytes`. When too large, the
 * optional parts go first (cause, aws, http, annotations); undefined when even the skeleton cannot fit.
 */
export const encodeDocument = (doc: SubsegmentDocument, maxBytes = MAX_DATAGRAM_BYTES): Buffer | undefined => {
  let candidate: SubsegmentDocument = doc;
  for (let drop = 0; ; drop++) {
    const packet = Buffer.from(PROTOCOL_HEADER + JSON.stringify(candidate), 'utf8');
    if (packet.length <= maxBytes) return packet;
    const part = OPTIONAL_PARTS[drop];
    if (!part) return undefined;
    candidate = { ...candidate };
    delete candidate[part];
  }
};

export interface DaemonAddress {
  readonly host: string;
  readonly port: number;
}

const DEFAULT_DAEMON: DaemonAddress = { host: '127.0.0.1', port: 2000 };

const hostPort = (text: string): DaemonAddress | undefined => {
  const at = text.lastIndexOf(':');
  if (at <= 0) return undefined;
  const host = text.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  const port = Number(text.slice(at + 1));
  return host && Number.isInteger(port) && port > 0 && port < 65536 ? { host, port } : undefined;
};

/**
 * AWS_XRAY_DAEMON_ADDRESS is `host:port`, or `udp:host:port tcp:host:port` (either order) when the
 * daemon's sampling (TCP) and trace (UDP) ports differ; we only need UDP. Anything else: the default.
 */
export const parseDaemonAddress = (raw: string | undefined): DaemonAddress => {
  const text = raw?.trim();
  if (!text) return DEFAULT_DAEMON;
  const parts = text.split(/[\s,]+/);
  if (parts.length === 1) return (text.startsWith('udp:') || text.startsWith('tcp:') ? undefined : hostPort(text)) ?? DEFAULT_DAEMON;
  const udp = parts.find((p) => p.startsWith('udp:'));
  return (udp && hostPort(udp.slice(4))) || DEFAULT_DAEMON;
};

export interface SegmentEmitter {
  send(doc: SubsegmentDocument): void;
}

/**
 * One unref'd UDP socket per process, created on the first send (untraced invocations never open it).
 * The address is read on every send, so a test (or a changed env) takes effect at once.
 */
export const createUdpEmitter = (daemonAddress: () => string | undefined = () => process.env.AWS_XRAY_DAEMON_ADDRESS): SegmentEmitter => {
  const sockets = new Map<'udp4' | 'udp6', Socket>();
  const socketFor = (kind: 'udp4' | 'udp6'): Socket => {
    let socket = sockets.get(kind);
    if (!socket) {
      // node:dgram is loaded by the first traced invocation, not at every cold start.
      const created = process.getBuiltinModule('node:dgram').createSocket(kind);
      created.on('error', () => {
        sockets.delete(kind);
        try {
          created.close();
        } catch {
          // already closed
        }
      });
      created.unref();
      socket = created;
      sockets.set(kind, socket);
    }
    return socket;
  };
  return {
    send(doc) {
      try {
        const packet = encodeDocument(doc);
        if (!packet) return;
        const { host, port } = parseDaemonAddress(daemonAddress());
        socketFor(isIPv6(host) ? 'udp6' : 'udp4').send(packet, port, host, () => undefined);
      } catch {
        // Tracing must never fail an invocation.
      }
    },
  };
};
