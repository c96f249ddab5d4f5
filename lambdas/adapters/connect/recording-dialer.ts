import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CallDialer, OutboundCallRequest } from '@domain/callbacks/ports';
import { systemClock, type Clock } from '@domain/clock';

/** One call the local dialer would have placed. The number is kept masked: this record may be shown or logged. */
export interface RecordedCall {
  readonly at: string;
  readonly contactId: string;
  readonly callbackId: string;
  readonly attempt: number;
  readonly clientToken: string;
  readonly destinationMasked: string;
  readonly attributes: Readonly<Record<string, string>>;
}

const maskE164 = (e164: string): string => (e164.length > 6 ? `${e164.slice(0, 5)}${'*'.repeat(e164.length - 9)}${e164.slice(-4)}` : '****');

/**
 * The dialer of `npm start` (no AWS, no telephone): records the calls it would place, in memory and
 * optionally as JSON lines in a file. Like Connect it is idempotent on the ClientToken: the same
 * token gets the same contact id and is recorded once.
 */
export class RecordingDialer implements CallDialer {
  readonly calls: RecordedCall[] = [];
  readonly #byToken = new Map<string, string>();

  constructor(private readonly options: { readonly file?: string; readonly clock?: Clock } = {}) {
    if (options.file) mkdirSync(dirname(options.file), { recursive: true });
  }

  async dial(request: OutboundCallRequest): Promise<{ contactId: string }> {
    const known = this.#byToken.get(request.clientToken);
    if (known) return { contactId: known };
    const digest = createHash('sha256').update(request.clientToken).digest('hex');
    const contactId = `local-${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
    this.#byToken.set(request.clientToken, contactId);
    const call: RecordedCall = {
      at: (this.options.clock ?? systemClock).now().toISOString(),
      contactId,
      callbackId: request.callbackId,
      attempt: request.attempt,
      clientToken: request.clientToken,
      destinationMasked: maskE164(request.destinationE164),
      attributes: { ...request.attributes },
    };
    this.calls.push(call);
    if (this.options.file) appendFileSync(this.options.file, `${JSON.stringify(call)}\n`);
    return { contactId };
  }
}
