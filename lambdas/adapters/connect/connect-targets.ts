import { GetParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { DialError, type CallDialer, type OutboundCallRequest } from '@domain/callbacks/ports';
import { CONNECT_PARAMETER_NAMES } from '../../platform/connect-parameters';
import { ConnectCallDialer, type ConnectDialerConfig } from './outbound-dialer';
import type { ConnectClient } from '@aws-sdk/client-connect';

/**
 * Where the dialer finds the Connect instance, outbound flow and callback queue it dials with.
 *
 * The contact-center stack is deployed after the functions (its flows call them), so the functions
 * cannot receive these ids as environment variables without a dependency cycle. The contact-center
 * stack publishes them as SSM parameters under `/aicc/<stage>/connect/` and grants the dispatcher
 * StartOutboundVoiceContact on exactly that flow and queue; the dispatcher reads them on its first
 * dial and keeps them for the life of the process.
 */
export { CONNECT_PARAMETER_NAMES };

/** `arn:aws:connect:…:instance/<instance>/queue/<queue>` → `<queue>` */
export const idFromConnectArn = (arnOrId: string): string => arnOrId.slice(arnOrId.lastIndexOf('/') + 1);

export class SsmConnectTargets {
  #pending?: Promise<ConnectDialerConfig>;

  constructor(
    private readonly ssm: SSMClient,
    /** `/aicc/dev/connect` */
    private readonly path: string,
    private readonly sourcePhoneNumber?: string,
  ) {}

  /** Resolved once per process; a failed lookup is retried on the next call. */
  resolve(): Promise<ConnectDialerConfig> {
    this.#pending ??= this.#load().catch((error: unknown) => {
      this.#pending = undefined;
      throw error;
    });
    return this.#pending;
  }

  async #load(): Promise<ConnectDialerConfig> {
    const names = Object.values(CONNECT_PARAMETER_NAMES).map((n) => `${this.path}/${n}`);
    const out = await this.ssm.send(new GetParametersCommand({ Names: names }));
    const value = (name: string): string => {
      const found = out.Parameters?.find((p) => p.Name === `${this.path}/${name}`)?.Value?.trim();
      if (!found) throw new Error(`SSM parameter ${this.path}/${name} is missing: deploy the contact-center stack first`);
      return found;
    };
    return {
      instanceId: idFromConnectArn(value(CONNECT_PARAMETER_NAMES.instanceId)),
      contactFlowId: idFromConnectArn(value(CONNECT_PARAMETER_NAMES.flowArn)),
      queueId: idFromConnectArn(value(CONNECT_PARAMETER_NAMES.queueArn)),
      ...(this.sourcePhoneNumber ? { sourcePhoneNumber: this.sourcePhoneNumber } : {}),
    };
  }
}

/**
 * A Connect dialer whose targets come from {@link SsmConnectTargets}. If they cannot be read the dial
 * fails as UNAVAILABLE: the callback stays with the same attempt and is tried again on a later run.
 */
export class ParameterizedConnectDialer implements CallDialer {
  constructor(
    private readonly client: ConnectClient,
    private readonly targets: Pick<SsmConnectTargets, 'resolve'>,
  ) {}

  async dial(request: OutboundCallRequest): Promise<{ contactId: string }> {
    let config: ConnectDialerConfig;
    try {
      config = await this.targets.resolve();
    } catch (error) {
      throw new DialError('UNAVAILABLE', 'Connect targets could not be read from SSM', { cause: error });
    }
    return new ConnectCallDialer(this.client, config).dial(request);
  }
}
