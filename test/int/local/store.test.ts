import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
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
});
