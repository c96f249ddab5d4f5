/**
 * SSM parameters (under `/aicc/<stage>/connect/`) in which the contact-center stack publishes what the
 * callback dialer needs. Plain data: the CDK stacks and the dispatcher share these names.
 */
export const CONNECT_PARAMETER_NAMES = {
  instanceId: 'instance-id',
  flowArn: 'callback-flow-arn',
  queueArn: 'callback-queue-arn',
} as const;
