import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../lambdas/adapters/dynamodb/client';
import { ensureTables, localDynamoClient, startLocalStore } from '../../../local/store';

describe('local store on its own thread (npm start)', () => {
  it('serves the DynamoDB protocol on 127.0.0.1 and closes', async () => {
    const store = await startLocalStore({ thread: true });
    const client = localDynamoClient(store.endpoint);
    try {
      const names = await ensureTables(client, 'thread-test');
      const listed = await client.send(new ListTablesCommand({}));
      expect(listed.TableNames).toEqual(expect.arrayContaining(Object.values(names)));
    } finally {
      client.destroy();
      await store.close();
    }
    await expect(fetch(store.endpoint)).rejects.toThrow();
  });

  it('fails to start (instead of hanging) when its port is taken', async () => {
    const first = await startLocalStore({ thread: true });
    try {
      await expect(startLocalStore({ thread: true, port: first.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });

  it('answers this process\'s document clients directly exactly as it answers HTTP clients', async () => {
    const store = await startLocalStore({ thread: true });
    const http = DynamoDBDocumentClient.from(localDynamoClient(store.endpoint));
    const direct = createDocumentClient({ endpoint: store.endpoint });
    try {
      const { kakaoDialogs: table } = await ensureTables(localDynamoClient(store.endpoint), 'thread-direct');
      const outcome = async (doc: DynamoDBDocumentClient, userId: string) => {
        const errors: string[] = [];
        const attempt = (p: Promise<unknown>) => p.then(() => 'ok', (e: Error) => e.name);
        await doc.send(new PutCommand({ TableName: table, Item: { userId, version: 1, dialog: { step: 'PHONE', failures: 0 }, note: '콜백 예약' } }));
        errors.push(await attempt(doc.send(new PutCommand({ TableName: table, Item: { userId }, ConditionExpression: 'attribute_not_exists(userId)' }))));
        errors.push(await attempt(doc.send(new GetCommand({ TableName: 'no-such-table', Key: { userId } }))));
        errors.push(await attempt(doc.send(new UpdateCommand({ TableName: table, Key: { userId }, UpdateExpression: 'ADD version :one', ExpressionAttributeValues: { ':one': 1 } }))));
        const item = (await doc.send(new GetCommand({ TableName: table, Key: { userId }, ConsistentRead: true }))).Item;
        const count = (await doc.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'userId = :u', ExpressionAttributeValues: { ':u': userId } }))).Count;
        return { errors, item: { ...item, userId: 'x' }, count };
      };
      const viaHttp = await outcome(http, 'via-http');
      expect(viaHttp.errors).toEqual(['ConditionalCheckFailedException', 'ResourceNotFoundException', 'ok']);
      expect(viaHttp.item).toMatchObject({ version: 2, note: '콜백 예약' });
      expect(await outcome(direct, 'direct')).toEqual(viaHttp);
    } finally {
      http.destroy();
      direct.destroy();
      await store.close();
    }
  });
});
