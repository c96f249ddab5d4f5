/**
 * Every DynamoDB table, defined once as plain data (no CDK import, so runtime code can use it).
 * The stateful CDK stack, the integration-test harness and the local runtime all create tables
 * from these definitions; nothing else declares a key schema.
 */
export type AttributeType = 'S' | 'N';

export interface KeyDefinition {
  readonly name: string;
  readonly type: AttributeType;
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyDefinition;
  readonly sortKey?: KeyDefinition;
  /** `ALL`, `KEYS_ONLY`, or the non-key attributes to project */
  readonly projection: 'ALL' | 'KEYS_ONLY' | readonly string[];
}

export interface TableDefinition {
  /** Environment variable through which a Lambda receives the table name */
  readonly envVar: string;
  readonly description: string;
  readonly partitionKey: KeyDefinition;
  readonly sortKey?: KeyDefinition;
  readonly indexes: readonly IndexDefinition[];
  /** Epoch-seconds attribute DynamoDB expires items by */
  readonly ttlAttribute?: string;
  readonly stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
}

export const TABLES = {
  customers: {
    envVar: 'CUSTOMERS_TABLE',
    description: 'Customer directory: profile, tier, PIN hash and PIN-attempt lock',
    partitionKey: { name: 'customerId', type: 'S' },
    indexes: [{ indexName: 'byPhone', partitionKey: { name: 'phoneE164', type: 'S' }, projection: 'ALL' }],
  },
  kakaoRequests: {
    envVar: 'KAKAO_REQUESTS_TABLE',
    description: 'Kakao skill requests by idempotency key: state, final reply, callback outcome (minutes of TTL)',
    partitionKey: { name: 'requestKey', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiresAt',
  },
  coachingSessions: {
    envVar: 'COACHING_SESSIONS_TABLE',
    description: 'Coaching bot sessions per Kakao user, versioned; expire 24 h after the last message',
    partitionKey: { name: 'userId', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiresAt',
    // The statistics aggregator (issue 8) counts crisis detections from old → new session images.
    stream: 'NEW_AND_OLD_IMAGES',
  },
  kakaoDialogs: {
    envVar: 'KAKAO_DIALOGS_TABLE',
    description: 'Kakao service bot callback-booking dialogs per user (phone → time → confirm), versioned; expire after 30 minutes',
    partitionKey: { name: 'userId', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiresAt',
  },
  coachingArchive: {
    envVar: 'COACHING_ARCHIVE_TABLE',
    description: 'Completed coaching sessions (type, stages reached, turns, crisis flag, timestamps; no message text)',
    partitionKey: { name: 'userId', type: 'S' },
    sortKey: { name: 'sessionId', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiresAt',
  },
  callbacks: {
    envVar: 'CALLBACKS_TABLE',
    description:
      'Customer callbacks (CALLBACK#id) plus the single-write coordination items beside them: the active-callback lock per phone (ACTIVE#e164), ' +
      '30-minute slot counters (SLOT#iso), per-minute dial-rate counters (RATE#iso) and outbound contact links (CONTACT#id)',
    partitionKey: { name: 'pk', type: 'S' },
    indexes: [
      // The dispatcher's work list: PENDING by due time, DIALING by lease expiry; terminal items by end time (operations listing).
      { indexName: 'byStatusDue', partitionKey: { name: 'status', type: 'S' }, sortKey: { name: 'dueAt', type: 'S' }, projection: 'ALL' },
      // Operations listing: every callback booked for a Seoul day, in time order.
      { indexName: 'byDay', partitionKey: { name: 'scheduledDay', type: 'S' }, sortKey: { name: 'scheduledAt', type: 'S' }, projection: 'ALL' },
    ],
    ttlAttribute: 'expiresAt',
  },
  conversations: {
    envVar: 'CONVERSATIONS_TABLE',
    description:
      'Conversation log and session state of the customer-service bot: one item per turn (masked user text, intent, answer, decision, state after the turn). The latest turn is the session; the opening turn carries the by-day key and the first turn that knows the customer carries the by-customer key (sparse indexes).',
    partitionKey: { name: 'conversationId', type: 'S' },
    sortKey: { name: 'turn', type: 'N' },
    indexes: [
      {
        indexName: 'byDay',
        partitionKey: { name: 'dayKey', type: 'S' },
        sortKey: { name: 'startedAt', type: 'S' },
        projection: ['channel', 'customerId', 'tier', 'intent', 'action', 'at'],
      },
      {
        indexName: 'byCustomer',
        partitionKey: { name: 'customerIndexKey', type: 'S' },
        sortKey: { name: 'startedAt', type: 'S' },
        projection: ['channel', 'customerId', 'tier', 'intent', 'action', 'at', 'dayKey'],
      },
      // Operations (issue 8): every escalation turn carries `escalationDay` (Seoul day of the turn), so the same
      // single write that stores the turn feeds this sparse index (no extra request on the chatbot's hot path).
      {
        indexName: 'escalationsByDay',
        partitionKey: { name: 'escalationDay', type: 'S' },
        sortKey: { name: 'at', type: 'S' },
        projection: ['channel', 'customerId', 'tier', 'intent', 'targetQueue', 'priority', 'escalationReason', 'summary', 'startedAt', 'turn'],
      },
    ],
    ttlAttribute: 'expiresAt',
    // The statistics aggregator (issue 8) counts each new turn from this stream, off the chatbot's hot path.
    stream: 'NEW_IMAGE',
  },
  faq: {
    envVar: 'FAQ_TABLE',
    description:
      'FAQ entries answered by the bots and edited by supervisors: `version` for optimistic updates, soft delete (`deleted` set, `activeKey` removed so the sparse `active` index lists only live entries).',
    partitionKey: { name: 'faqId', type: 'S' },
    indexes: [
      { indexName: 'byCategory', partitionKey: { name: 'category', type: 'S' }, sortKey: { name: 'faqId', type: 'S' }, projection: 'ALL' },
      { indexName: 'active', partitionKey: { name: 'activeKey', type: 'S' }, sortKey: { name: 'faqId', type: 'S' }, projection: 'ALL' },
    ],
  },
  statistics: {
    envVar: 'STATISTICS_TABLE',
    description:
      'Daily operations statistics as atomic counters (ADD), one item per Seoul day, channel and hash bucket of the conversation: ' +
      'counters `n_*` plus, per conversation or coaching user, the set of turns/versions already counted (`t_*`, `v_*`) so a stream ' +
      'record delivered twice is counted once, in the same single conditional write. Reading a day is one Query.',
    partitionKey: { name: 'statsDay', type: 'S' },
    sortKey: { name: 'shard', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiresAt',
  },
} as const satisfies Record<string, TableDefinition>;

export type TableKey = keyof typeof TABLES;
export const TABLE_KEYS = Object.keys(TABLES) as TableKey[];

/** Physical name used by the local runtime and tests (CDK lets CloudFormation name tables). */
export const localTableName = (prefix: string, key: TableKey): string => `${prefix}-${key}`;

/** The `CreateTable` request for a definition (shape of the DynamoDB API; no SDK import needed). */
export const createTableRequest = (key: TableKey, tableName: string) => {
  const def: TableDefinition = TABLES[key];
  const keys = [def.partitionKey, def.sortKey, ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey])].filter(
    (k): k is KeyDefinition => k !== undefined,
  );
  const attributes = [...new Map(keys.map((k) => [k.name, k])).values()];
  const keySchema = (pk: KeyDefinition, sk?: KeyDefinition) => [
    { AttributeName: pk.name, KeyType: 'HASH' as const },
    ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributes.map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: keySchema(def.partitionKey, def.sortKey),
    ...(def.indexes.length > 0
      ? {
          GlobalSecondaryIndexes: def.indexes.map((i) => ({
            IndexName: i.indexName,
            KeySchema: keySchema(i.partitionKey, i.sortKey),
            Projection:
              typeof i.projection === 'string'
                ? { ProjectionType: i.projection }
                : { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...i.projection] },
          })),
        }
      : {}),
    ...(def.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: def.stream } } : {}),
  };
};
