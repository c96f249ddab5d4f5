import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Deployment stage from CDK context (`-c stage=prod`). Prod keeps data (retain, deletion
 * protection) and logs longer; dev is disposable. Point-in-time recovery is on in both.
 */
export type StageName = 'dev' | 'prod';

export interface StageConfig {
  readonly name: StageName;
  /** `AiccDev`, `AiccProd`: prefix of stack names */
  readonly prefix: string;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  readonly logRetention: RetentionDays;
}

export const resolveStage = (value: unknown): StageConfig => {
  const name = value === undefined ? 'dev' : String(value);
  if (name !== 'dev' && name !== 'prod') throw new Error(`unknown stage "${name}" (use -c stage=dev or -c stage=prod)`);
  const prod = name === 'prod';
  return {
    name,
    prefix: prod ? 'AiccProd' : 'AiccDev',
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    deletionProtection: prod,
    logRetention: prod ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
  };
};
