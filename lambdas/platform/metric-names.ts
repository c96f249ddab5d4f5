/** CloudWatch namespace of every custom metric; dashboards and alarms in CDK use the same constant. */
export const METRIC_NAMESPACE = 'SeedAICC';
