import { ConnectClient, StartOutboundVoiceContactCommand, type StartOutboundVoiceContactRequest } from '@aws-sdk/client-connect';
import { DialError, type CallDialer, type OutboundCallRequest } from '@domain/callbacks/ports';
import { timedHttpHandler } from '../../platform/http-handler';
import { traceClient } from '../../platform/tracing';

/**
 * `CallDialer` on Amazon Connect `StartOutboundVoiceContact`: the outbound callback flow runs once
 * the customer answers, then puts the contact into the callback queue for an agent.
 */
export interface ConnectDialerConfig {
  readonly instanceId: string;
  /** The outbound callback contact flow (delivered with the Connect stack). */
  readonly contactFlowId: string;
  /** The callback queue: its outbound caller id is what the customer sees. */
  readonly queueId: string;
  /** Optional explicit caller id (E.164) instead of the queue's. */
  readonly sourcePhoneNumber?: string;
}

export interface ConnectClientOptions {
  readonly region?: string;
  readonly endpoint?: string;
  readonly requestTimeoutMs?: number;
  readonly maxAttempts?: number;
}

/**
 * Module-scope client with explicit timeouts: a dispatcher run must not hang on one dial. The SDK's
 * own retries are kept low because the ClientToken makes our retry of the same attempt safe anyway.
 */
export const createConnectClient = (options: ConnectClientOptions = {}): ConnectClient =>
  traceClient(new ConnectClient({
    region: options.region ?? process.env.AWS_REGION ?? 'ap-northeast-2',
    maxAttempts: options.maxAttempts ?? 2,
    requestHandler: timedHttpHandler({ requestTimeoutMs: options.requestTimeoutMs ?? 3000, connectionTimeoutMs: 1000 }),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  }));

const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException', 'LimitExceededException', 'ServiceQuotaExceededException']);
/** Only what is about this one number: instance-wide problems (outbound disabled, bad flow id) must not fail every callback. */
const REJECTED = new Set(['DestinationNotAllowedException']);

export const classifyConnectError = (error: unknown): DialError => {
  const name = error instanceof Error ? error.name : 'UnknownError';
  const message = `StartOutboundVoiceContact failed (${name})`;
  if (THROTTLED.has(name)) return new DialError('THROTTLED', message, { cause: error });
  if (REJECTED.has(name)) return new DialError('REJECTED', message, { cause: error });
  // Timeouts, 5xx, access or configuration problems: the call may or may not exist; retried later with the same token.
  return new DialError('UNAVAILABLE', message, { cause: error });
};

export class ConnectCallDialer implements CallDialer {
  constructor(
    private readonly client: ConnectClient,
    private readonly config: ConnectDialerConfig,
  ) {}

  buildRequest(request: OutboundCallRequest): StartOutboundVoiceContactRequest {
    return {
      InstanceId: this.config.instanceId,
      ContactFlowId: this.config.contactFlowId,
      QueueId: this.config.queueId,
      DestinationPhoneNumber: request.destinationE164,
      ClientToken: request.clientToken,
      Attributes: { ...request.attributes },
      ...(this.config.sourcePhoneNumber ? { SourcePhoneNumber: this.config.sourcePhoneNumber } : {}),
    };
  }

  async dial(request: OutboundCallRequest): Promise<{ contactId: string }> {
    let contactId: string | undefined;
    try {
      const out = await this.client.send(new StartOutboundVoiceContactCommand(this.buildRequest(request)));
      contactId = out.ContactId;
    } catch (error) {
      throw classifyConnectError(error);
    }
    if (!contactId) throw new DialError('UNAVAILABLE', 'StartOutboundVoiceContact returned no ContactId');
    return { contactId };
  }
}
