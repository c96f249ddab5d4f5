import { Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, StreamViewType, TableEncryptionV2, TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { StageConfig } from './stage';
import { TABLE_KEYS, TABLES, type KeyDefinition, type TableDefinition, type TableKey } from './tables';

/** A table together with its definition (env var name, indexes) for `AiccFunction.bindTable`. */
export interface TableBinding {
  readonly key: TableKey;
  readonly table: ITableV2;
  readonly definition: TableDefinition;
}

export interface StatefulStackProps extends StackProps {
  readonly stage: StageConfig;
}

const attr = (k: KeyDefinition) => ({ name: k.name, type: k.type === 'N' ? AttributeType.NUMBER : AttributeType.STRING });

/**
 * Data that outlives deployments: every table of lib/tables.ts and the customer-managed key that
 * encrypts them. Functions live in the stateless stack so they can be redeployed freely.
 */
export class StatefulStack extends Stack {
  readonly dataKey: Key;
  readonly tables: Record<TableKey, TableBinding>;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { stage } = props;

    this.dataKey = new Key(this, 'DataKey', {
      description: 'Seed AICC: encrypts customer data, conversations and callbacks at rest',
      enableKeyRotation: true,
      removalPolicy: stage.removalPolicy,
    });

    const bindings: Partial<Record<TableKey, TableBinding>> = {};
    for (const key of TABLE_KEYS) {
      const def: TableDefinition = TABLES[key];
      const table = new TableV2(this, `${key[0]?.toUpperCase()}${key.slice(1)}Table`, {
        partitionKey: attr(def.partitionKey),
        ...(def.sortKey ? { sortKey: attr(def.sortKey) } : {}),
        billing: Billing.onDemand(),
        encryption: TableEncryptionV2.customerManagedKey(this.dataKey),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: stage.deletionProtection,
        removalPolicy: stage.removalPolicy,
        ...(def.ttlAttribute ? { timeToLiveAttribute: def.ttlAttribute } : {}),
        ...(def.stream ? { dynamoStream: def.stream === 'NEW_IMAGE' ? StreamViewType.NEW_IMAGE : StreamViewType.NEW_AND_OLD_IMAGES } : {}),
        globalSecondaryIndexes: def.indexes.map((index) => ({
          indexName: index.indexName,
          partitionKey: attr(index.partitionKey),
          ...(index.sortKey ? { sortKey: attr(index.sortKey) } : {}),
          ...(typeof index.projection === 'string'
            ? { projectionType: index.projection === 'ALL' ? ('ALL' as never) : ('KEYS_ONLY' as never) }
            : { projectionType: 'INCLUDE' as never, nonKeyAttributes: [...index.projection] }),
        })),
      });
      bindings[key] = { key, table, definition: def };
    }
    this.tables = bindings as Record<TableKey, TableBinding>;
  }
}
