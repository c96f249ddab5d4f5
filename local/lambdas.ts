/**
 * The Lambdas the local runtime and the invoker can run in-process, by name.
 * Each entry loads the real handler module (its env must be set first: modules read config at load).
 */
export interface LambdaModule {
  handler: (event: unknown, context: unknown) => Promise<unknown>;
}

export const LOCAL_LAMBDAS: Record<string, { logicalId: string; load: () => Promise<LambdaModule> }> = {
  'customer-validation': {
    logicalId: 'CustomerValidationFunction',
    load: async () => (await import('../lambdas/customer-validation/handler')) as unknown as LambdaModule,
  },
  'kakao-webhook': {
    logicalId: 'KakaoWebhookFunction',
    load: async () => (await import('../lambdas/kakao-webhook/handler')) as unknown as LambdaModule,
  },
  'kakao-webhook-worker': {
    logicalId: 'KakaoWebhookWorkerFunction',
    load: async () => (await import('../lambdas/kakao-webhook/worker')) as unknown as LambdaModule,
  },
  'callback-scheduler': {
    logicalId: 'CallbackSchedulerFunction',
    load: async () => (await import('../lambdas/callback-scheduler/handler')) as unknown as LambdaModule,
  },
  'callback-dispatcher': {
    logicalId: 'CallbackDispatcherFunction',
    load: async () => (await import('../lambdas/callback-scheduler/dispatcher')) as unknown as LambdaModule,
  },
  'chatbot-handler': {
    logicalId: 'ChatbotHandlerFunction',
    load: async () => (await import('../lambdas/chatbot-handler/handler')) as unknown as LambdaModule,
  },
  'admin-api': {
    logicalId: 'AdminApiFunction',
    load: async () => (await import('../lambdas/admin-api/handler')) as unknown as LambdaModule,
  },
  'statistics-aggregator': {
    logicalId: 'StatisticsAggregatorFunction',
    load: async () => (await import('../lambdas/statistics-aggregator/handler')) as unknown as LambdaModule,
  },
};

/** A Lambda context good enough for Powertools and middy when running outside Lambda. */
export const localContext = (functionName: string) => ({
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:ap-northeast-2:000000000000:function:${functionName}`,
  memoryLimitInMB: '256',
  awsRequestId: `local-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 8000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
