import { ConnectClient, StartOutboundVoiceContactCommand } from '@aws-sdk/client-connect';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { DialError } from '@domain/callbacks/ports';
import { idFromConnectArn, ParameterizedConnectDialer, SsmConnectTargets } from '../../../lambdas/adapters/connect/connect-targets';

const INSTANCE = 'abcdabcd-1111-2222-3333-444455556666';
const PARAMS = [
  { Name: '/aicc/dev/connect/instance-id', Value: INSTANCE },
  { Name: '/aicc/dev/connect/callback-flow-arn', Value: `arn:aws:connect:ap-northeast-2:123456789012:instance/${INSTANCE}/contact-flow/flow-42` },
  { Name: '/aicc/dev/connect/callback-queue-arn', Value: `arn:aws:connect:ap-northeast-2:123456789012:instance/${INSTANCE}/queue/queue-7` },
];
const request = { callbackId: 'cb1', attempt: 1, destinationE164: '+821012345678', clientToken: 'callback-cb1-attempt-1', attributes: { callbackId: 'cb1' } };

const ssmMock = mockClient(SSMClient);
const connectMock = mockClient(ConnectClient);
beforeEach(() => {
  ssmMock.reset();
  connectMock.reset();
  connectMock.on(StartOutboundVoiceContactCommand).resolves({ ContactId: 'contact-1' });
});

const dialer = () =>
  new ParameterizedConnectDialer(new ConnectClient({ region: 'ap-northeast-2' }), new SsmConnectTargets(new SSMClient({ region: 'ap-northeast-2' }), '/aicc/dev/connect'));

describe('callback dialer with Connect targets from SSM', () => {
  it('reads the ids the contact-center stack published once, and dials with them', async () => {
    ssmMock.on(GetParametersCommand).resolves({ Parameters: PARAMS });
    const d = dialer();
    expect(await d.dial(request)).toEqual({ contactId: 'contact-1' });
    await d.dial({ ...request, clientToken: 'callback-cb2-attempt-1' });
    expect(ssmMock.commandCalls(GetParametersCommand)).toHaveLength(1);
    expect(ssmMock.commandCalls(GetParametersCommand)[0]?.args[0].input.Names).toEqual(PARAMS.map((p) => p.Name));
    expect(connectMock.commandCalls(StartOutboundVoiceContactCommand)[0]?.args[0].input).toEqual({
      InstanceId: INSTANCE,
      ContactFlowId: 'flow-42',
      QueueId: 'queue-7',
      DestinationPhoneNumber: '+821012345678',
      ClientToken: 'callback-cb1-attempt-1',
      Attributes: { callbackId: 'cb1' },
    });
  });

  it('fails the dial as UNAVAILABLE (retried later, same attempt) while the parameters are missing, then recovers', async () => {
    ssmMock.on(GetParametersCommand).resolvesOnce({ Parameters: PARAMS.slice(0, 1), InvalidParameters: [PARAMS[1]!.Name, PARAMS[2]!.Name] }).resolves({ Parameters: PARAMS });
    const d = dialer();
    await expect(d.dial(request)).rejects.toMatchObject({ name: 'DialError', kind: 'UNAVAILABLE' });
    expect(connectMock.commandCalls(StartOutboundVoiceContactCommand)).toHaveLength(0);
    expect(await d.dial(request)).toEqual({ contactId: 'contact-1' });
  });

  it('treats an SSM outage like a Connect outage', async () => {
    ssmMock.on(GetParametersCommand).rejects(Object.assign(new Error('timeout'), { name: 'TimeoutError' }));
    const error = await dialer().dial(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DialError);
    expect((error as DialError).kind).toBe('UNAVAILABLE');
  });

  it('takes the id off a Connect ARN and leaves a bare id alone', () => {
    expect(idFromConnectArn(PARAMS[2]!.Value)).toBe('queue-7');
    expect(idFromConnectArn(INSTANCE)).toBe(INSTANCE);
  });
});
